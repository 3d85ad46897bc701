/* Builders of the messages a device publishes: capabilities, status, sensor data, actuator status, error.
 * Each builder checks its input against PROTOCOL.md and returns NULL (with a reason) rather than build an
 * invalid message. The result is a cJSON tree; mcp_json_write() prints it into a caller's buffer. */
#ifndef MCP_MESSAGES_H
#define MCP_MESSAGES_H

#include "cJSON.h"
#include "mcp_util.h"

typedef struct {
    const char *device_id;        /* required */
    const char *firmware_version; /* required, 1-32 characters */
    const char *name, *model, *manufacturer; /* optional, 1-64 characters */
    const char *hw_version;       /* optional, 1-32 characters */
    const mcp_sensor_info_t *sensors;
    size_t sensor_count;
    const mcp_actuator_info_t *actuators;
    size_t actuator_count;
    const char *const *features; /* optional words ("sensor_read"); none: the field is left out */
    size_t feature_count;
} mcp_caps_t;

typedef struct {
    bool online;
    bool has_uptime, has_free_heap, has_min_free_heap, has_rssi;
    uint64_t uptime_s;
    uint32_t free_heap, min_free_heap;
    int rssi;
    const char *firmware_version; /* NULL = absent; required when online */
    const char *ip;               /* optional */
    const char *reason;           /* optional word: lwt, shutdown, ... */
} mcp_status_t;

typedef struct {
    mcp_value_t value;
    mcp_quality_t quality;
    bool has_ts;
    uint64_t ts; /* epoch ms */
    const char *request_id; /* optional: the read request this reading answers */
} mcp_reading_t;

typedef struct {
    mcp_actuator_kind_t kind;
    const mcp_actuator_state_t *state; /* ignored for buttons */
    const char *request_id;            /* optional */
    bool refused;                      /* result "error" */
    const char *error_code;            /* required when refused */
    const char *message;               /* optional, clipped to 256 characters */
    bool has_ts;
    uint64_t ts;
} mcp_actuator_status_t;

typedef struct {
    mcp_severity_t severity;
    const char *code;    /* word */
    const char *message; /* 1-256 characters, clipped */
    const char *request_id, *sensor_id, *actuator_id; /* optional; invalid ones are left out */
    bool has_ts;
    uint64_t ts;
} mcp_error_t;

/* Checks one description; reason names the field ("sensors[0].id: ..."). index is used in the path. */
bool mcp_sensor_info_check(const mcp_sensor_info_t *s, size_t index, char *reason, size_t reason_size);
bool mcp_actuator_info_check(const mcp_actuator_info_t *a, size_t index, char *reason, size_t reason_size);

cJSON *mcp_build_capabilities(const mcp_caps_t *caps, char *reason, size_t reason_size);
cJSON *mcp_build_status(const mcp_status_t *st, char *reason, size_t reason_size);
cJSON *mcp_build_reading(const mcp_reading_t *r, char *reason, size_t reason_size);
cJSON *mcp_build_actuator_status(const mcp_actuator_status_t *st, char *reason, size_t reason_size);
cJSON *mcp_build_error(const mcp_error_t *e, char *reason, size_t reason_size);

/* Prints compact JSON into buf; returns the length, or 0 if it does not fit. Frees nothing. */
size_t mcp_json_write(const cJSON *json, char *buf, size_t buf_size);

/* Adds a double, keeping integers exact (cJSON stores doubles; fine up to 2^53). */
cJSON *mcp_add_number(cJSON *obj, const char *key, double v);

#endif
