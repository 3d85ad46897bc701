/* The device's two subscriptions, and read requests (PROTOCOL.md §5.5): Switchyard asks for a reading now. decode → find the sensor → its reader;
 * the answer is the ordinary data message with the request's request_id, at QoS 1. An unknown sensor, a sensor
 * without a reader and an undecodable request are answered with an error message (severity warning). A read
 * is harmless to repeat, so request_ids are not remembered (a QoS 1 duplicate is simply read again). */
#include <string.h>

#include "mcp_device_internal.h"

static int find_sensor(const mcp_device_t *dev, const char *id)
{
    for (size_t i = 0; i < dev->sensor_count; i++)
        if (strcmp(dev->sensors[i].id, id) == 0) return (int)i;
    return -1;
}

bool mcp_device_set_sensor_reader(mcp_device_t *dev, const char *sensor_id, mcp_read_fn read, void *user)
{
    int i = sensor_id ? find_sensor(dev, sensor_id) : -1;
    if (i < 0) return false;
    dev->readers[i] = (mcp_sensor_reader_t){read, user};
    return true;
}

bool mcp_device_cmd_filter(const mcp_device_t *dev, char *out, size_t out_size)
{
    return mcp_topic_cmd_filter(out, out_size, dev->prefix, dev->device_id);
}

bool mcp_device_read_filter(const mcp_device_t *dev, char *out, size_t out_size)
{
    return mcp_topic_read_filter(out, out_size, dev->prefix, dev->device_id);
}

mcp_intake_t mcp_dev_read_intake(mcp_device_t *dev, const mcp_topic_t *t, const char *data, size_t data_len,
                                 mcp_pending_t *out)
{
    char reason[MCP_REASON_MAX];
    mcp_read_request_t req;
    mcp_decode_error_t err;
    const char *sensor = t->component_id;
    if (!mcp_read_decode(data, data_len, &req, &err)) {
        const char *rid = err.has_request_id ? err.request_id : NULL;
        mcp_device_publish_error(dev, MCP_SEV_WARNING, err.error_code, err.reason, rid, sensor, NULL);
        return MCP_INTAKE_ANSWERED;
    }
    int index = find_sensor(dev, sensor);
    if (index < 0) {
        mcp_fmt(reason, sizeof reason, "sensor: device '%s' has no sensor '%s'", dev->device_id, sensor);
        mcp_device_publish_error(dev, MCP_SEV_WARNING, "unknown_sensor", reason, req.request_id, sensor, NULL);
        return MCP_INTAKE_ANSWERED;
    }
    if (dev->readers[index].read == NULL) {
        mcp_fmt(reason, sizeof reason, "sensor: '%s' is published on the device's own schedule only; it cannot be read on request",
                sensor);
        mcp_device_publish_error(dev, MCP_SEV_WARNING, "not_readable", reason, req.request_id, sensor, NULL);
        return MCP_INTAKE_ANSWERED;
    }
    out->read = true;
    out->sensor = (uint8_t)index;
    memcpy(out->cmd.request_id, req.request_id, sizeof out->cmd.request_id);
    return MCP_INTAKE_READ;
}

bool mcp_device_read(mcp_device_t *dev, const mcp_pending_t *p)
{
    if (!p->read || p->sensor >= dev->sensor_count || !dev->connected) return false;
    const mcp_sensor_reader_t *reader = &dev->readers[p->sensor];
    const char *id = dev->sensors[p->sensor].id;
    char message[MCP_MESSAGE_MAX + 1] = "";
    mcp_reading_t r;
    memset(&r, 0, sizeof r);
    r.quality = MCP_QUALITY_GOOD;
    r.request_id = p->cmd.request_id;
    bool ok = reader->read != NULL && reader->read(id, &r.value, &r.quality, reader->user, message, sizeof message);
    if (!ok) {
        r.value.kind = MCP_VAL_NULL;
        r.quality = MCP_QUALITY_BAD;
        if (message[0] == '\0') mcp_fmt(message, sizeof message, "sensor '%s' could not be read", id);
    }
    r.has_ts = mcp_dev_now(dev, &r.ts);
    bool sent = mcp_dev_send_reading(dev, p->sensor, &r, 1);
    /* the reading first (it settles the request at Switchyard), then what went wrong */
    if (!ok) mcp_device_publish_error(dev, MCP_SEV_ERROR, "sensor_failure", message, p->cmd.request_id, id, NULL);
    return sent && ok;
}
