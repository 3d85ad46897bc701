/* The device side of the protocol, independent of the platform: registry of sensors and actuators, the
 * connect sequence, command intake (decode, validate, de-duplicate, rate-limit, answer) and the offline
 * buffer for readings. The platform supplies publish/clock/metrics through mcp_port_t and serialises calls
 * (the ESP-IDF port holds a mutex around every call). */
#ifndef MCP_DEVICE_H
#define MCP_DEVICE_H

#include "mcp_command.h"
#include "mcp_messages.h"
#include "mcp_support.h"
#include "mcp_topics.h"

typedef struct {
    /* Returns < 0 when the message could not be queued. payload is not NUL-terminated for the callee. */
    int (*publish)(void *ctx, const char *topic, const char *payload, size_t len, int qos, bool retain);
    /* Epoch milliseconds; returns false while the clock is not synchronised. May be NULL. */
    bool (*clock_ms)(void *ctx, uint64_t *epoch_ms);
    /* Fills uptime_s, free_heap, min_free_heap, rssi and ip of an online status. May be NULL. */
    void (*metrics)(void *ctx, mcp_status_t *st);
    /* Milliseconds since boot, for rate limiting. May be NULL (no rate limiting then). */
    uint64_t (*uptime_ms)(void *ctx);
    void *ctx;
} mcp_port_t;

/* Runs an accepted command on the hardware. new_state is what the protocol semantics give; the callee may
 * adjust it (for example to the level the hardware really reached). Return false to refuse ("internal")
 * with a message. */
typedef bool (*mcp_execute_fn)(const char *actuator_id, const mcp_command_t *cmd, mcp_actuator_state_t *new_state,
                               void *user, char *message, size_t message_size);

/* Reads a sensor now, for a read request. Set *value (NULL kind for no value) and *quality; return false for a
 * failed read (answered with null/bad plus a sensor_failure error naming message). */
typedef bool (*mcp_read_fn)(const char *sensor_id, mcp_value_t *value, mcp_quality_t *quality, void *user,
                            char *message, size_t message_size);

typedef struct {
    mcp_read_fn read;
    void *user;
} mcp_sensor_reader_t;

typedef struct {
    const char *prefix;           /* default "devices" */
    const char *device_id;        /* required */
    const char *firmware_version; /* required */
    const char *name, *model, *manufacturer, *hw_version; /* optional */
    int sensor_qos;               /* 0 (protocol default) or 1 */
    size_t offline_capacity;      /* readings kept while disconnected; 0 = none */
    uint32_t cmd_burst;           /* per-actuator token bucket; cmd_interval_ms 0 = no limit */
    uint32_t cmd_interval_ms;
    mcp_port_t port;
} mcp_device_config_t;

/* A reading kept while offline; strings longer than 47 bytes are not buffered (counted as dropped). */
typedef struct {
    uint8_t sensor;
    uint8_t quality;
    uint8_t kind;
    bool boolean;
    bool has_ts;
    uint64_t ts;
    double number;
    char string[48];
} mcp_buffered_reading_t;

typedef struct {
    mcp_actuator_info_t info; /* strings owned by the device */
    mcp_actuator_state_t state;
    mcp_execute_fn execute;
    void *user;
    mcp_ratelimit_t limit;
} mcp_actuator_entry_t;

typedef struct {
    char request_id[MCP_REQUEST_ID_MAX + 1];
    uint8_t actuator;
    bool refused;
    char error_code[MCP_WORD_MAX + 1];
} mcp_answered_t;

typedef struct {
    uint8_t actuator;
    mcp_command_t cmd;
    bool read;      /* a read request: sensor is set, and cmd.request_id holds its request_id */
    uint8_t sensor;
} mcp_pending_t;

typedef enum {
    MCP_INTAKE_IGNORED = 0, /* not a command topic of this device */
    MCP_INTAKE_ANSWERED,    /* refused or a duplicate: the answer is already published */
    MCP_INTAKE_RUN,         /* accepted: run it with mcp_device_execute (from a worker task) */
    MCP_INTAKE_READ,        /* a read request for a readable sensor: answer it with mcp_device_read */
} mcp_intake_t;

typedef struct {
    mcp_device_config_t cfg;
    char prefix[MCP_PREFIX_MAX + 1];
    char device_id[MCP_ID_MAX + 1];
    char *strings[6]; /* owned copies of firmware_version, name, model, manufacturer, hw_version */
    mcp_sensor_info_t sensors[MCP_MAX_SENSORS];
    mcp_sensor_reader_t readers[MCP_MAX_SENSORS];
    size_t sensor_count;
    mcp_actuator_entry_t actuators[MCP_MAX_ACTUATORS];
    size_t actuator_count;
    mcp_answered_t answered[MCP_REMEMBERED_REQUESTS];
    size_t answered_next;
    mcp_ring_t offline;
    void *offline_mem;
    bool connected;
    uint32_t published, publish_failures;
} mcp_device_t;

bool mcp_device_init(mcp_device_t *dev, const mcp_device_config_t *cfg, char *reason, size_t reason_size);
void mcp_device_deinit(mcp_device_t *dev);

bool mcp_device_add_sensor(mcp_device_t *dev, const mcp_sensor_info_t *info, char *reason, size_t reason_size);
/* initial may be NULL: switch/dimmer off, dimmer level = max, number = min, select = first option. */
bool mcp_device_add_actuator(mcp_device_t *dev, const mcp_actuator_info_t *info, const mcp_actuator_state_t *initial,
                             mcp_execute_fn execute, void *user, char *reason, size_t reason_size);

/* The Last Will: retained {"v":1,"state":"offline","reason":"lwt"} on <prefix>/<id>/status. */
bool mcp_device_lwt(const mcp_device_t *dev, char *topic, size_t topic_size, char *payload, size_t payload_size);
bool mcp_device_cmd_filter(const mcp_device_t *dev, char *out, size_t out_size);
/* The second filter to subscribe to (QoS 1) on every connect: <prefix>/<id>/sensors/+/read. */
bool mcp_device_read_filter(const mcp_device_t *dev, char *out, size_t out_size);

/* Lets Switchyard read a sensor on request (PROTOCOL.md 5.5). A sensor without a reader is answered with an
 * error "not_readable". Capabilities always list the sensor_read feature: the device answers every request. */
bool mcp_device_set_sensor_reader(mcp_device_t *dev, const char *sensor_id, mcp_read_fn read, void *user);
/* Reads the sensor of an MCP_INTAKE_READ now and publishes the reading with the request_id (QoS 1); a failed
 * read publishes null/bad and then a sensor_failure error with the request_id. */
bool mcp_device_read(mcp_device_t *dev, const mcp_pending_t *p);

/* After every (re)connect and subscribe: capabilities, online status, actuator states, buffered readings. */
bool mcp_device_on_connected(mcp_device_t *dev);
void mcp_device_on_disconnected(mcp_device_t *dev);

bool mcp_device_publish_capabilities(mcp_device_t *dev);
/* online = true: with metrics; false: offline with reason (e.g. "shutdown"). */
bool mcp_device_publish_status(mcp_device_t *dev, bool online, const char *reason);
/* Sends a reading, or keeps it in the offline buffer while disconnected. */
bool mcp_device_publish_reading(mcp_device_t *dev, const char *sensor_id, const mcp_value_t *value, mcp_quality_t q);
/* Sets an actuator's state (a change made on the device) and publishes it without request_id. */
bool mcp_device_set_actuator_state(mcp_device_t *dev, const char *actuator_id, const mcp_actuator_state_t *state);
bool mcp_device_publish_actuator_state(mcp_device_t *dev, const char *actuator_id);
bool mcp_device_publish_error(mcp_device_t *dev, mcp_severity_t sev, const char *code, const char *message,
                              const char *request_id, const char *sensor_id, const char *actuator_id);

/* Intake of a received command or read request (topic/data need not be NUL-terminated). */
mcp_intake_t mcp_device_intake(mcp_device_t *dev, const char *topic, size_t topic_len, const char *data,
                               size_t data_len, mcp_pending_t *out);
/* Runs an accepted command and publishes the confirmation. */
bool mcp_device_execute(mcp_device_t *dev, const mcp_pending_t *p);
/* Refuses an accepted command that could not be run (for example "queue_full"). */
bool mcp_device_refuse(mcp_device_t *dev, const mcp_pending_t *p, const char *code, const char *message);
/* Answers a command too large to receive (topic of its first fragment). */
bool mcp_device_reject_oversize(mcp_device_t *dev, const char *topic, size_t topic_len, size_t total_len);

const mcp_actuator_entry_t *mcp_device_actuator(const mcp_device_t *dev, const char *actuator_id);

#endif
