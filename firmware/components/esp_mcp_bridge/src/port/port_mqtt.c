/* esp-mqtt client of the bridge: Last Will, subscribe on every connect, reconnect with backoff + jitter,
 * reassembly of fragmented MQTT_EVENT_DATA. The MQTT task never takes the bridge lock: it hands complete
 * messages to the worker task through a queue, so a worker publishing under the lock cannot deadlock. */
#include <stdlib.h>
#include <string.h>

#include "esp_log.h"
#include "mcp_messages.h"
#include "port_internal.h"
#if CONFIG_MCP_BRIDGE_TLS_CRT_BUNDLE
#include "esp_crt_bundle.h"
#endif

static const char *TAG = "mcp_mqtt";

static void post(bridge_ctx_t *b, bridge_event_t *ev)
{
    if (xQueueSend(b->events, ev, 0) == pdTRUE) return;
    free(ev->data);
    ESP_LOGW(TAG, "worker queue full, event %d dropped", (int)ev->kind);
}

/* The worker queue is full: answer the command (or read request) here with an error, using only pure core functions and
 * data that does not change after start (prefix, device id). */
static void answer_queue_full(bridge_ctx_t *b, const bridge_event_t *ev)
{
    mcp_command_t cmd;
    mcp_decode_error_t err;
    mcp_topic_t t;
    char reason[MCP_REASON_MAX], topic[MCP_TOPIC_MAX];
    if (!mcp_topic_parse(ev->topic, ev->topic_len, b->prefix, &t, reason, sizeof reason)) return;
    bool ok = mcp_command_decode(ev->data, ev->len, &cmd, &err);
    /* a read request does not decode as a command, but its request_id is salvaged all the same */
    const char *rid = ok ? cmd.request_id : (err.has_request_id ? err.request_id : NULL);
    bool read = t.kind == MCP_TOPIC_SENSOR_READ;
    const char *what = read ? "worker queue full, read request dropped" : "command queue full, command dropped";
    mcp_error_t e = {MCP_SEV_WARNING, "queue_full", what, rid, read ? t.component_id : NULL,
                     read ? NULL : t.component_id, false, 0};
    cJSON *json = mcp_build_error(&e, reason, sizeof reason);
    char *text = json ? cJSON_PrintUnformatted(json) : NULL;
    if (text && mcp_topic_build(topic, sizeof topic, b->prefix, b->device_id, MCP_TOPIC_ERROR, NULL))
        esp_mqtt_client_publish(b->mqtt, topic, text, (int)strlen(text), 1, 0);
    cJSON_free(text);
    cJSON_Delete(json);
}

static void on_data(bridge_ctx_t *b, esp_mqtt_event_handle_t e)
{
    /* topic and data are NOT NUL-terminated; only the first fragment carries the topic */
    size_t total = e->total_data_len > 0 ? (size_t)e->total_data_len : 0;
    size_t offset = e->current_data_offset > 0 ? (size_t)e->current_data_offset : 0;
    size_t len = e->data_len > 0 ? (size_t)e->data_len : 0;
    size_t tlen = e->topic_len > 0 ? (size_t)e->topic_len : 0;
    mcp_reasm_status_t st = mcp_reasm_feed(&b->reasm, offset == 0 ? e->topic : NULL, offset == 0 ? tlen : 0, e->data,
                                           len, offset, total);
    if (st == MCP_REASM_PARTIAL || st == MCP_REASM_BAD_SEQUENCE) return;
    bridge_event_t ev = {.kind = EV_MESSAGE};
    memcpy(ev.topic, b->reasm.topic, b->reasm.topic_len);
    ev.topic_len = b->reasm.topic_len;
    if (st == MCP_REASM_TOO_LARGE) {
        ev.len = b->reasm.total_len; /* data NULL: the worker answers "too large" */
        post(b, &ev);
        return;
    }
    ev.len = b->reasm.received;
    ev.data = malloc(ev.len ? ev.len : 1);
    if (ev.data == NULL) {
        ESP_LOGE(TAG, "no memory for a %u byte command", (unsigned)ev.len);
        return;
    }
    memcpy(ev.data, b->rx_buf, ev.len);
    if (uxQueueSpacesAvailable(b->events) == 0) {
        answer_queue_full(b, &ev);
        free(ev.data);
        return;
    }
    post(b, &ev);
}

static void reconnect_later(bridge_ctx_t *b)
{
    uint32_t delay = mcp_backoff_next(&b->mqtt_backoff);
    ESP_LOGI(TAG, "MQTT reconnect in %u ms", (unsigned)delay);
    esp_timer_stop(b->mqtt_timer); /* not running is fine */
    esp_timer_start_once(b->mqtt_timer, (uint64_t)delay * 1000u);
}

static void mqtt_event(void *arg, esp_event_base_t base, int32_t id, void *data)
{
    (void)base;
    bridge_ctx_t *b = arg;
    esp_mqtt_event_handle_t e = data;
    char filter[MCP_TOPIC_MAX];
    bridge_event_t ev = {0};
    switch ((esp_mqtt_event_id_t)id) {
    case MQTT_EVENT_CONNECTED:
        ESP_LOGI(TAG, "connected (session_present=%d)", e->session_present);
        mcp_backoff_reset(&b->mqtt_backoff);
        xEventGroupSetBits(b->bits, BIT_MQTT_UP);
        if (mcp_topic_cmd_filter(filter, sizeof filter, b->prefix, b->device_id))
            esp_mqtt_client_subscribe(b->mqtt, filter, 1);
        /* the second filter: read requests (capabilities list sensor_read) */
        if (mcp_topic_read_filter(filter, sizeof filter, b->prefix, b->device_id))
            esp_mqtt_client_subscribe(b->mqtt, filter, 1);
        ev.kind = EV_CONNECTED; /* the worker republishes capabilities, status and actuator states */
        post(b, &ev);
        break;
    case MQTT_EVENT_DISCONNECTED:
        ESP_LOGW(TAG, "disconnected");
        xEventGroupClearBits(b->bits, BIT_MQTT_UP);
        ev.kind = EV_DISCONNECTED;
        post(b, &ev);
        if (!(xEventGroupGetBits(b->bits) & BIT_STOP)) reconnect_later(b);
        break;
    case MQTT_EVENT_DATA:
        on_data(b, e);
        break;
    case MQTT_EVENT_ERROR:
        if (e->error_handle && e->error_handle->error_type == MQTT_ERROR_TYPE_TCP_TRANSPORT)
            ESP_LOGW(TAG, "transport error: tls 0x%x, errno %d", e->error_handle->esp_tls_last_esp_err,
                     e->error_handle->esp_transport_sock_errno);
        break;
    default:
        break;
    }
}

static void mqtt_timer_cb(void *arg)
{
    bridge_ctx_t *b = arg;
    if (b->mqtt && !(xEventGroupGetBits(b->bits) & (BIT_STOP | BIT_MQTT_UP))) esp_mqtt_client_reconnect(b->mqtt);
}

esp_err_t port_mqtt_create(bridge_ctx_t *b)
{
    if (!mcp_device_lwt(&b->dev, b->lwt_topic, sizeof b->lwt_topic, b->lwt_payload, sizeof b->lwt_payload))
        return ESP_ERR_INVALID_ARG;
    b->rx_buf = malloc(b->cfg.rx_buffer_size);
    if (b->rx_buf == NULL) return ESP_ERR_NO_MEM;
    mcp_reasm_init(&b->reasm, b->rx_buf, b->cfg.rx_buffer_size);
    mcp_backoff_init(&b->mqtt_backoff, b->cfg.backoff_base_ms, b->cfg.backoff_max_ms, port_random, NULL);

    esp_mqtt_client_config_t mc = {0};
    mc.broker.address.uri = b->broker_uri;
    if (strncmp(b->broker_uri, "mqtts://", 8) == 0) {
        if (b->cfg.tls_ca_pem) mc.broker.verification.certificate = b->cfg.tls_ca_pem;
#if CONFIG_MCP_BRIDGE_TLS_CRT_BUNDLE
        else if (b->cfg.tls_use_crt_bundle) mc.broker.verification.crt_bundle_attach = esp_crt_bundle_attach;
#endif
    }
    mc.credentials.client_id = b->device_id; /* the protocol's client id is the device id */
    if (b->username[0]) mc.credentials.username = b->username;
    if (b->password[0]) mc.credentials.authentication.password = b->password;
    mc.session.keepalive = 30;
    mc.session.disable_clean_session = false; /* stale commands must not run after a reconnect */
    mc.session.last_will.topic = b->lwt_topic;
    mc.session.last_will.msg = b->lwt_payload;
    mc.session.last_will.msg_len = (int)strlen(b->lwt_payload);
    mc.session.last_will.qos = 1;
    mc.session.last_will.retain = 1;
    mc.network.disable_auto_reconnect = true; /* we reconnect with backoff + jitter instead of a fixed 10 s */
    mc.buffer.size = CONFIG_MCP_BRIDGE_MQTT_BUFFER_SIZE;
    mc.buffer.out_size = CONFIG_MCP_BRIDGE_MQTT_BUFFER_SIZE;
    b->mqtt = esp_mqtt_client_init(&mc);
    if (b->mqtt == NULL) return ESP_FAIL;
    esp_err_t err = esp_mqtt_client_register_event(b->mqtt, (esp_mqtt_event_id_t)ESP_EVENT_ANY_ID, mqtt_event, b);
    if (err != ESP_OK) return err;
    const esp_timer_create_args_t targs = {.callback = mqtt_timer_cb, .arg = b, .name = "mcp_mqtt_retry"};
    return esp_timer_create(&targs, &b->mqtt_timer);
}

esp_err_t port_mqtt_start(bridge_ctx_t *b)
{
    if (b->mqtt == NULL || b->mqtt_started) return ESP_OK;
    esp_err_t err = esp_mqtt_client_start(b->mqtt);
    if (err == ESP_OK) b->mqtt_started = true;
    return err;
}

void port_mqtt_destroy(bridge_ctx_t *b)
{
    if (b->mqtt_timer) {
        esp_timer_stop(b->mqtt_timer);
        esp_timer_delete(b->mqtt_timer);
        b->mqtt_timer = NULL;
    }
    if (b->mqtt) {
        esp_mqtt_client_disconnect(b->mqtt);
        esp_mqtt_client_stop(b->mqtt);
        esp_mqtt_client_destroy(b->mqtt);
        b->mqtt = NULL;
    }
    b->mqtt_started = false;
    free(b->rx_buf);
    b->rx_buf = NULL;
}
