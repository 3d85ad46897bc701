/* Topics of the bridge protocol: building (with truncation checks) and length-bounded parsing. */
#ifndef MCP_TOPICS_H
#define MCP_TOPICS_H

#include "mcp_util.h"

#define MCP_PREFIX_MAX 64
/* prefix / id / actuators / id / status */
#define MCP_TOPIC_MAX (MCP_PREFIX_MAX + 1 + MCP_ID_MAX + 11 + MCP_ID_MAX + 8)

typedef enum {
    MCP_TOPIC_CAPABILITIES = 0,
    MCP_TOPIC_STATUS,
    MCP_TOPIC_ERROR,
    MCP_TOPIC_SENSOR_DATA,
    MCP_TOPIC_ACTUATOR_CMD,
    MCP_TOPIC_ACTUATOR_STATUS,
    MCP_TOPIC_SENSOR_READ, /* Switchyard → device, for devices listing the sensor_read feature */
} mcp_topic_kind_t;

typedef struct {
    mcp_topic_kind_t kind;
    char device_id[MCP_ID_MAX + 1];
    char component_id[MCP_ID_MAX + 1]; /* sensor or actuator id, "" for device topics */
} mcp_topic_t;

/* "capabilities", "status", "error", "sensor-data", "actuator-cmd", "actuator-status", "sensor-read" */
const char *mcp_topic_kind_name(mcp_topic_kind_t kind);
bool mcp_topic_kind_from_name(const char *name, mcp_topic_kind_t *out);

/* QoS and retain flag of each kind (PROTOCOL.md §3). */
void mcp_topic_publish_options(mcp_topic_kind_t kind, int *qos, bool *retain);

/* A prefix has non-empty levels, no wildcards, at most MCP_PREFIX_MAX bytes. */
bool mcp_prefix_valid(const char *prefix);

/* Builds a topic; component_id is ignored for device topics. False (and out = "") on an invalid id or
 * when out is too small. */
bool mcp_topic_build(char *out, size_t out_size, const char *prefix, const char *device_id, mcp_topic_kind_t kind,
                     const char *component_id);

/* <prefix>/<device_id>/actuators/+/cmd */
bool mcp_topic_cmd_filter(char *out, size_t out_size, const char *prefix, const char *device_id);
/* <prefix>/<device_id>/sensors/+/read (the second filter: read requests) */
bool mcp_topic_read_filter(char *out, size_t out_size, const char *prefix, const char *device_id);

/* Parses topic[0..len) (need not be NUL-terminated). On failure returns false and writes a reason. */
bool mcp_topic_parse(const char *topic, size_t len, const char *prefix, mcp_topic_t *out, char *reason,
                     size_t reason_size);

#endif
