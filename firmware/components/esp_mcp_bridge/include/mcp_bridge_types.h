/*
 * Portable types of the Switchyard ESP32 bridge (protocol v1, see firmware/protocol/PROTOCOL.md).
 * Shared by the public ESP-IDF API and the platform-independent core; no ESP-IDF headers here.
 */
#ifndef MCP_BRIDGE_TYPES_H
#define MCP_BRIDGE_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MCP_PROTOCOL_VERSION 1
#define MCP_PAYLOAD_MAX 16384      /* bytes, any message */
#define MCP_ID_MAX 32              /* device, sensor and actuator ids */
#define MCP_WORD_MAX 32            /* sensor type, error codes, status reason */
#define MCP_REQUEST_ID_MAX 64
#define MCP_MAX_SENSORS 32
#define MCP_MAX_ACTUATORS 32
#define MCP_MAX_OPTIONS 32
#define MCP_OPTION_MAX 32          /* characters of a select option */
#define MCP_CMD_STRING_MAX 32      /* characters of a string command value */
#define MCP_SENSOR_STRING_MAX 255  /* characters of a string sensor reading */
#define MCP_MESSAGE_MAX 256        /* characters of a human-readable message */
#define MCP_REMEMBERED_REQUESTS 16
#define MCP_MAX_FEATURES 32        /* words in the capabilities' features list */
#define MCP_FEATURE_SENSOR_READ "sensor_read" /* the device answers read requests (PROTOCOL.md 5.5) */

/** What a sensor reports. */
typedef enum { MCP_VT_NUMBER = 0, MCP_VT_BOOLEAN, MCP_VT_STRING } mcp_value_type_t;

/** Actuator kinds of protocol v1. */
typedef enum { MCP_ACT_SWITCH = 0, MCP_ACT_DIMMER, MCP_ACT_NUMBER, MCP_ACT_BUTTON, MCP_ACT_SELECT } mcp_actuator_kind_t;

typedef enum { MCP_QUALITY_GOOD = 0, MCP_QUALITY_UNCERTAIN, MCP_QUALITY_BAD } mcp_quality_t;

typedef enum { MCP_SEV_INFO = 0, MCP_SEV_WARNING, MCP_SEV_ERROR, MCP_SEV_CRITICAL } mcp_severity_t;

typedef enum { MCP_ACTION_SET = 0, MCP_ACTION_ON, MCP_ACTION_OFF, MCP_ACTION_TOGGLE, MCP_ACTION_PRESS } mcp_action_t;

/** A scalar value: a sensor reading (NULL allowed) or a command value. */
typedef enum { MCP_VAL_NULL = 0, MCP_VAL_NUMBER, MCP_VAL_BOOL, MCP_VAL_STRING } mcp_val_kind_t;

typedef struct {
    mcp_val_kind_t kind;
    double number;
    bool boolean;
    char string[MCP_SENSOR_STRING_MAX * 4 + 1]; /* up to 255 characters of UTF-8 */
} mcp_value_t;

/** Sensor description, as sent in capabilities. Strings are copied on registration. */
typedef struct {
    const char *id;   /* required, ^[a-z0-9_-]{1,32}$ */
    const char *type; /* required word: temperature, humidity, ... */
    const char *name; /* optional, NULL = absent */
    const char *unit; /* optional */
    mcp_value_type_t value_type;
    bool has_min, has_max, has_step;
    double min, max, step;
} mcp_sensor_info_t;

/** Actuator description. Dimmer: range defaults to 0..100 step 1; number: min/max required, step default 1. */
typedef struct {
    const char *id;
    mcp_actuator_kind_t kind;
    const char *name; /* optional */
    const char *unit; /* optional, number only */
    bool has_range;   /* min and max given */
    bool has_step;
    double min, max, step;
    const char *const *options; /* select only */
    size_t option_count;
} mcp_actuator_info_t;

/** Current state of an actuator. */
typedef struct {
    bool on;                          /* switch, dimmer */
    double level;                     /* dimmer (level, also remembered while off) and number */
    char option[MCP_OPTION_MAX * 4 + 1]; /* select */
} mcp_actuator_state_t;

/** A decoded command. */
typedef struct {
    char request_id[MCP_REQUEST_ID_MAX + 1];
    mcp_action_t action;
    bool has_value;
    mcp_val_kind_t value_kind; /* NUMBER, BOOL or STRING when has_value */
    double number;
    bool boolean;
    char string[MCP_CMD_STRING_MAX * 4 + 1];
} mcp_command_t;

#ifdef __cplusplus
}
#endif
#endif
