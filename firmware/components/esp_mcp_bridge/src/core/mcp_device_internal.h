/* Shared between mcp_device.c and mcp_intake.c; not part of the core's API. */
#ifndef MCP_DEVICE_INTERNAL_H
#define MCP_DEVICE_INTERNAL_H

#include "mcp_device.h"

/* Publishes json (and deletes it) on topic. */
bool mcp_dev_send(mcp_device_t *dev, const char *topic, cJSON *json, int qos, bool retain);
bool mcp_dev_now(const mcp_device_t *dev, uint64_t *ts);
int mcp_dev_find_actuator(const mcp_device_t *dev, const char *id, size_t len);
/* Publishes an actuator status (request_id/refusal optional). */
bool mcp_dev_actuator_status(mcp_device_t *dev, size_t index, const char *request_id, const char *error_code,
                             const char *message);
/* Publishes a reading of sensor index at qos. */
bool mcp_dev_send_reading(mcp_device_t *dev, size_t sensor, const mcp_reading_t *r, int qos);
/* The intake of a parsed read request topic (mcp_read.c). */
mcp_intake_t mcp_dev_read_intake(mcp_device_t *dev, const mcp_topic_t *t, const char *data, size_t data_len,
                                 mcp_pending_t *out);

#endif
