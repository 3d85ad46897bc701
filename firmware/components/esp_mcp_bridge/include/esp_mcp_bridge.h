/*
 * esp_mcp_bridge: makes an ESP32 a Switchyard device (protocol v1, firmware/protocol/PROTOCOL.md).
 *
 *   mcp_bridge_init_default();                 // Kconfig defaults, NVS overrides, device id from the MAC
 *   mcp_bridge_register_sensor(&temp, read_temp, NULL);
 *   mcp_bridge_register_actuator(&relay, on_relay, NULL);
 *   mcp_bridge_start();                        // WiFi, MQTT (LWT), SNTP, tasks
 *
 * All functions are thread-safe once mcp_bridge_init() returned. Registration is only allowed before
 * mcp_bridge_start() (capabilities are published on every connect).
 */
#ifndef ESP_MCP_BRIDGE_H
#define ESP_MCP_BRIDGE_H

#include "esp_err.h"
#include "mcp_bridge_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *wifi_ssid;       /* NULL: from NVS, else Kconfig */
    const char *wifi_password;
    const char *broker_uri;      /* mqtt://host:1883 or mqtts://host:8883 */
    const char *mqtt_username;   /* NULL/"" = none */
    const char *mqtt_password;
    const char *device_id;       /* NULL/"": NVS override, else "esp32-" + 12 hex digits of the station MAC */
    const char *bridge_prefix;   /* default "devices" */
    const char *device_name;     /* optional human name */
    const char *firmware_version;/* NULL: esp_app_get_description()->version */
    uint32_t sensor_interval_ms; /* how often registered sensors are read */
    uint32_t status_interval_ms; /* online status heartbeat */
    int sensor_qos;              /* 0 (default) or 1 */
    uint32_t backoff_base_ms, backoff_max_ms; /* WiFi and MQTT reconnect */
    size_t offline_buffer;       /* readings kept while offline */
    size_t rx_buffer_size;       /* largest command accepted (fragments are reassembled up to this) */
    size_t command_queue_len;
    uint32_t cmd_burst, cmd_interval_ms; /* per-actuator command rate limit; interval 0 = off */
    bool tls_use_crt_bundle;     /* verify mqtts:// with the ESP x509 certificate bundle */
    const char *tls_ca_pem;      /* or an explicit CA (NUL-terminated PEM) */
    bool enable_watchdog;        /* subscribe the bridge tasks to the task watchdog */
    uint32_t offline_reboot_s;   /* reboot after this long without MQTT; 0 = never */
} mcp_bridge_config_t;

/* Reads a sensor: on the sensor interval, and at once when Switchyard asks for a reading (a read request,
 * PROTOCOL.md 5.5; then from the bridge's worker task, with the bridge lock held). Set *value (kind
 * NUMBER/BOOL/STRING, or NULL for a failed read) and *quality. Return ESP_OK to publish; an error publishes
 * null/bad plus a sensor_failure error. */
typedef esp_err_t (*mcp_sensor_read_cb_t)(const char *sensor_id, mcp_value_t *value, mcp_quality_t *quality,
                                         void *user);

/* Runs a validated command (called from the bridge's actuator task, never from the MQTT task).
 * new_state holds the state the protocol semantics give and may be adjusted. Return ESP_OK to confirm;
 * anything else refuses the command with error_code "internal". */
typedef esp_err_t (*mcp_actuator_cb_t)(const char *actuator_id, const mcp_command_t *cmd,
                                       mcp_actuator_state_t *new_state, void *user);

/* Fills cfg with the Kconfig defaults. */
void mcp_bridge_config_default(mcp_bridge_config_t *cfg);

esp_err_t mcp_bridge_init(const mcp_bridge_config_t *cfg);
esp_err_t mcp_bridge_init_default(void);
esp_err_t mcp_bridge_start(void);
/* Publishes a retained offline status (reason "shutdown"), disconnects and stops the tasks. */
esp_err_t mcp_bridge_stop(void);

/* read may be NULL for a sensor that is only published with mcp_bridge_publish_sensor_data(); a read request
 * for it is answered with the error "not_readable". */
esp_err_t mcp_bridge_register_sensor(const mcp_sensor_info_t *info, mcp_sensor_read_cb_t read, void *user);
/* initial may be NULL (off / max level / min / first option). */
esp_err_t mcp_bridge_register_actuator(const mcp_actuator_info_t *info, const mcp_actuator_state_t *initial,
                                       mcp_actuator_cb_t cb, void *user);

/* Publishes a reading now (kept in the offline buffer while disconnected). */
esp_err_t mcp_bridge_publish_sensor_data(const char *sensor_id, const mcp_value_t *value, mcp_quality_t quality);
/* Reports a state changed on the device itself (no request_id). */
esp_err_t mcp_bridge_publish_actuator_status(const char *actuator_id, const mcp_actuator_state_t *state);
/* online: status with metrics; offline: with reason (a word such as "reboot" or "ota"). */
esp_err_t mcp_bridge_publish_device_status(bool online, const char *reason);
/* code: a snake_case word (sensor_failure, low_memory, ...); sensor_id/actuator_id optional. */
esp_err_t mcp_bridge_publish_error(mcp_severity_t severity, const char *code, const char *message,
                                   const char *sensor_id, const char *actuator_id);

/* The device id in use (valid after init). */
const char *mcp_bridge_device_id(void);
bool mcp_bridge_is_connected(void);

#ifdef __cplusplus
}
#endif
#endif
