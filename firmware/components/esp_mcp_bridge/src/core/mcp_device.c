#include "mcp_device_internal.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    if (s == NULL) return NULL;
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy) memcpy(copy, s, n);
    return copy;
}

/* Each owned string is freed with free(); NULL stays NULL. */
static bool dup_all(const char **dst[], const char *const src[], size_t n)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        *dst[i] = dup_or_null(src[i]);
        if (src[i] != NULL && *dst[i] == NULL) ok = false;
    }
    return ok;
}

bool mcp_device_init(mcp_device_t *dev, const mcp_device_config_t *cfg, char *reason, size_t reason_size)
{
    memset(dev, 0, sizeof *dev);
    const char *prefix = cfg->prefix ? cfg->prefix : "devices";
    if (!mcp_prefix_valid(prefix)) return mcp_fmt(reason, reason_size, "prefix: '%.64s' is not valid", prefix), false;
    if (cfg->device_id == NULL || !mcp_is_id(cfg->device_id, strlen(cfg->device_id)))
        return mcp_fmt(reason, reason_size, "device_id: invalid id '%.40s'", cfg->device_id ? cfg->device_id : ""), false;
    if (cfg->port.publish == NULL) return mcp_fmt(reason, reason_size, "port: publish is required"), false;
    dev->cfg = *cfg;
    mcp_copy(dev->prefix, sizeof dev->prefix, prefix, strlen(prefix));
    mcp_copy(dev->device_id, sizeof dev->device_id, cfg->device_id, strlen(cfg->device_id));
    const char **dst[] = {&dev->cfg.firmware_version, &dev->cfg.name, &dev->cfg.model, &dev->cfg.manufacturer,
                          &dev->cfg.hw_version};
    const char *src[] = {cfg->firmware_version, cfg->name, cfg->model, cfg->manufacturer, cfg->hw_version};
    bool ok = dup_all(dst, src, 5);
    for (size_t i = 0; i < 5; i++) dev->strings[i] = (char *)*dst[i];
    dev->cfg.prefix = dev->prefix;
    dev->cfg.device_id = dev->device_id;
    /* a dry run of the capabilities message checks the texts */
    mcp_caps_t caps = {dev->device_id, dev->cfg.firmware_version, dev->cfg.name, dev->cfg.model,
                       dev->cfg.manufacturer, dev->cfg.hw_version, NULL, 0, NULL, 0, NULL, 0};
    cJSON *probe = ok ? mcp_build_capabilities(&caps, reason, reason_size) : NULL;
    if (!ok) mcp_fmt(reason, reason_size, "out of memory");
    ok = probe != NULL;
    cJSON_Delete(probe);
    if (ok && cfg->offline_capacity > 0) {
        dev->offline_mem = calloc(cfg->offline_capacity, sizeof(mcp_buffered_reading_t));
        ok = dev->offline_mem != NULL &&
             mcp_ring_init(&dev->offline, dev->offline_mem, sizeof(mcp_buffered_reading_t), cfg->offline_capacity);
        if (!ok) mcp_fmt(reason, reason_size, "out of memory");
    }
    if (!ok) mcp_device_deinit(dev);
    return ok;
}

static void free_sensor(mcp_sensor_info_t *s)
{
    free((char *)s->id);
    free((char *)s->type);
    free((char *)s->name);
    free((char *)s->unit);
}

static void free_actuator(mcp_actuator_info_t *a)
{
    free((char *)a->id);
    free((char *)a->name);
    free((char *)a->unit);
    for (size_t k = 0; a->options != NULL && k < a->option_count; k++) free((char *)a->options[k]);
    free((void *)a->options);
}

void mcp_device_deinit(mcp_device_t *dev)
{
    for (size_t i = 0; i < dev->sensor_count; i++) free_sensor(&dev->sensors[i]);
    for (size_t i = 0; i < dev->actuator_count; i++) free_actuator(&dev->actuators[i].info);
    for (size_t i = 0; i < 6; i++) free(dev->strings[i]);
    free(dev->offline_mem);
    memset(dev, 0, sizeof *dev);
}

static bool id_taken(const mcp_device_t *dev, const char *id)
{
    for (size_t i = 0; i < dev->sensor_count; i++)
        if (strcmp(dev->sensors[i].id, id) == 0) return true;
    return mcp_dev_find_actuator(dev, id, strlen(id)) >= 0;
}

bool mcp_device_add_sensor(mcp_device_t *dev, const mcp_sensor_info_t *info, char *reason, size_t reason_size)
{
    if (dev->sensor_count >= MCP_MAX_SENSORS) return mcp_fmt(reason, reason_size, "sensors: at most 32 entries allowed"), false;
    if (!mcp_sensor_info_check(info, dev->sensor_count, reason, reason_size)) return false;
    if (id_taken(dev, info->id)) return mcp_fmt(reason, reason_size, "sensor id: duplicate id '%s'", info->id), false;
    mcp_sensor_info_t *s = &dev->sensors[dev->sensor_count];
    *s = *info;
    const char **dst[] = {&s->id, &s->type, &s->name, &s->unit};
    const char *src[] = {info->id, info->type, info->name, info->unit};
    if (!dup_all(dst, src, 4)) {
        free_sensor(s);
        return mcp_fmt(reason, reason_size, "out of memory"), false;
    }
    dev->sensor_count++;
    return true;
}

static void default_state(const mcp_actuator_info_t *a, mcp_actuator_state_t *st)
{
    double min, max, step;
    memset(st, 0, sizeof *st);
    mcp_actuator_range(a, &min, &max, &step);
    if (a->kind == MCP_ACT_DIMMER) st->level = max;
    if (a->kind == MCP_ACT_NUMBER) st->level = min;
    if (a->kind == MCP_ACT_SELECT) mcp_copy(st->option, sizeof st->option, a->options[0], strlen(a->options[0]));
}

bool mcp_device_add_actuator(mcp_device_t *dev, const mcp_actuator_info_t *info, const mcp_actuator_state_t *initial,
                             mcp_execute_fn execute, void *user, char *reason, size_t reason_size)
{
    if (dev->actuator_count >= MCP_MAX_ACTUATORS) return mcp_fmt(reason, reason_size, "actuators: at most 32 entries allowed"), false;
    if (!mcp_actuator_info_check(info, dev->actuator_count, reason, reason_size)) return false;
    if (id_taken(dev, info->id)) return mcp_fmt(reason, reason_size, "actuator id: duplicate id '%s'", info->id), false;
    mcp_actuator_entry_t *e = &dev->actuators[dev->actuator_count];
    memset(e, 0, sizeof *e);
    e->info = *info;
    e->info.options = NULL;
    e->info.option_count = 0;
    const char **dst[] = {&e->info.id, &e->info.name, &e->info.unit};
    const char *src[] = {info->id, info->name, info->unit};
    bool ok = dup_all(dst, src, 3);
    if (ok && info->kind == MCP_ACT_SELECT) {
        char **opts = calloc(info->option_count, sizeof *opts);
        e->info.options = (const char *const *)opts;
        ok = opts != NULL;
        for (size_t k = 0; ok && k < info->option_count; k++) {
            opts[k] = dup_or_null(info->options[k]);
            e->info.option_count = k + 1;
            ok = opts[k] != NULL;
        }
    }
    if (!ok) {
        free_actuator(&e->info);
        return mcp_fmt(reason, reason_size, "out of memory"), false;
    }
    if (initial) e->state = *initial;
    else default_state(&e->info, &e->state);
    e->execute = execute;
    e->user = user;
    mcp_ratelimit_init(&e->limit, dev->cfg.cmd_burst, dev->cfg.cmd_interval_ms,
                       dev->cfg.port.uptime_ms ? dev->cfg.port.uptime_ms(dev->cfg.port.ctx) : 0);
    dev->actuator_count++;
    return true;
}

bool mcp_device_lwt(const mcp_device_t *dev, char *topic, size_t topic_size, char *payload, size_t payload_size)
{
    if (!mcp_topic_build(topic, topic_size, dev->prefix, dev->device_id, MCP_TOPIC_STATUS, NULL)) return false;
    return mcp_fmt(payload, payload_size, "{\"v\":%d,\"state\":\"offline\",\"reason\":\"lwt\"}", MCP_PROTOCOL_VERSION);
}

bool mcp_dev_now(const mcp_device_t *dev, uint64_t *ts)
{
    *ts = 0;
    return dev->cfg.port.clock_ms != NULL && dev->cfg.port.clock_ms(dev->cfg.port.ctx, ts);
}

int mcp_dev_find_actuator(const mcp_device_t *dev, const char *id, size_t len)
{
    for (size_t i = 0; i < dev->actuator_count; i++) {
        const char *a = dev->actuators[i].info.id;
        if (strlen(a) == len && memcmp(a, id, len) == 0) return (int)i;
    }
    return -1;
}

bool mcp_dev_send(mcp_device_t *dev, const char *topic, cJSON *json, int qos, bool retain)
{
    if (json == NULL) return false;
    char *text = cJSON_PrintUnformatted(json);
    cJSON_Delete(json);
    if (text == NULL) return false;
    size_t len = strlen(text);
    bool ok = len <= MCP_PAYLOAD_MAX && dev->cfg.port.publish(dev->cfg.port.ctx, topic, text, len, qos, retain) >= 0;
    cJSON_free(text);
    if (ok) dev->published++;
    else dev->publish_failures++;
    return ok;
}

bool mcp_device_publish_capabilities(mcp_device_t *dev)
{
    static const char *const features[] = {MCP_FEATURE_SENSOR_READ};
    char topic[MCP_TOPIC_MAX], reason[MCP_REASON_MAX];
    mcp_actuator_info_t acts[MCP_MAX_ACTUATORS];
    for (size_t i = 0; i < dev->actuator_count; i++) acts[i] = dev->actuators[i].info;
    mcp_caps_t caps = {dev->device_id, dev->cfg.firmware_version, dev->cfg.name, dev->cfg.model, dev->cfg.manufacturer,
                       dev->cfg.hw_version, dev->sensors, dev->sensor_count, acts, dev->actuator_count, features, 1};
    if (!mcp_topic_build(topic, sizeof topic, dev->prefix, dev->device_id, MCP_TOPIC_CAPABILITIES, NULL)) return false;
    return mcp_dev_send(dev, topic, mcp_build_capabilities(&caps, reason, sizeof reason), 1, true);
}

bool mcp_device_publish_status(mcp_device_t *dev, bool online, const char *why)
{
    char topic[MCP_TOPIC_MAX], reason[MCP_REASON_MAX];
    mcp_status_t st = {0};
    st.online = online;
    if (dev->cfg.port.metrics) dev->cfg.port.metrics(dev->cfg.port.ctx, &st);
    st.online = online;
    st.firmware_version = dev->cfg.firmware_version;
    st.reason = online ? NULL : why;
    if (!mcp_topic_build(topic, sizeof topic, dev->prefix, dev->device_id, MCP_TOPIC_STATUS, NULL)) return false;
    return mcp_dev_send(dev, topic, mcp_build_status(&st, reason, sizeof reason), 1, true);
}

bool mcp_dev_send_reading(mcp_device_t *dev, size_t sensor, const mcp_reading_t *r, int qos)
{
    char topic[MCP_TOPIC_MAX], reason[MCP_REASON_MAX];
    if (!mcp_topic_build(topic, sizeof topic, dev->prefix, dev->device_id, MCP_TOPIC_SENSOR_DATA,
                         dev->sensors[sensor].id))
        return false;
    return mcp_dev_send(dev, topic, mcp_build_reading(r, reason, sizeof reason), qos, false);
}

bool mcp_device_publish_reading(mcp_device_t *dev, const char *sensor_id, const mcp_value_t *value, mcp_quality_t q)
{
    size_t i = 0;
    while (i < dev->sensor_count && strcmp(dev->sensors[i].id, sensor_id) != 0) i++;
    if (i == dev->sensor_count || value == NULL) return false;
    mcp_reading_t r;
    memset(&r, 0, sizeof r);
    r.value = *value;
    r.quality = q;
    r.has_ts = mcp_dev_now(dev, &r.ts);
    if (dev->connected) return mcp_dev_send_reading(dev, i, &r, dev->cfg.sensor_qos ? 1 : 0);
    if (dev->offline.capacity == 0) return false;
    mcp_buffered_reading_t b = {(uint8_t)i, (uint8_t)q, (uint8_t)value->kind, value->boolean, r.has_ts, r.ts,
                                value->number, ""};
    if (value->kind == MCP_VAL_STRING && !mcp_copy(b.string, sizeof b.string, value->string, strlen(value->string))) {
        dev->offline.dropped++; /* too long to keep */
        return false;
    }
    mcp_ring_push(&dev->offline, &b);
    return true;
}

static void flush_offline(mcp_device_t *dev)
{
    mcp_buffered_reading_t b;
    while (dev->connected && mcp_ring_pop(&dev->offline, &b)) {
        mcp_reading_t r;
        memset(&r, 0, sizeof r);
        r.value.kind = (mcp_val_kind_t)b.kind;
        r.value.number = b.number;
        r.value.boolean = b.boolean;
        mcp_copy(r.value.string, sizeof r.value.string, b.string, strlen(b.string));
        r.quality = (mcp_quality_t)b.quality;
        r.has_ts = b.has_ts;
        r.ts = b.ts;
        if (b.sensor < dev->sensor_count) mcp_dev_send_reading(dev, b.sensor, &r, dev->cfg.sensor_qos ? 1 : 0);
    }
}

bool mcp_device_on_connected(mcp_device_t *dev)
{
    dev->connected = true;
    bool ok = mcp_device_publish_capabilities(dev);
    ok = mcp_device_publish_status(dev, true, NULL) && ok;
    for (size_t i = 0; i < dev->actuator_count; i++) ok = mcp_dev_actuator_status(dev, i, NULL, NULL, NULL) && ok;
    flush_offline(dev);
    return ok;
}

void mcp_device_on_disconnected(mcp_device_t *dev) { dev->connected = false; }

bool mcp_device_set_actuator_state(mcp_device_t *dev, const char *actuator_id, const mcp_actuator_state_t *state)
{
    int i = mcp_dev_find_actuator(dev, actuator_id, strlen(actuator_id));
    if (i < 0 || state == NULL) return false;
    dev->actuators[i].state = *state;
    return mcp_dev_actuator_status(dev, (size_t)i, NULL, NULL, NULL);
}

bool mcp_device_publish_actuator_state(mcp_device_t *dev, const char *actuator_id)
{
    int i = mcp_dev_find_actuator(dev, actuator_id, strlen(actuator_id));
    return i >= 0 && mcp_dev_actuator_status(dev, (size_t)i, NULL, NULL, NULL);
}

bool mcp_device_publish_error(mcp_device_t *dev, mcp_severity_t sev, const char *code, const char *message,
                              const char *request_id, const char *sensor_id, const char *actuator_id)
{
    char topic[MCP_TOPIC_MAX], reason[MCP_REASON_MAX];
    mcp_error_t e = {sev, code, message, request_id, sensor_id, actuator_id, false, 0};
    e.has_ts = mcp_dev_now(dev, &e.ts);
    if (!mcp_topic_build(topic, sizeof topic, dev->prefix, dev->device_id, MCP_TOPIC_ERROR, NULL)) return false;
    return mcp_dev_send(dev, topic, mcp_build_error(&e, reason, sizeof reason), 1, false);
}

const mcp_actuator_entry_t *mcp_device_actuator(const mcp_device_t *dev, const char *actuator_id)
{
    int i = mcp_dev_find_actuator(dev, actuator_id, strlen(actuator_id));
    return i < 0 ? NULL : &dev->actuators[i];
}
