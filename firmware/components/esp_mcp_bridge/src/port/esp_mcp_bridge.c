/* Public API of esp_mcp_bridge on ESP-IDF: configuration, registration, the worker task (commands and
 * connect events) and the sensor task (periodic reads, status heartbeat, watchdog, offline reboot). */
#include <stdlib.h>
#include <string.h>

#include "esp_app_desc.h"
#include "esp_log.h"
#include "esp_system.h"
#include "esp_task_wdt.h"
#include "port_internal.h"

static const char *TAG = "mcp_bridge";
bridge_ctx_t *g_bridge;

void bridge_lock(void) { xSemaphoreTakeRecursive(g_bridge->lock, portMAX_DELAY); }
void bridge_unlock(void) { xSemaphoreGiveRecursive(g_bridge->lock); }

void mcp_bridge_config_default(mcp_bridge_config_t *c)
{
    memset(c, 0, sizeof *c);
    c->wifi_ssid = CONFIG_MCP_BRIDGE_WIFI_SSID;
    c->wifi_password = CONFIG_MCP_BRIDGE_WIFI_PASSWORD;
    c->broker_uri = CONFIG_MCP_BRIDGE_BROKER_URI;
    c->mqtt_username = CONFIG_MCP_BRIDGE_MQTT_USERNAME;
    c->mqtt_password = CONFIG_MCP_BRIDGE_MQTT_PASSWORD;
    c->device_id = CONFIG_MCP_BRIDGE_DEVICE_ID;
    c->bridge_prefix = CONFIG_MCP_BRIDGE_PREFIX;
    c->sensor_interval_ms = CONFIG_MCP_BRIDGE_SENSOR_INTERVAL_MS;
    c->status_interval_ms = CONFIG_MCP_BRIDGE_STATUS_INTERVAL_MS;
    c->sensor_qos = CONFIG_MCP_BRIDGE_SENSOR_QOS;
    c->backoff_base_ms = CONFIG_MCP_BRIDGE_BACKOFF_BASE_MS;
    c->backoff_max_ms = CONFIG_MCP_BRIDGE_BACKOFF_MAX_MS;
    c->offline_buffer = CONFIG_MCP_BRIDGE_OFFLINE_BUFFER;
    c->rx_buffer_size = CONFIG_MCP_BRIDGE_RX_BUFFER_SIZE;
    c->command_queue_len = CONFIG_MCP_BRIDGE_COMMAND_QUEUE_LEN;
    c->cmd_burst = CONFIG_MCP_BRIDGE_CMD_BURST;
    c->cmd_interval_ms = CONFIG_MCP_BRIDGE_CMD_INTERVAL_MS;
#if CONFIG_MCP_BRIDGE_TLS_CRT_BUNDLE
    c->tls_use_crt_bundle = true;
#endif
#if CONFIG_MCP_BRIDGE_WATCHDOG
    c->enable_watchdog = true;
#endif
    c->offline_reboot_s = CONFIG_MCP_BRIDGE_OFFLINE_REBOOT_S;
}

static void copy_in(char *dst, size_t size, const char *src)
{
    if (src && src[0]) strlcpy(dst, src, size);
}

/* Adapter from the core's execute callback to the user's actuator callback. */
static bool run_actuator(const char *id, const mcp_command_t *cmd, mcp_actuator_state_t *next, void *user, char *msg,
                         size_t msg_size)
{
    actuator_slot_t *slot = user;
    if (slot->cb == NULL) return true;
    esp_err_t err = slot->cb(id, cmd, next, slot->user);
    if (err != ESP_OK) mcp_fmt(msg, msg_size, "actuator '%s' failed: %s", id, esp_err_to_name(err));
    return err == ESP_OK;
}

/* Adapter from the core's reader (a read request) to the user's sensor callback. */
static bool read_on_request(const char *id, mcp_value_t *value, mcp_quality_t *quality, void *user, char *msg,
                            size_t msg_size)
{
    sensor_slot_t *slot = user;
    xSemaphoreTake(g_bridge->read_lock, portMAX_DELAY); /* never at the same time as the sensor task's read */
    esp_err_t err = slot->read(id, value, quality, slot->user);
    xSemaphoreGive(g_bridge->read_lock);
    if (err != ESP_OK) mcp_fmt(msg, msg_size, "sensor '%s' failed: %s", id, esp_err_to_name(err));
    return err == ESP_OK;
}

esp_err_t mcp_bridge_init(const mcp_bridge_config_t *cfg)
{
    if (g_bridge != NULL) return ESP_ERR_INVALID_STATE;
    if (cfg == NULL) return ESP_ERR_INVALID_ARG;
    bridge_ctx_t *b = calloc(1, sizeof *b);
    if (b == NULL) return ESP_ERR_NO_MEM;
    b->cfg = *cfg;
    copy_in(b->ssid, sizeof b->ssid, cfg->wifi_ssid);
    copy_in(b->wifi_password, sizeof b->wifi_password, cfg->wifi_password);
    copy_in(b->broker_uri, sizeof b->broker_uri, cfg->broker_uri);
    copy_in(b->username, sizeof b->username, cfg->mqtt_username);
    copy_in(b->password, sizeof b->password, cfg->mqtt_password);
    copy_in(b->device_id, sizeof b->device_id, cfg->device_id);
    strlcpy(b->prefix, cfg->bridge_prefix && cfg->bridge_prefix[0] ? cfg->bridge_prefix : "devices", sizeof b->prefix);
    copy_in(b->name, sizeof b->name, cfg->device_name);
    const char *fw = cfg->firmware_version ? cfg->firmware_version : esp_app_get_description()->version;
    strlcpy(b->firmware_version, fw && fw[0] ? fw : "0.0.0", sizeof b->firmware_version);
    if (b->cfg.rx_buffer_size < 256) b->cfg.rx_buffer_size = 1024;
    if (b->cfg.command_queue_len == 0) b->cfg.command_queue_len = 8;
    if (b->cfg.sensor_interval_ms == 0) b->cfg.sensor_interval_ms = 10000;
    if (b->cfg.status_interval_ms == 0) b->cfg.status_interval_ms = 60000;

    esp_err_t err = port_nvs_init();
    if (err == ESP_OK) {
        port_nvs_load(b); /* NVS overrides Kconfig; device_id only if none was configured */
        if (b->device_id[0] == '\0') port_default_device_id(b->device_id, sizeof b->device_id);
        b->lock = xSemaphoreCreateRecursiveMutex();
        b->read_lock = xSemaphoreCreateMutex();
        b->bits = xEventGroupCreate();
        b->events = xQueueCreate(b->cfg.command_queue_len, sizeof(bridge_event_t));
        err = b->lock && b->read_lock && b->bits && b->events ? ESP_OK : ESP_ERR_NO_MEM;
    }
    char reason[MCP_REASON_MAX] = "";
    if (err == ESP_OK) {
        mcp_device_config_t dc = {.prefix = b->prefix, .device_id = b->device_id, .firmware_version = b->firmware_version,
                                  .name = b->name[0] ? b->name : NULL, .sensor_qos = b->cfg.sensor_qos,
                                  .offline_capacity = b->cfg.offline_buffer, .cmd_burst = b->cfg.cmd_burst,
                                  .cmd_interval_ms = b->cfg.cmd_interval_ms, .port = port_platform(b)};
        if (!mcp_device_init(&b->dev, &dc, reason, sizeof reason)) err = ESP_ERR_INVALID_ARG;
    }
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "init failed: %s %s", esp_err_to_name(err), reason);
        if (b->lock) vSemaphoreDelete(b->lock);
        if (b->read_lock) vSemaphoreDelete(b->read_lock);
        if (b->bits) vEventGroupDelete(b->bits);
        if (b->events) vQueueDelete(b->events);
        free(b);
        return err;
    }
    g_bridge = b;
    ESP_LOGI(TAG, "device '%s', firmware %s, broker %s", b->device_id, b->firmware_version, b->broker_uri);
    return ESP_OK;
}

esp_err_t mcp_bridge_init_default(void)
{
    mcp_bridge_config_t cfg;
    mcp_bridge_config_default(&cfg);
    return mcp_bridge_init(&cfg);
}

esp_err_t mcp_bridge_register_sensor(const mcp_sensor_info_t *info, mcp_sensor_read_cb_t read, void *user)
{
    if (g_bridge == NULL || info == NULL) return ESP_ERR_INVALID_STATE;
    char reason[MCP_REASON_MAX];
    esp_err_t err = ESP_OK;
    bridge_lock();
    size_t slot = g_bridge->dev.sensor_count;
    if (g_bridge->started) err = ESP_ERR_INVALID_STATE;
    else if (!mcp_device_add_sensor(&g_bridge->dev, info, reason, sizeof reason)) err = ESP_ERR_INVALID_ARG;
    else {
        g_bridge->sensors[slot] = (sensor_slot_t){read, user};
        /* a sensor with a read callback can also be read on request; one without is answered "not_readable" */
        if (read != NULL) mcp_device_set_sensor_reader(&g_bridge->dev, info->id, read_on_request, &g_bridge->sensors[slot]);
    }
    bridge_unlock();
    if (err == ESP_ERR_INVALID_ARG) ESP_LOGE(TAG, "sensor refused: %s", reason);
    return err;
}

esp_err_t mcp_bridge_register_actuator(const mcp_actuator_info_t *info, const mcp_actuator_state_t *initial,
                                       mcp_actuator_cb_t cb, void *user)
{
    if (g_bridge == NULL || info == NULL) return ESP_ERR_INVALID_STATE;
    char reason[MCP_REASON_MAX];
    esp_err_t err = ESP_OK;
    bridge_lock();
    size_t slot = g_bridge->dev.actuator_count;
    if (g_bridge->started || slot >= MCP_MAX_ACTUATORS) err = ESP_ERR_INVALID_STATE;
    else if ((g_bridge->actuators[slot] = (actuator_slot_t){cb, user}, false)) err = ESP_FAIL;
    else if (!mcp_device_add_actuator(&g_bridge->dev, info, initial, run_actuator, &g_bridge->actuators[slot], reason,
                                      sizeof reason))
        err = ESP_ERR_INVALID_ARG;
    bridge_unlock();
    if (err == ESP_ERR_INVALID_ARG) ESP_LOGE(TAG, "actuator refused: %s", reason);
    return err;
}

static void handle_event(bridge_ctx_t *b, bridge_event_t *ev)
{
    mcp_pending_t pending;
    mcp_intake_t what;
    bridge_lock();
    if (ev->kind == EV_CONNECTED) {
        b->offline_since_us = 0;
        mcp_device_on_connected(&b->dev);
    } else if (ev->kind == EV_DISCONNECTED) {
        mcp_device_on_disconnected(&b->dev);
        if (b->offline_since_us == 0) b->offline_since_us = esp_timer_get_time();
    } else if (ev->data == NULL) {
        mcp_device_reject_oversize(&b->dev, ev->topic, ev->topic_len, ev->len);
    } else if ((what = mcp_device_intake(&b->dev, ev->topic, ev->topic_len, ev->data, ev->len, &pending)) ==
               MCP_INTAKE_RUN) {
        mcp_device_execute(&b->dev, &pending); /* the user callback runs here, off the MQTT task */
    } else if (what == MCP_INTAKE_READ) {
        mcp_device_read(&b->dev, &pending); /* the sensor's read callback, at once, on this task */
    }
    bridge_unlock();
    free(ev->data);
}

static void worker_task(void *arg)
{
    bridge_ctx_t *b = arg;
    bridge_event_t ev;
    if (b->cfg.enable_watchdog) esp_task_wdt_add(NULL);
    while (!(xEventGroupGetBits(b->bits) & BIT_STOP)) {
        if (xQueueReceive(b->events, &ev, pdMS_TO_TICKS(1000)) == pdTRUE) handle_event(b, &ev);
        if (b->cfg.enable_watchdog) esp_task_wdt_reset();
    }
    while (xQueueReceive(b->events, &ev, 0) == pdTRUE) free(ev.data);
    if (b->cfg.enable_watchdog) esp_task_wdt_delete(NULL);
    b->worker_task = NULL;
    vTaskDelete(NULL);
}

static void read_sensors(bridge_ctx_t *b)
{
    for (size_t i = 0; i < b->dev.sensor_count; i++) {
        sensor_slot_t slot = b->sensors[i];
        if (slot.read == NULL) continue;
        mcp_value_t value;
        mcp_quality_t quality = MCP_QUALITY_GOOD;
        memset(&value, 0, sizeof value);
        const char *id = b->dev.sensors[i].id; /* immutable after start */
        xSemaphoreTake(b->read_lock, portMAX_DELAY); /* a read request may be reading this sensor too */
        esp_err_t err = slot.read(id, &value, &quality, slot.user); /* user code, outside the bridge lock */
        xSemaphoreGive(b->read_lock);
        bridge_lock();
        if (err != ESP_OK) {
            value.kind = MCP_VAL_NULL;
            quality = MCP_QUALITY_BAD;
            if (b->dev.connected)
                mcp_device_publish_error(&b->dev, MCP_SEV_ERROR, "sensor_failure", esp_err_to_name(err), NULL, id, NULL);
        }
        mcp_device_publish_reading(&b->dev, id, &value, quality);
        bridge_unlock();
    }
}

static void sensor_task(void *arg)
{
    bridge_ctx_t *b = arg;
    int64_t next_read = 0, next_status = esp_timer_get_time() + (int64_t)b->cfg.status_interval_ms * 1000;
    if (b->cfg.enable_watchdog) esp_task_wdt_add(NULL);
    while (!(xEventGroupGetBits(b->bits) & BIT_STOP)) {
        int64_t now = esp_timer_get_time();
        if (now >= next_read) {
            read_sensors(b);
            next_read = now + (int64_t)b->cfg.sensor_interval_ms * 1000;
        }
        if (now >= next_status && (xEventGroupGetBits(b->bits) & BIT_MQTT_UP)) {
            bridge_lock();
            mcp_device_publish_status(&b->dev, true, NULL);
            bridge_unlock();
            next_status = now + (int64_t)b->cfg.status_interval_ms * 1000;
        }
        int64_t since = b->offline_since_us;
        if (b->cfg.offline_reboot_s && since && now - since > (int64_t)b->cfg.offline_reboot_s * 1000000) {
            ESP_LOGE(TAG, "no MQTT for %u s, rebooting", (unsigned)b->cfg.offline_reboot_s);
            esp_restart();
        }
        if (b->cfg.enable_watchdog) esp_task_wdt_reset();
        vTaskDelay(pdMS_TO_TICKS(200));
    }
    if (b->cfg.enable_watchdog) esp_task_wdt_delete(NULL);
    b->sensor_task = NULL;
    vTaskDelete(NULL);
}

esp_err_t mcp_bridge_start(void)
{
    bridge_ctx_t *b = g_bridge;
    if (b == NULL || b->started) return ESP_ERR_INVALID_STATE;
    if (b->ssid[0] == '\0') ESP_LOGW(TAG, "no WiFi SSID configured (Kconfig or NVS key wifi_ssid)");
    b->started = true;
    b->offline_since_us = esp_timer_get_time();
    esp_err_t err = port_mqtt_create(b);
    if (err == ESP_OK &&
        (xTaskCreate(worker_task, "mcp_worker", CONFIG_MCP_BRIDGE_TASK_STACK, b, CONFIG_MCP_BRIDGE_TASK_PRIORITY,
                     &b->worker_task) != pdPASS ||
         xTaskCreate(sensor_task, "mcp_sensors", CONFIG_MCP_BRIDGE_TASK_STACK, b, CONFIG_MCP_BRIDGE_TASK_PRIORITY - 1 > 0
                     ? CONFIG_MCP_BRIDGE_TASK_PRIORITY - 1 : 1, &b->sensor_task) != pdPASS))
        err = ESP_ERR_NO_MEM;
    if (err == ESP_OK) err = port_wifi_start(b); /* MQTT starts when the first address arrives */
    if (err == ESP_OK) port_sntp_start(b);
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "start failed: %s", esp_err_to_name(err));
        mcp_bridge_stop();
    }
    return err;
}

esp_err_t mcp_bridge_stop(void)
{
    bridge_ctx_t *b = g_bridge;
    if (b == NULL || !b->started) return ESP_ERR_INVALID_STATE;
    if (xEventGroupGetBits(b->bits) & BIT_MQTT_UP) {
        bridge_lock();
        mcp_device_publish_status(&b->dev, false, "shutdown"); /* a clean DISCONNECT discards the Last Will */
        bridge_unlock();
        vTaskDelay(pdMS_TO_TICKS(500)); /* let the QoS 1 publish leave */
    }
    xEventGroupSetBits(b->bits, BIT_STOP);
    for (int i = 0; i < 50 && (b->worker_task || b->sensor_task); i++) vTaskDelay(pdMS_TO_TICKS(100));
    port_mqtt_destroy(b);
    port_sntp_stop();
    port_wifi_stop(b);
    xEventGroupClearBits(b->bits, BIT_STOP | BIT_MQTT_UP | BIT_WIFI_UP);
    bridge_lock();
    mcp_device_on_disconnected(&b->dev);
    b->started = false;
    bridge_unlock();
    return ESP_OK;
}

esp_err_t mcp_bridge_publish_sensor_data(const char *sensor_id, const mcp_value_t *value, mcp_quality_t quality)
{
    if (g_bridge == NULL || sensor_id == NULL || value == NULL) return ESP_ERR_INVALID_ARG;
    bridge_lock();
    bool ok = mcp_device_publish_reading(&g_bridge->dev, sensor_id, value, quality);
    bridge_unlock();
    return ok ? ESP_OK : ESP_FAIL;
}

esp_err_t mcp_bridge_publish_actuator_status(const char *actuator_id, const mcp_actuator_state_t *state)
{
    if (g_bridge == NULL || actuator_id == NULL || state == NULL) return ESP_ERR_INVALID_ARG;
    bridge_lock();
    bool ok = mcp_device_set_actuator_state(&g_bridge->dev, actuator_id, state);
    bridge_unlock();
    return ok ? ESP_OK : ESP_FAIL;
}

esp_err_t mcp_bridge_publish_device_status(bool online, const char *reason)
{
    if (g_bridge == NULL) return ESP_ERR_INVALID_STATE;
    bridge_lock();
    bool ok = mcp_device_publish_status(&g_bridge->dev, online, reason);
    bridge_unlock();
    return ok ? ESP_OK : ESP_FAIL;
}

esp_err_t mcp_bridge_publish_error(mcp_severity_t severity, const char *code, const char *message,
                                   const char *sensor_id, const char *actuator_id)
{
    if (g_bridge == NULL) return ESP_ERR_INVALID_STATE;
    bridge_lock();
    bool ok = mcp_device_publish_error(&g_bridge->dev, severity, code, message, NULL, sensor_id, actuator_id);
    bridge_unlock();
    return ok ? ESP_OK : ESP_FAIL;
}

const char *mcp_bridge_device_id(void) { return g_bridge ? g_bridge->device_id : NULL; }

bool mcp_bridge_is_connected(void) { return g_bridge && (xEventGroupGetBits(g_bridge->bits) & BIT_MQTT_UP); }
