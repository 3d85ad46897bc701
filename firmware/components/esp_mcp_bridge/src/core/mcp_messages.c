#include "mcp_messages.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...)                                     \
    do {                                              \
        mcp_fmt(reason, reason_size, __VA_ARGS__);    \
        goto fail;                                    \
    } while (0)

/* NULL/"" = absent is fine; otherwise 1..max characters of valid UTF-8. */
static bool text_ok(const char *s, size_t max_chars)
{
    if (s == NULL) return true;
    size_t len = strlen(s);
    return len > 0 && mcp_utf8_valid(s, len) && mcp_utf8_chars(s, len) <= max_chars;
}

static bool id_ok(const char *s) { return s != NULL && mcp_is_id(s, strlen(s)); }
static bool word_ok(const char *s) { return s != NULL && mcp_is_word(s, strlen(s)); }

cJSON *mcp_add_number(cJSON *obj, const char *key, double v) { return cJSON_AddNumberToObject(obj, key, v); }

static void add_opt_string(cJSON *obj, const char *key, const char *s)
{
    if (s != NULL) cJSON_AddStringToObject(obj, key, s);
}

bool mcp_sensor_info_check(const mcp_sensor_info_t *s, size_t i, char *reason, size_t reason_size)
{
    if (!id_ok(s->id)) FAIL("sensors[%zu].id: invalid id '%.40s'", i, s->id ? s->id : "");
    if (!word_ok(s->type)) FAIL("sensors[%zu].type: invalid word '%.40s'", i, s->type ? s->type : "");
    if (!text_ok(s->name, 64)) FAIL("sensors[%zu].name: 1 to 64 characters required", i);
    if (!text_ok(s->unit, 16)) FAIL("sensors[%zu].unit: 1 to 16 characters required", i);
    if ((unsigned)s->value_type > MCP_VT_STRING) FAIL("sensors[%zu].value_type: unknown value", i);
    if ((s->has_min && !isfinite(s->min)) || (s->has_max && !isfinite(s->max)))
        FAIL("sensors[%zu].min: expected a finite number", i);
    if (s->has_min && s->has_max && !(s->max > s->min)) FAIL("sensors[%zu].max: max must be greater than min", i);
    if (s->has_step && !(isfinite(s->step) && s->step > 0)) FAIL("sensors[%zu].step: step must be greater than 0", i);
    return true;
fail:
    return false;
}

bool mcp_actuator_info_check(const mcp_actuator_info_t *a, size_t i, char *reason, size_t reason_size)
{
    if (!id_ok(a->id)) FAIL("actuators[%zu].id: invalid id '%.40s'", i, a->id ? a->id : "");
    if ((unsigned)a->kind > MCP_ACT_SELECT) FAIL("actuators[%zu].kind: unknown value", i);
    if (!text_ok(a->name, 64)) FAIL("actuators[%zu].name: 1 to 64 characters required", i);
    if (a->kind == MCP_ACT_NUMBER && !text_ok(a->unit, 16)) FAIL("actuators[%zu].unit: 1 to 16 characters required", i);
    if (a->kind == MCP_ACT_NUMBER && !a->has_range) FAIL("actuators[%zu].min: missing required field", i);
    if (a->kind == MCP_ACT_DIMMER || a->kind == MCP_ACT_NUMBER) {
        if (a->has_range && !(isfinite(a->min) && isfinite(a->max) && a->max > a->min))
            FAIL("actuators[%zu].max: max must be greater than min", i);
        if (a->has_step && !(isfinite(a->step) && a->step > 0))
            FAIL("actuators[%zu].step: step must be greater than 0", i);
    }
    if (a->kind == MCP_ACT_SELECT) {
        if (a->options == NULL || a->option_count == 0) FAIL("actuators[%zu].options: at least 1 entries allowed", i);
        if (a->option_count > MCP_MAX_OPTIONS)
            FAIL("actuators[%zu].options: at most 32 entries allowed, got %zu", i, a->option_count);
        for (size_t k = 0; k < a->option_count; k++) {
            if (a->options[k] == NULL || !text_ok(a->options[k], MCP_OPTION_MAX))
                FAIL("actuators[%zu].options[%zu]: 1 to 32 characters required", i, k);
            for (size_t j = 0; j < k; j++) {
                if (strcmp(a->options[j], a->options[k]) == 0)
                    FAIL("actuators[%zu].options[%zu]: duplicate option '%s'", i, k, a->options[k]);
            }
        }
    }
    return true;
fail:
    return false;
}

static cJSON *sensor_json(const mcp_sensor_info_t *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", s->id);
    cJSON_AddStringToObject(o, "type", s->type);
    add_opt_string(o, "name", s->name);
    add_opt_string(o, "unit", s->unit);
    cJSON_AddStringToObject(o, "value_type", mcp_value_type_name(s->value_type));
    if (s->has_min) mcp_add_number(o, "min", s->min);
    if (s->has_max) mcp_add_number(o, "max", s->max);
    if (s->has_step) mcp_add_number(o, "step", s->step);
    return o;
}

static cJSON *actuator_json(const mcp_actuator_info_t *a)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", a->id);
    cJSON_AddStringToObject(o, "kind", mcp_kind_name(a->kind));
    add_opt_string(o, "name", a->name);
    if (a->kind == MCP_ACT_DIMMER || a->kind == MCP_ACT_NUMBER) {
        if (a->kind == MCP_ACT_NUMBER) add_opt_string(o, "unit", a->unit);
        mcp_add_number(o, "min", a->has_range ? a->min : 0);
        mcp_add_number(o, "max", a->has_range ? a->max : 100);
        mcp_add_number(o, "step", a->has_step ? a->step : 1);
    }
    if (a->kind == MCP_ACT_SELECT) {
        cJSON *opts = cJSON_AddArrayToObject(o, "options");
        for (size_t k = 0; k < a->option_count; k++) cJSON_AddItemToArray(opts, cJSON_CreateString(a->options[k]));
    }
    return o;
}

/* Ids are unique across sensors and actuators. */
static bool ids_unique(const mcp_caps_t *c, char *reason, size_t reason_size)
{
    size_t total = c->sensor_count + c->actuator_count;
    for (size_t i = 0; i < total; i++) {
        const char *id = i < c->sensor_count ? c->sensors[i].id : c->actuators[i - c->sensor_count].id;
        for (size_t j = 0; j < i; j++) {
            const char *other = j < c->sensor_count ? c->sensors[j].id : c->actuators[j - c->sensor_count].id;
            if (strcmp(id, other) == 0) {
                if (i < c->sensor_count) FAIL("sensors[%zu].id: duplicate id '%s'", i, id);
                FAIL("actuators[%zu].id: duplicate id '%s'", i - c->sensor_count, id);
            }
        }
    }
    return true;
fail:
    return false;
}

cJSON *mcp_build_capabilities(const mcp_caps_t *c, char *reason, size_t reason_size)
{
    if (!id_ok(c->device_id)) FAIL("device_id: invalid id");
    if (c->firmware_version == NULL || !text_ok(c->firmware_version, 32)) FAIL("firmware_version: 1 to 32 characters required");
    if (!text_ok(c->name, 64) || !text_ok(c->model, 64) || !text_ok(c->manufacturer, 64))
        FAIL("name: at most 64 characters allowed");
    if (!text_ok(c->hw_version, 32)) FAIL("hw_version: at most 32 characters allowed");
    if (c->sensor_count > MCP_MAX_SENSORS) FAIL("sensors: at most 32 entries allowed, got %zu", c->sensor_count);
    if (c->actuator_count > MCP_MAX_ACTUATORS) FAIL("actuators: at most 32 entries allowed, got %zu", c->actuator_count);
    for (size_t i = 0; i < c->sensor_count; i++) {
        if (!mcp_sensor_info_check(&c->sensors[i], i, reason, reason_size)) return NULL;
    }
    for (size_t i = 0; i < c->actuator_count; i++) {
        if (!mcp_actuator_info_check(&c->actuators[i], i, reason, reason_size)) return NULL;
    }
    if (!ids_unique(c, reason, reason_size)) return NULL;
    if (c->feature_count > MCP_MAX_FEATURES) FAIL("features: at most 32 entries allowed, got %zu", c->feature_count);
    for (size_t i = 0; i < c->feature_count; i++)
        if (!word_ok(c->features[i])) FAIL("features[%zu]: invalid word '%.40s'", i, c->features[i] ? c->features[i] : "");

    cJSON *o = cJSON_CreateObject();
    mcp_add_number(o, "v", MCP_PROTOCOL_VERSION);
    cJSON_AddStringToObject(o, "device_id", c->device_id);
    cJSON_AddStringToObject(o, "firmware_version", c->firmware_version);
    add_opt_string(o, "name", c->name);
    add_opt_string(o, "model", c->model);
    add_opt_string(o, "manufacturer", c->manufacturer);
    add_opt_string(o, "hw_version", c->hw_version);
    cJSON *sensors = cJSON_AddArrayToObject(o, "sensors");
    for (size_t i = 0; i < c->sensor_count; i++) cJSON_AddItemToArray(sensors, sensor_json(&c->sensors[i]));
    cJSON *acts = cJSON_AddArrayToObject(o, "actuators");
    for (size_t i = 0; i < c->actuator_count; i++) cJSON_AddItemToArray(acts, actuator_json(&c->actuators[i]));
    cJSON *features = c->feature_count > 0 ? cJSON_AddArrayToObject(o, "features") : NULL;
    for (size_t i = 0; i < c->feature_count; i++) cJSON_AddItemToArray(features, cJSON_CreateString(c->features[i]));
    return o;
fail:
    return NULL;
}

cJSON *mcp_build_status(const mcp_status_t *st, char *reason, size_t reason_size)
{
    if (st->online && !(st->has_uptime && st->has_free_heap && st->has_rssi && st->firmware_version != NULL))
        FAIL("status: online needs uptime_s, free_heap, rssi and firmware_version");
    if (st->has_rssi && (st->rssi < -127 || st->rssi > 0)) FAIL("rssi: out of range: must be -127..0, got %d", st->rssi);
    if (st->firmware_version != NULL && !text_ok(st->firmware_version, 32)) FAIL("firmware_version: 1 to 32 characters required");
    if (st->reason != NULL && !word_ok(st->reason)) FAIL("reason: invalid word");
    if (st->ip != NULL && (st->ip[0] == '\0' || strlen(st->ip) > 45)) FAIL("ip: expected an IPv4 or IPv6 address");

    cJSON *o = cJSON_CreateObject();
    mcp_add_number(o, "v", MCP_PROTOCOL_VERSION);
    cJSON_AddStringToObject(o, "state", st->online ? "online" : "offline");
    if (st->has_uptime) mcp_add_number(o, "uptime_s", (double)st->uptime_s);
    if (st->has_free_heap) mcp_add_number(o, "free_heap", st->free_heap);
    if (st->has_min_free_heap) mcp_add_number(o, "min_free_heap", st->min_free_heap);
    if (st->has_rssi) mcp_add_number(o, "rssi", st->rssi);
    add_opt_string(o, "firmware_version", st->firmware_version);
    add_opt_string(o, "ip", st->ip);
    add_opt_string(o, "reason", st->reason);
    return o;
fail:
    return NULL;
}

cJSON *mcp_build_reading(const mcp_reading_t *r, char *reason, size_t reason_size)
{
    const mcp_value_t *v = &r->value;
    cJSON *val = NULL;
    if (r->request_id != NULL && !mcp_is_request_id(r->request_id, strlen(r->request_id)))
        FAIL("request_id: invalid request_id");
    switch (v->kind) {
    case MCP_VAL_NULL: val = cJSON_CreateNull(); break;
    case MCP_VAL_BOOL: val = cJSON_CreateBool(v->boolean); break;
    case MCP_VAL_NUMBER:
        /* JSON has no NaN/Infinity: an unreadable value is null */
        val = isfinite(v->number) ? cJSON_CreateNumber(v->number) : cJSON_CreateNull();
        break;
    case MCP_VAL_STRING: {
        size_t len = strnlen(v->string, sizeof v->string);
        if (len == sizeof v->string || !mcp_utf8_valid(v->string, len) ||
            mcp_utf8_chars(v->string, len) > MCP_SENSOR_STRING_MAX)
            FAIL("value: at most 255 characters of UTF-8 allowed");
        val = cJSON_CreateString(v->string);
        break;
    }
    default: FAIL("value: unknown value kind");
    }
    cJSON *o = cJSON_CreateObject();
    mcp_add_number(o, "v", MCP_PROTOCOL_VERSION);
    cJSON_AddItemToObject(o, "value", val);
    cJSON_AddStringToObject(o, "quality", mcp_quality_name(r->quality));
    if (r->has_ts) mcp_add_number(o, "ts", (double)r->ts);
    add_opt_string(o, "request_id", r->request_id);
    return o;
fail:
    return NULL;
}

/* Adds s clipped to max_chars characters (on a character boundary). */
static void add_clipped(cJSON *o, const char *key, const char *s, size_t max_chars)
{
    char buf[MCP_MESSAGE_MAX * 4 + 1];
    size_t len = strlen(s);
    size_t keep = mcp_utf8_prefix(s, len, max_chars);
    if (keep > sizeof buf - 1) keep = mcp_utf8_prefix(s, sizeof buf - 1, max_chars);
    mcp_copy(buf, sizeof buf, s, keep);
    cJSON_AddStringToObject(o, key, buf);
}

cJSON *mcp_build_actuator_status(const mcp_actuator_status_t *st, char *reason, size_t reason_size)
{
    if ((unsigned)st->kind > MCP_ACT_SELECT) FAIL("kind: unknown value");
    if (st->kind != MCP_ACT_BUTTON && st->state == NULL) FAIL("state: missing required field");
    if (st->request_id != NULL && !mcp_is_request_id(st->request_id, strlen(st->request_id)))
        FAIL("request_id: invalid request_id");
    if (st->refused && !word_ok(st->error_code)) FAIL("error_code: missing required field (required when result is 'error')");
    if (st->message != NULL && (st->message[0] == '\0' || !mcp_utf8_valid(st->message, strlen(st->message))))
        FAIL("message: 1 to 256 characters of UTF-8 required");
    if (st->kind == MCP_ACT_SELECT && st->state->option[0] == '\0') FAIL("state: must not be empty");
    if ((st->kind == MCP_ACT_DIMMER || st->kind == MCP_ACT_NUMBER) && !isfinite(st->state->level))
        FAIL("level: expected a finite number");

    cJSON *o = cJSON_CreateObject();
    mcp_add_number(o, "v", MCP_PROTOCOL_VERSION);
    cJSON_AddStringToObject(o, "kind", mcp_kind_name(st->kind));
    switch (st->kind) {
    case MCP_ACT_SWITCH: cJSON_AddBoolToObject(o, "state", st->state->on); break;
    case MCP_ACT_DIMMER:
        cJSON_AddBoolToObject(o, "state", st->state->on);
        mcp_add_number(o, "level", st->state->level);
        break;
    case MCP_ACT_NUMBER: mcp_add_number(o, "state", st->state->level); break;
    case MCP_ACT_SELECT: cJSON_AddStringToObject(o, "state", st->state->option); break;
    case MCP_ACT_BUTTON: break;
    }
    add_opt_string(o, "request_id", st->request_id);
    cJSON_AddStringToObject(o, "result", st->refused ? "error" : "ok");
    if (st->refused) cJSON_AddStringToObject(o, "error_code", st->error_code);
    if (st->message != NULL) add_clipped(o, "message", st->message, MCP_MESSAGE_MAX);
    if (st->has_ts) mcp_add_number(o, "ts", (double)st->ts);
    return o;
fail:
    return NULL;
}

cJSON *mcp_build_error(const mcp_error_t *e, char *reason, size_t reason_size)
{
    if ((unsigned)e->severity > MCP_SEV_CRITICAL) FAIL("severity: unknown value");
    if (!word_ok(e->code)) FAIL("code: invalid word");
    if (e->message == NULL || e->message[0] == '\0' || !mcp_utf8_valid(e->message, strlen(e->message)))
        FAIL("message: 1 to 256 characters of UTF-8 required");

    cJSON *o = cJSON_CreateObject();
    mcp_add_number(o, "v", MCP_PROTOCOL_VERSION);
    cJSON_AddStringToObject(o, "severity", mcp_severity_name(e->severity));
    cJSON_AddStringToObject(o, "code", e->code);
    add_clipped(o, "message", e->message, MCP_MESSAGE_MAX);
    if (e->request_id != NULL && mcp_is_request_id(e->request_id, strlen(e->request_id)))
        cJSON_AddStringToObject(o, "request_id", e->request_id);
    if (id_ok(e->sensor_id)) cJSON_AddStringToObject(o, "sensor_id", e->sensor_id);
    if (id_ok(e->actuator_id)) cJSON_AddStringToObject(o, "actuator_id", e->actuator_id);
    if (e->has_ts) mcp_add_number(o, "ts", (double)e->ts);
    return o;
fail:
    return NULL;
}
