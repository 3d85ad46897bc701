/* Command intake: decode → find actuator → de-duplicate → rate-limit → validate → queue, and the answers
 * (actuator status with request_id first, then an error message for refusals), as PROTOCOL.md §5.2 says.
 * Read requests go to mcp_read.c. */
#include <string.h>

#include "mcp_device_internal.h"

bool mcp_dev_actuator_status(mcp_device_t *dev, size_t index, const char *request_id, const char *error_code,
                             const char *message)
{
    char topic[MCP_TOPIC_MAX], reason[MCP_REASON_MAX];
    const mcp_actuator_entry_t *e = &dev->actuators[index];
    mcp_actuator_status_t st = {e->info.kind, &e->state, request_id, error_code != NULL, error_code, message, false, 0};
    st.has_ts = mcp_dev_now(dev, &st.ts);
    if (!mcp_topic_build(topic, sizeof topic, dev->prefix, dev->device_id, MCP_TOPIC_ACTUATOR_STATUS, e->info.id))
        return false;
    return mcp_dev_send(dev, topic, mcp_build_actuator_status(&st, reason, sizeof reason), 1, true);
}

static mcp_answered_t *find_answer(mcp_device_t *dev, const char *request_id)
{
    for (size_t i = 0; i < MCP_REMEMBERED_REQUESTS; i++) {
        if (dev->answered[i].request_id[0] != '\0' && strcmp(dev->answered[i].request_id, request_id) == 0)
            return &dev->answered[i];
    }
    return NULL;
}

static void remember(mcp_device_t *dev, size_t actuator, const char *request_id, const char *error_code)
{
    mcp_answered_t *a = find_answer(dev, request_id);
    if (a == NULL) {
        a = &dev->answered[dev->answered_next];
        dev->answered_next = (dev->answered_next + 1) % MCP_REMEMBERED_REQUESTS;
    }
    mcp_copy(a->request_id, sizeof a->request_id, request_id, strlen(request_id));
    a->actuator = (uint8_t)actuator;
    a->refused = error_code != NULL;
    mcp_copy(a->error_code, sizeof a->error_code, error_code ? error_code : "", error_code ? strlen(error_code) : 0);
}

/* Status with result:"error" first, then the error message (severity warning). */
static void refuse(mcp_device_t *dev, size_t actuator, const char *request_id, const char *code, const char *message)
{
    if (request_id != NULL) remember(dev, actuator, request_id, code);
    mcp_dev_actuator_status(dev, actuator, request_id, code, message);
    mcp_device_publish_error(dev, MCP_SEV_WARNING, code, message, request_id, NULL, dev->actuators[actuator].info.id);
}

mcp_intake_t mcp_device_intake(mcp_device_t *dev, const char *topic, size_t topic_len, const char *data,
                               size_t data_len, mcp_pending_t *out)
{
    mcp_topic_t t;
    char reason[MCP_REASON_MAX];
    memset(out, 0, sizeof *out);
    if (!mcp_topic_parse(topic, topic_len, dev->prefix, &t, reason, sizeof reason)) return MCP_INTAKE_IGNORED;
    if (strcmp(t.device_id, dev->device_id) != 0) return MCP_INTAKE_IGNORED;
    if (t.kind == MCP_TOPIC_SENSOR_READ) return mcp_dev_read_intake(dev, &t, data, data_len, out);
    if (t.kind != MCP_TOPIC_ACTUATOR_CMD) return MCP_INTAKE_IGNORED;

    int index = mcp_dev_find_actuator(dev, t.component_id, strlen(t.component_id));
    mcp_decode_error_t err;
    if (!mcp_command_decode(data, data_len, &out->cmd, &err)) {
        const char *rid = err.has_request_id ? err.request_id : NULL;
        if (index >= 0 && rid != NULL) {
            remember(dev, (size_t)index, rid, err.error_code);
            mcp_dev_actuator_status(dev, (size_t)index, rid, err.error_code, err.reason);
        }
        mcp_device_publish_error(dev, MCP_SEV_WARNING, err.error_code, err.reason, rid, NULL, t.component_id);
        return MCP_INTAKE_ANSWERED;
    }
    const char *rid = out->cmd.request_id;
    if (index < 0) {
        mcp_fmt(reason, sizeof reason, "actuator: device '%s' has no actuator '%s'", dev->device_id, t.component_id);
        mcp_device_publish_error(dev, MCP_SEV_WARNING, "unknown_actuator", reason, rid, NULL, t.component_id);
        return MCP_INTAKE_ANSWERED;
    }
    mcp_actuator_entry_t *e = &dev->actuators[index];
    const mcp_answered_t *seen = find_answer(dev, rid);
    if (seen != NULL && seen->actuator == (uint8_t)index) {
        /* a QoS 1 duplicate: answer again with the first result and the current state; do not run it */
        mcp_dev_actuator_status(dev, (size_t)index, rid, seen->refused ? seen->error_code : NULL,
                                seen->refused ? "duplicate of a refused command" : NULL);
        return MCP_INTAKE_ANSWERED;
    }
    const char *code = NULL;
    uint64_t now = dev->cfg.port.uptime_ms ? dev->cfg.port.uptime_ms(dev->cfg.port.ctx) : 0;
    if (!mcp_command_check(&e->info, &out->cmd, &code, reason, sizeof reason)) {
        refuse(dev, (size_t)index, rid, code, reason);
        return MCP_INTAKE_ANSWERED;
    }
    if (dev->cfg.port.uptime_ms != NULL && !mcp_ratelimit_take(&e->limit, now)) {
        mcp_fmt(reason, sizeof reason, "command: too many commands for %s '%s', try again later",
                mcp_kind_name(e->info.kind), e->info.id);
        refuse(dev, (size_t)index, rid, "rate_limited", reason);
        return MCP_INTAKE_ANSWERED;
    }
    remember(dev, (size_t)index, rid, NULL);
    out->actuator = (uint8_t)index;
    return MCP_INTAKE_RUN;
}

bool mcp_device_execute(mcp_device_t *dev, const mcp_pending_t *p)
{
    if (p->actuator >= dev->actuator_count) return false;
    mcp_actuator_entry_t *e = &dev->actuators[p->actuator];
    mcp_actuator_state_t next = e->state;
    char message[MCP_MESSAGE_MAX + 1] = "";
    mcp_command_apply(&e->info, &next, &p->cmd);
    if (e->execute != NULL && !e->execute(e->info.id, &p->cmd, &next, e->user, message, sizeof message)) {
        if (message[0] == '\0') mcp_fmt(message, sizeof message, "actuator '%s' failed to run the command", e->info.id);
        refuse(dev, p->actuator, p->cmd.request_id, "internal", message);
        return false;
    }
    e->state = next;
    return mcp_dev_actuator_status(dev, p->actuator, p->cmd.request_id, NULL, NULL);
}

bool mcp_device_refuse(mcp_device_t *dev, const mcp_pending_t *p, const char *code, const char *message)
{
    if (p->actuator >= dev->actuator_count) return false;
    refuse(dev, p->actuator, p->cmd.request_id, code, message);
    return true;
}

bool mcp_device_reject_oversize(mcp_device_t *dev, const char *topic, size_t topic_len, size_t total_len)
{
    mcp_topic_t t;
    char reason[MCP_REASON_MAX];
    if (!mcp_topic_parse(topic, topic_len, dev->prefix, &t, reason, sizeof reason)) return false;
    bool read = t.kind == MCP_TOPIC_SENSOR_READ;
    if ((t.kind != MCP_TOPIC_ACTUATOR_CMD && !read) || strcmp(t.device_id, dev->device_id) != 0) return false;
    mcp_fmt(reason, sizeof reason, "payload: too large for this device, %zu bytes", total_len);
    return mcp_device_publish_error(dev, MCP_SEV_WARNING, "invalid_command", reason, NULL, read ? t.component_id : NULL,
                                    read ? NULL : t.component_id);
}
