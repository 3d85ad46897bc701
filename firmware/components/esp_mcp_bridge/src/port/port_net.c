/* Platform services of the port: NVS configuration, WiFi station with backoff (never gives up), SNTP,
 * and the publish/clock/metrics callbacks the portable core uses. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "esp_event.h"
#include "esp_log.h"
#include "esp_mac.h"
#include "esp_netif.h"
#include "esp_netif_sntp.h"
#include "esp_random.h"
#include "esp_system.h"
#include "esp_wifi.h"
#include "nvs.h"
#include "nvs_flash.h"
#include "port_internal.h"

static const char *TAG = "mcp_net";
static esp_netif_t *s_netif;
static esp_event_handler_instance_t s_wifi_handler, s_ip_handler;

esp_err_t port_nvs_init(void)
{
    esp_err_t err = nvs_flash_init();
    if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
        ESP_ERROR_CHECK(nvs_flash_erase());
        err = nvs_flash_init();
    }
    return err;
}

static void load_str(nvs_handle_t h, const char *key, char *out, size_t size)
{
    char tmp[128];
    size_t len = sizeof tmp;
    if (nvs_get_str(h, key, tmp, &len) == ESP_OK && len > 1 && len <= size) memcpy(out, tmp, len);
}

void port_nvs_load(bridge_ctx_t *b)
{
    nvs_handle_t h;
    if (nvs_open("mcp_bridge", NVS_READONLY, &h) != ESP_OK) return; /* nothing stored yet */
    load_str(h, "wifi_ssid", b->ssid, sizeof b->ssid);
    load_str(h, "wifi_pass", b->wifi_password, sizeof b->wifi_password);
    load_str(h, "broker_uri", b->broker_uri, sizeof b->broker_uri);
    load_str(h, "mqtt_user", b->username, sizeof b->username);
    load_str(h, "mqtt_pass", b->password, sizeof b->password);
    if (b->device_id[0] == '\0') load_str(h, "device_id", b->device_id, sizeof b->device_id);
    nvs_close(h);
}

void port_default_device_id(char *out, size_t size)
{
    uint8_t mac[6] = {0};
    esp_read_mac(mac, ESP_MAC_WIFI_STA); /* the full MAC: no collisions, no WiFi needed */
    snprintf(out, size, "esp32-%02x%02x%02x%02x%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static void wifi_timer_cb(void *arg)
{
    bridge_ctx_t *b = arg;
    if (!(xEventGroupGetBits(b->bits) & BIT_STOP)) esp_wifi_connect();
}

static void wifi_event(void *arg, esp_event_base_t base, int32_t id, void *data)
{
    bridge_ctx_t *b = arg;
    if (base == WIFI_EVENT && id == WIFI_EVENT_STA_START) {
        esp_wifi_connect();
    } else if (base == WIFI_EVENT && id == WIFI_EVENT_STA_DISCONNECTED) {
        xEventGroupClearBits(b->bits, BIT_WIFI_UP);
        if (xEventGroupGetBits(b->bits) & BIT_STOP) return;
        uint32_t delay = mcp_backoff_next(&b->wifi_backoff);
        ESP_LOGW(TAG, "WiFi lost, retry in %" PRIu32 " ms", delay);
        esp_timer_stop(b->wifi_timer);
        esp_timer_start_once(b->wifi_timer, (uint64_t)delay * 1000u);
    } else if (base == IP_EVENT && id == IP_EVENT_STA_GOT_IP) {
        const ip_event_got_ip_t *ev = data;
        snprintf(b->ip, sizeof b->ip, IPSTR, IP2STR(&ev->ip_info.ip));
        ESP_LOGI(TAG, "got IP %s", b->ip);
        mcp_backoff_reset(&b->wifi_backoff);
        xEventGroupSetBits(b->bits, BIT_WIFI_UP);
        port_mqtt_start(b); /* first time only; later reconnects are driven by the MQTT backoff timer */
    }
}

esp_err_t port_wifi_start(bridge_ctx_t *b)
{
    esp_err_t err = esp_netif_init();
    if (err != ESP_OK) return err;
    err = esp_event_loop_create_default();
    if (err != ESP_OK && err != ESP_ERR_INVALID_STATE) return err; /* already created by the app is fine */
    if (s_netif == NULL) s_netif = esp_netif_create_default_wifi_sta();
    wifi_init_config_t init = WIFI_INIT_CONFIG_DEFAULT();
    err = esp_wifi_init(&init);
    if (err != ESP_OK) return err;
    mcp_backoff_init(&b->wifi_backoff, b->cfg.backoff_base_ms, b->cfg.backoff_max_ms, port_random, NULL);
    const esp_timer_create_args_t targs = {.callback = wifi_timer_cb, .arg = b, .name = "mcp_wifi_retry"};
    if ((err = esp_timer_create(&targs, &b->wifi_timer)) != ESP_OK) return err;
    esp_event_handler_instance_register(WIFI_EVENT, ESP_EVENT_ANY_ID, wifi_event, b, &s_wifi_handler);
    esp_event_handler_instance_register(IP_EVENT, IP_EVENT_STA_GOT_IP, wifi_event, b, &s_ip_handler);
    wifi_config_t wc = {0};
    strncpy((char *)wc.sta.ssid, b->ssid, sizeof wc.sta.ssid);
    strncpy((char *)wc.sta.password, b->wifi_password, sizeof wc.sta.password);
    wc.sta.threshold.authmode = b->wifi_password[0] ? WIFI_AUTH_WPA2_PSK : WIFI_AUTH_OPEN;
    if ((err = esp_wifi_set_mode(WIFI_MODE_STA)) != ESP_OK) return err;
    if ((err = esp_wifi_set_config(WIFI_IF_STA, &wc)) != ESP_OK) return err;
    return esp_wifi_start();
}

void port_wifi_stop(bridge_ctx_t *b)
{
    esp_event_handler_instance_unregister(WIFI_EVENT, ESP_EVENT_ANY_ID, s_wifi_handler);
    esp_event_handler_instance_unregister(IP_EVENT, IP_EVENT_STA_GOT_IP, s_ip_handler);
    if (b->wifi_timer) {
        esp_timer_stop(b->wifi_timer);
        esp_timer_delete(b->wifi_timer);
        b->wifi_timer = NULL;
    }
    esp_wifi_stop();
    esp_wifi_deinit();
}

static void sntp_synced(struct timeval *tv)
{
    (void)tv;
    if (g_bridge) g_bridge->time_synced = true;
}

void port_sntp_start(bridge_ctx_t *b)
{
    (void)b;
    if (CONFIG_MCP_BRIDGE_SNTP_SERVER[0] == '\0') return;
    esp_sntp_config_t sc = ESP_NETIF_SNTP_DEFAULT_CONFIG(CONFIG_MCP_BRIDGE_SNTP_SERVER);
    sc.sync_cb = sntp_synced; /* until then messages carry no ts (the receiver uses its own time) */
    if (esp_netif_sntp_init(&sc) != ESP_OK) ESP_LOGW(TAG, "SNTP not started");
}

void port_sntp_stop(void) { esp_netif_sntp_deinit(); }

uint32_t port_random(void *ctx)
{
    (void)ctx;
    return esp_random();
}

/* ---- callbacks of the core (called with the bridge lock held, from bridge tasks) ---- */

static int publish(void *ctx, const char *topic, const char *payload, size_t len, int qos, bool retain)
{
    bridge_ctx_t *b = ctx;
    if (b->mqtt == NULL) return -1;
    return esp_mqtt_client_publish(b->mqtt, topic, payload, (int)len, qos, retain ? 1 : 0);
}

static bool clock_ms(void *ctx, uint64_t *ms)
{
    bridge_ctx_t *b = ctx;
    struct timeval tv;
    if (!b->time_synced || gettimeofday(&tv, NULL) != 0) return false;
    *ms = (uint64_t)tv.tv_sec * 1000u + (uint64_t)tv.tv_usec / 1000u;
    return true;
}

static void metrics(void *ctx, mcp_status_t *st)
{
    bridge_ctx_t *b = ctx;
    wifi_ap_record_t ap;
    st->has_uptime = st->has_free_heap = st->has_min_free_heap = st->has_rssi = true;
    st->uptime_s = (uint64_t)(esp_timer_get_time() / 1000000);
    st->free_heap = esp_get_free_heap_size();
    st->min_free_heap = esp_get_minimum_free_heap_size();
    st->rssi = -127; /* the weakest value when the AP cannot be read */
    if (esp_wifi_sta_get_ap_info(&ap) == ESP_OK && ap.rssi <= 0) st->rssi = ap.rssi < -127 ? -127 : ap.rssi;
    st->ip = b->ip[0] ? b->ip : NULL;
}

static uint64_t uptime_ms(void *ctx)
{
    (void)ctx;
    return (uint64_t)(esp_timer_get_time() / 1000);
}

mcp_port_t port_platform(bridge_ctx_t *b)
{
    mcp_port_t p = {publish, clock_ms, metrics, uptime_ms, b};
    return p;
}
