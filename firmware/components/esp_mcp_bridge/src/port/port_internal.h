/* State shared by the ESP-IDF port files. Not part of the public API. */
#ifndef MCP_PORT_INTERNAL_H
#define MCP_PORT_INTERNAL_H

#include "esp_mcp_bridge.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/event_groups.h"
#include "freertos/queue.h"
#include "freertos/semphr.h"
#include "freertos/task.h"
#include "mcp_device.h"
#include "mqtt_client.h"

#define BIT_WIFI_UP BIT0
#define BIT_MQTT_UP BIT1
#define BIT_STOP BIT2

/* What the MQTT task hands to the worker task (the MQTT task never takes the bridge lock). */
typedef enum { EV_MESSAGE = 0, EV_CONNECTED, EV_DISCONNECTED } bridge_event_kind_t;

typedef struct {
    bridge_event_kind_t kind;
    char topic[128];
    size_t topic_len;
    char *data; /* malloc'd, len bytes, not NUL-terminated; freed by the worker */
    size_t len;
} bridge_event_t;

typedef struct {
    mcp_sensor_read_cb_t read;
    void *user;
} sensor_slot_t;

typedef struct {
    mcp_actuator_cb_t cb;
    void *user;
} actuator_slot_t;

typedef struct {
    mcp_bridge_config_t cfg; /* strings point into the buffers below */
    char ssid[33], wifi_password[65], broker_uri[128], username[65], password[65];
    char device_id[MCP_ID_MAX + 1], prefix[MCP_PREFIX_MAX + 1], firmware_version[33], name[65];
    mcp_device_t dev;
    SemaphoreHandle_t lock; /* recursive; guards dev and the slots */
    SemaphoreHandle_t read_lock; /* serialises the user's sensor read callbacks (sensor task and read requests) */
    EventGroupHandle_t bits;
    QueueHandle_t events;
    TaskHandle_t worker_task, sensor_task;
    esp_mqtt_client_handle_t mqtt;
    bool mqtt_started;
    esp_timer_handle_t wifi_timer, mqtt_timer;
    mcp_backoff_t wifi_backoff, mqtt_backoff;
    mcp_reasm_t reasm; /* touched only by the MQTT task */
    char *rx_buf;
    char lwt_topic[MCP_TOPIC_MAX], lwt_payload[64];
    sensor_slot_t sensors[MCP_MAX_SENSORS];
    actuator_slot_t actuators[MCP_MAX_ACTUATORS];
    char ip[46];
    volatile bool time_synced;
    bool started;
    int64_t offline_since_us;
} bridge_ctx_t;

extern bridge_ctx_t *g_bridge;

void bridge_lock(void);
void bridge_unlock(void);

/* port_net.c */
esp_err_t port_nvs_init(void);
void port_nvs_load(bridge_ctx_t *b);             /* NVS overrides of the configuration */
void port_default_device_id(char *out, size_t size);
esp_err_t port_wifi_start(bridge_ctx_t *b);
void port_wifi_stop(bridge_ctx_t *b);
void port_sntp_start(bridge_ctx_t *b);
void port_sntp_stop(void);
mcp_port_t port_platform(bridge_ctx_t *b);      /* publish/clock/metrics/uptime for the core */
uint32_t port_random(void *ctx);

/* port_mqtt.c */
esp_err_t port_mqtt_create(bridge_ctx_t *b);
esp_err_t port_mqtt_start(bridge_ctx_t *b);     /* called once WiFi has an address */
void port_mqtt_destroy(bridge_ctx_t *b);

#endif
