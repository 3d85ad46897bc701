#include "mcp_topics.h"

#include <string.h>

const char *mcp_topic_kind_name(mcp_topic_kind_t kind)
{
    switch (kind) {
    case MCP_TOPIC_CAPABILITIES: return "capabilities";
    case MCP_TOPIC_STATUS: return "status";
    case MCP_TOPIC_ERROR: return "error";
    case MCP_TOPIC_SENSOR_DATA: return "sensor-data";
    case MCP_TOPIC_ACTUATOR_CMD: return "actuator-cmd";
    case MCP_TOPIC_ACTUATOR_STATUS: return "actuator-status";
    case MCP_TOPIC_SENSOR_READ: return "sensor-read";
    }
    return "unknown";
}

bool mcp_topic_kind_from_name(const char *name, mcp_topic_kind_t *out)
{
    for (int k = MCP_TOPIC_CAPABILITIES; k <= MCP_TOPIC_SENSOR_READ; k++) {
        if (strcmp(name, mcp_topic_kind_name((mcp_topic_kind_t)k)) == 0) {
            *out = (mcp_topic_kind_t)k;
            return true;
        }
    }
    return false;
}

void mcp_topic_publish_options(mcp_topic_kind_t kind, int *qos, bool *retain)
{
    *qos = kind == MCP_TOPIC_SENSOR_DATA ? 0 : 1; /* a read request's answer goes at QoS 1 (mcp_device_read) */
    *retain = kind == MCP_TOPIC_CAPABILITIES || kind == MCP_TOPIC_STATUS || kind == MCP_TOPIC_ACTUATOR_STATUS;
}

bool mcp_prefix_valid(const char *prefix)
{
    if (prefix == NULL) return false;
    size_t len = strlen(prefix);
    if (len == 0 || len > MCP_PREFIX_MAX || prefix[0] == '/' || prefix[len - 1] == '/') return false;
    for (size_t i = 0; i < len; i++) {
        if (prefix[i] == '+' || prefix[i] == '#') return false;
        if (prefix[i] == '/' && prefix[i + 1] == '/') return false;
    }
    return true;
}

static bool id_ok(const char *id) { return id != NULL && mcp_is_id(id, strlen(id)); }

bool mcp_topic_build(char *out, size_t out_size, const char *prefix, const char *device_id, mcp_topic_kind_t kind,
                     const char *component_id)
{
    if (out == NULL || out_size == 0) return false;
    out[0] = '\0';
    if (!mcp_prefix_valid(prefix) || !id_ok(device_id)) return false;
    bool ok;
    switch (kind) {
    case MCP_TOPIC_CAPABILITIES:
    case MCP_TOPIC_STATUS:
    case MCP_TOPIC_ERROR:
        ok = mcp_fmt(out, out_size, "%s/%s/%s", prefix, device_id, mcp_topic_kind_name(kind));
        break;
    case MCP_TOPIC_SENSOR_DATA:
    case MCP_TOPIC_SENSOR_READ:
        if (!id_ok(component_id)) return false;
        ok = mcp_fmt(out, out_size, "%s/%s/sensors/%s/%s", prefix, device_id, component_id,
                     kind == MCP_TOPIC_SENSOR_DATA ? "data" : "read");
        break;
    case MCP_TOPIC_ACTUATOR_CMD:
    case MCP_TOPIC_ACTUATOR_STATUS:
        if (!id_ok(component_id)) return false;
        ok = mcp_fmt(out, out_size, "%s/%s/actuators/%s/%s", prefix, device_id, component_id,
                     kind == MCP_TOPIC_ACTUATOR_CMD ? "cmd" : "status");
        break;
    default:
        ok = false;
    }
    if (!ok) out[0] = '\0';
    return ok;
}

static bool filter(char *out, size_t out_size, const char *prefix, const char *device_id, const char *tail)
{
    if (out == NULL || out_size == 0) return false;
    out[0] = '\0';
    if (!mcp_prefix_valid(prefix) || !id_ok(device_id)) return false;
    if (!mcp_fmt(out, out_size, "%s/%s/%s", prefix, device_id, tail)) {
        out[0] = '\0';
        return false;
    }
    return true;
}

bool mcp_topic_cmd_filter(char *out, size_t out_size, const char *prefix, const char *device_id)
{
    return filter(out, out_size, prefix, device_id, "actuators/+/cmd");
}

bool mcp_topic_read_filter(char *out, size_t out_size, const char *prefix, const char *device_id)
{
    return filter(out, out_size, prefix, device_id, "sensors/+/read");
}

typedef struct {
    const char *p;
    size_t len;
} span_t;

static bool span_is(span_t s, const char *lit) { return s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0; }

/* Shows at most 64 bytes of a topic part in a reason. */
#define SHOW(s) (int)((s).len > 64 ? 64 : (s).len), (s).p

bool mcp_topic_parse(const char *topic, size_t len, const char *prefix, mcp_topic_t *out, char *reason,
                     size_t reason_size)
{
    static const char *const id_rule = "1 to 32 characters of a-z 0-9 _ -";
    span_t whole = {topic, len};
    size_t plen = prefix ? strlen(prefix) : 0;
    memset(out, 0, sizeof *out);
    if (topic == NULL || !mcp_prefix_valid(prefix)) {
        mcp_fmt(reason, reason_size, "bridge prefix is not valid");
        return false;
    }
    if (len <= plen || memcmp(topic, prefix, plen) != 0 || topic[plen] != '/') {
        mcp_fmt(reason, reason_size, "topic '%.*s' is not under the bridge prefix '%s'", SHOW(whole), prefix);
        return false;
    }
    span_t lv[5];
    size_t n = 0;
    const char *p = topic + plen + 1, *end = topic + len;
    while (n < 5) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        const char *stop = slash ? slash : end;
        lv[n].p = p;
        lv[n].len = (size_t)(stop - p);
        n++;
        if (!slash) break;
        p = slash + 1;
    }
    if (n == 5) { /* more levels than any bridge topic has */
        mcp_fmt(reason, reason_size, "topic '%.*s' does not match any bridge topic", SHOW(whole));
        return false;
    }
    if (!mcp_is_id(lv[0].p, lv[0].len)) {
        mcp_fmt(reason, reason_size, "topic '%.*s': device_id '%.*s' is not a valid id (%s)", SHOW(whole),
                SHOW(lv[0]), id_rule);
        return false;
    }
    mcp_copy(out->device_id, sizeof out->device_id, lv[0].p, lv[0].len);
    if (n == 2) {
        if (span_is(lv[1], "capabilities")) out->kind = MCP_TOPIC_CAPABILITIES;
        else if (span_is(lv[1], "status")) out->kind = MCP_TOPIC_STATUS;
        else if (span_is(lv[1], "error")) out->kind = MCP_TOPIC_ERROR;
        else {
            mcp_fmt(reason, reason_size,
                    "topic '%.*s': unknown device topic '%.*s' (expected capabilities, status or error)",
                    SHOW(whole), SHOW(lv[1]));
            return false;
        }
        return true;
    }
    bool sensors = n == 4 && span_is(lv[1], "sensors");
    bool actuators = n == 4 && span_is(lv[1], "actuators");
    if (!sensors && !actuators) {
        mcp_fmt(reason, reason_size, "topic '%.*s' does not match any bridge topic", SHOW(whole));
        return false;
    }
    const char *what = sensors ? "sensor id" : "actuator id";
    if (!mcp_is_id(lv[2].p, lv[2].len)) {
        mcp_fmt(reason, reason_size, "topic '%.*s': %s '%.*s' is not a valid id (%s)", SHOW(whole), what,
                SHOW(lv[2]), id_rule);
        return false;
    }
    mcp_copy(out->component_id, sizeof out->component_id, lv[2].p, lv[2].len);
    if (sensors && span_is(lv[3], "data")) out->kind = MCP_TOPIC_SENSOR_DATA;
    else if (sensors && span_is(lv[3], "read")) out->kind = MCP_TOPIC_SENSOR_READ;
    else if (actuators && span_is(lv[3], "cmd")) out->kind = MCP_TOPIC_ACTUATOR_CMD;
    else if (actuators && span_is(lv[3], "status")) out->kind = MCP_TOPIC_ACTUATOR_STATUS;
    else {
        mcp_fmt(reason, reason_size, "topic '%.*s': unknown %s topic '%.*s' (expected %s)", SHOW(whole),
                sensors ? "sensor" : "actuator", SHOW(lv[3]), sensors ? "data or read" : "cmd or status");
        return false;
    }
    return true;
}
