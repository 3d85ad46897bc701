/* Runs every vector file in firmware/protocol/vectors against the C core:
 *  - device-published kinds: the core builds each valid vector's input and must produce its `expect`
 *    (compared as parsed JSON, field by field); invalid vectors with a bad topic must fail the topic parser
 *    with the same reason text;
 *  - actuator-cmd and sensor-read (received by the device): valid payloads decode to `expect`, invalid ones are
 *    rejected with a reason containing `reason_contains`; `command_checks` give the stated result and error_code.
 * A vector file of a kind this test does not know fails the run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

static const char *const KNOWN_KINDS[] = {"actuator-cmd", "actuator-status", "capabilities", "error",
                                          "sensor-data",  "sensor-read",     "status"};
#define N_KINDS 7

static const cJSON *get(const cJSON *o, const char *key) { return cJSON_GetObjectItemCaseSensitive(o, key); }
static const char *str(const cJSON *o, const char *key)
{
    const cJSON *j = get(o, key);
    return cJSON_IsString(j) ? j->valuestring : NULL;
}
static bool num(const cJSON *o, const char *key, double *out)
{
    const cJSON *j = get(o, key);
    if (cJSON_IsNumber(j)) *out = j->valuedouble;
    return cJSON_IsNumber(j);
}

/* ---- payload → core input ---- */

static void to_sensor(const cJSON *j, mcp_sensor_info_t *s)
{
    memset(s, 0, sizeof *s);
    s->id = str(j, "id");
    s->type = str(j, "type");
    s->name = str(j, "name");
    s->unit = str(j, "unit");
    const char *vt = str(j, "value_type");
    s->value_type = vt && !strcmp(vt, "boolean") ? MCP_VT_BOOLEAN : vt && !strcmp(vt, "string") ? MCP_VT_STRING : MCP_VT_NUMBER;
    s->has_min = num(j, "min", &s->min);
    s->has_max = num(j, "max", &s->max);
    s->has_step = num(j, "step", &s->step);
}

static mcp_actuator_kind_t kind_of(const char *k)
{
    static const char *const names[] = {"switch", "dimmer", "number", "button", "select"};
    for (int i = 0; i < 5; i++)
        if (k && !strcmp(k, names[i])) return (mcp_actuator_kind_t)i;
    fail_msg("unknown actuator kind '%s'", k ? k : "(none)");
    return MCP_ACT_SWITCH;
}

/* options points into an array the caller provides (MCP_MAX_OPTIONS entries). */
static void to_actuator(const cJSON *j, mcp_actuator_info_t *a, const char **options)
{
    memset(a, 0, sizeof *a);
    a->id = str(j, "id");
    a->kind = kind_of(str(j, "kind"));
    a->name = str(j, "name");
    a->unit = str(j, "unit");
    bool has_min = num(j, "min", &a->min), has_max = num(j, "max", &a->max);
    assert_true(has_min == has_max);
    a->has_range = has_min && has_max;
    a->has_step = num(j, "step", &a->step);
    const cJSON *opt;
    cJSON_ArrayForEach(opt, get(j, "options")) { options[a->option_count++] = opt->valuestring; }
    a->options = a->option_count ? options : NULL;
}

static cJSON *build_capabilities(const cJSON *p, char *reason)
{
    static mcp_sensor_info_t sensors[MCP_MAX_SENSORS];
    static mcp_actuator_info_t acts[MCP_MAX_ACTUATORS];
    static const char *options[MCP_MAX_ACTUATORS][MCP_MAX_OPTIONS];
    static const char *features[MCP_MAX_FEATURES];
    mcp_caps_t c = {str(p, "device_id"), str(p, "firmware_version"), str(p, "name"), str(p, "model"),
                    str(p, "manufacturer"), str(p, "hw_version"), sensors, 0, acts, 0, features, 0};
    const cJSON *item;
    cJSON_ArrayForEach(item, get(p, "sensors")) { to_sensor(item, &sensors[c.sensor_count++]); }
    cJSON_ArrayForEach(item, get(p, "actuators")) {
        to_actuator(item, &acts[c.actuator_count], options[c.actuator_count]);
        c.actuator_count++;
    }
    cJSON_ArrayForEach(item, get(p, "features")) { features[c.feature_count++] = item->valuestring; }
    return mcp_build_capabilities(&c, reason, MCP_REASON_MAX);
}

static cJSON *build_status(const cJSON *p, char *reason)
{
    mcp_status_t st;
    double d;
    memset(&st, 0, sizeof st);
    st.online = str(p, "state") && !strcmp(str(p, "state"), "online");
    if ((st.has_uptime = num(p, "uptime_s", &d))) st.uptime_s = (uint64_t)d;
    if ((st.has_free_heap = num(p, "free_heap", &d))) st.free_heap = (uint32_t)d;
    if ((st.has_min_free_heap = num(p, "min_free_heap", &d))) st.min_free_heap = (uint32_t)d;
    if ((st.has_rssi = num(p, "rssi", &d))) st.rssi = (int)d;
    st.firmware_version = str(p, "firmware_version");
    st.ip = str(p, "ip");
    st.reason = str(p, "reason");
    return mcp_build_status(&st, reason, MCP_REASON_MAX);
}

static uint64_t ts_of(const cJSON *p, bool *has)
{
    double d = 0;
    *has = num(p, "ts", &d);
    return (uint64_t)d;
}

static mcp_quality_t quality_of(const char *q)
{
    if (q && !strcmp(q, "bad")) return MCP_QUALITY_BAD;
    if (q && !strcmp(q, "uncertain")) return MCP_QUALITY_UNCERTAIN;
    return MCP_QUALITY_GOOD;
}

static cJSON *build_reading(const cJSON *p, char *reason)
{
    static mcp_reading_t r;
    memset(&r, 0, sizeof r);
    const cJSON *v = get(p, "value");
    if (cJSON_IsBool(v)) r.value.kind = MCP_VAL_BOOL, r.value.boolean = cJSON_IsTrue(v);
    else if (cJSON_IsNumber(v)) r.value.kind = MCP_VAL_NUMBER, r.value.number = v->valuedouble;
    else if (cJSON_IsString(v)) {
        r.value.kind = MCP_VAL_STRING;
        snprintf(r.value.string, sizeof r.value.string, "%s", v->valuestring);
    } else r.value.kind = MCP_VAL_NULL;
    r.quality = quality_of(str(p, "quality"));
    r.ts = ts_of(p, &r.has_ts);
    r.request_id = str(p, "request_id");
    return mcp_build_reading(&r, reason, MCP_REASON_MAX);
}

static cJSON *build_actuator_status(const cJSON *p, char *reason)
{
    mcp_actuator_state_t state;
    mcp_actuator_status_t st;
    memset(&state, 0, sizeof state);
    memset(&st, 0, sizeof st);
    st.kind = kind_of(str(p, "kind"));
    const cJSON *s = get(p, "state");
    if (cJSON_IsBool(s)) state.on = cJSON_IsTrue(s);
    if (cJSON_IsNumber(s)) state.level = s->valuedouble;
    if (cJSON_IsString(s)) snprintf(state.option, sizeof state.option, "%s", s->valuestring);
    num(p, "level", &state.level);
    st.state = &state;
    st.request_id = str(p, "request_id");
    st.refused = str(p, "result") && !strcmp(str(p, "result"), "error");
    st.error_code = str(p, "error_code");
    st.message = str(p, "message");
    st.ts = ts_of(p, &st.has_ts);
    return mcp_build_actuator_status(&st, reason, MCP_REASON_MAX);
}

static cJSON *build_error(const cJSON *p, char *reason)
{
    static const char *const sev[] = {"info", "warning", "error", "critical"};
    mcp_error_t e;
    memset(&e, 0, sizeof e);
    for (int i = 0; i < 4; i++)
        if (str(p, "severity") && !strcmp(str(p, "severity"), sev[i])) e.severity = (mcp_severity_t)i;
    e.code = str(p, "code");
    e.message = str(p, "message");
    e.request_id = str(p, "request_id");
    e.sensor_id = str(p, "sensor_id");
    e.actuator_id = str(p, "actuator_id");
    e.ts = ts_of(p, &e.has_ts);
    return mcp_build_error(&e, reason, MCP_REASON_MAX);
}

/* A decoded read request back as JSON, to compare with `expect`. */
static cJSON *read_json(const mcp_read_request_t *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "v", 1);
    cJSON_AddStringToObject(o, "request_id", r->request_id);
    return o;
}

/* A decoded command back as JSON, to compare with `expect`. */
static cJSON *command_json(const mcp_command_t *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "v", 1);
    cJSON_AddStringToObject(o, "request_id", c->request_id);
    cJSON_AddStringToObject(o, "action", mcp_action_name(c->action));
    if (c->has_value && c->value_kind == MCP_VAL_NUMBER) cJSON_AddNumberToObject(o, "value", c->number);
    if (c->has_value && c->value_kind == MCP_VAL_BOOL) cJSON_AddBoolToObject(o, "value", c->boolean);
    if (c->has_value && c->value_kind == MCP_VAL_STRING) cJSON_AddStringToObject(o, "value", c->string);
    return o;
}

/* ---- the runner ---- */

typedef struct {
    size_t valid, invalid, topic_checked, checks;
} counts_t;
static counts_t totals;

static void assert_contains(const char *haystack, const char *needle, const char *name)
{
    if (strstr(haystack, needle) == NULL) fail_msg("'%s': reason \"%s\" does not contain \"%s\"", name, haystack, needle);
}

static void run_valid(const char *kind, mcp_topic_kind_t tk, const cJSON *v, const char *prefix)
{
    const char *name = str(v, "name");
    mcp_topic_t t;
    char reason[MCP_REASON_MAX] = "";
    const char *topic = str(v, "topic");
    if (!mcp_topic_parse(topic, strlen(topic), prefix, &t, reason, sizeof reason)) fail_msg("'%s': topic: %s", name, reason);
    assert_int_equal(t.kind, tk);
    size_t len;
    char *bytes = ts_wire_bytes(v, &len);
    assert_non_null(bytes);
    cJSON *built = NULL;
    if (tk == MCP_TOPIC_ACTUATOR_CMD) {
        mcp_command_t cmd;
        mcp_decode_error_t err;
        if (!mcp_command_decode(bytes, len, &cmd, &err)) fail_msg("'%s': decode failed: %s", name, err.reason);
        built = command_json(&cmd);
    } else if (tk == MCP_TOPIC_SENSOR_READ) {
        mcp_read_request_t req;
        mcp_decode_error_t err;
        if (!mcp_read_decode(bytes, len, &req, &err)) fail_msg("'%s': decode failed: %s", name, err.reason);
        built = read_json(&req);
    } else {
        cJSON *payload = cJSON_ParseWithLength(bytes, len);
        assert_non_null(payload);
        if (tk == MCP_TOPIC_CAPABILITIES) built = build_capabilities(payload, reason);
        else if (tk == MCP_TOPIC_STATUS) built = build_status(payload, reason);
        else if (tk == MCP_TOPIC_SENSOR_DATA) built = build_reading(payload, reason);
        else if (tk == MCP_TOPIC_ACTUATOR_STATUS) built = build_actuator_status(payload, reason);
        else if (tk == MCP_TOPIC_ERROR) built = build_error(payload, reason);
        cJSON_Delete(payload);
        if (built == NULL) fail_msg("'%s' (%s): the core refused to build it: %s", name, kind, reason);
        /* what goes on the wire also fits the protocol's size limit and reads back the same */
        char *text = cJSON_PrintUnformatted(built);
        assert_true(strlen(text) <= MCP_PAYLOAD_MAX);
        cJSON *again = cJSON_Parse(text);
        ts_assert_json_equal(again, get(v, "expect"), name);
        cJSON_Delete(again);
        cJSON_free(text);
    }
    ts_assert_json_equal(built, get(v, "expect"), name);
    cJSON_Delete(built);
    free(bytes);
    totals.valid++;
}

static void run_invalid(mcp_topic_kind_t tk, const cJSON *v, const char *prefix)
{
    const char *name = str(v, "name"), *want = str(v, "reason_contains"), *topic = str(v, "topic");
    mcp_topic_t t;
    char reason[MCP_REASON_MAX] = "";
    if (!mcp_topic_parse(topic, strlen(topic), prefix, &t, reason, sizeof reason)) {
        assert_contains(reason, want, name); /* the topic is what is wrong */
        totals.topic_checked++;
        totals.invalid++;
        return;
    }
    if (t.kind != tk) fail_msg("'%s': a topic that parses must be of the file's kind", name);
    if (tk == MCP_TOPIC_ACTUATOR_CMD) {
        size_t len;
        char *bytes = ts_wire_bytes(v, &len);
        mcp_command_t cmd;
        mcp_decode_error_t err;
        if (mcp_command_decode(bytes, len, &cmd, &err)) fail_msg("'%s': decoded, but must be rejected", name);
        assert_contains(err.reason, want, name);
        free(bytes);
    }
    if (tk == MCP_TOPIC_SENSOR_READ) {
        size_t len;
        char *bytes = ts_wire_bytes(v, &len);
        mcp_read_request_t req;
        mcp_decode_error_t err;
        if (mcp_read_decode(bytes, len, &req, &err)) fail_msg("'%s': decoded, but must be rejected", name);
        assert_contains(err.reason, want, name);
        free(bytes);
    }
    totals.invalid++;
}

static void run_command_checks(const cJSON *file)
{
    static mcp_actuator_info_t acts[MCP_MAX_ACTUATORS];
    static const char *options[MCP_MAX_ACTUATORS][MCP_MAX_OPTIONS];
    size_t n = 0;
    const cJSON *item;
    char reason[MCP_REASON_MAX];
    cJSON_ArrayForEach(item, get(file, "command_capabilities")) {
        to_actuator(item, &acts[n], options[n]);
        assert_true(mcp_actuator_info_check(&acts[n], n, reason, sizeof reason));
        n++;
    }
    cJSON_ArrayForEach(item, get(file, "command_checks")) {
        const char *name = str(item, "name"), *id = str(item, "actuator_id");
        size_t i = 0;
        while (i < n && strcmp(acts[i].id, id) != 0) i++;
        if (i == n) fail_msg("'%s': no actuator '%s' in command_capabilities", name, id);
        char *text = cJSON_PrintUnformatted(get(item, "payload"));
        mcp_command_t cmd;
        mcp_decode_error_t err;
        if (!mcp_command_decode(text, strlen(text), &cmd, &err)) fail_msg("'%s': must decode: %s", name, err.reason);
        cJSON_free(text);
        const char *code = NULL;
        bool ok = mcp_command_check(&acts[i], &cmd, &code, reason, sizeof reason);
        if (!strcmp(str(item, "result"), "ok")) {
            if (!ok) fail_msg("'%s': refused: %s", name, reason);
        } else {
            if (ok) fail_msg("'%s': accepted, but must be refused", name);
            assert_string_equal(code, str(item, "error_code"));
            if (str(item, "reason_contains")) assert_contains(reason, str(item, "reason_contains"), name);
        }
        totals.checks++;
    }
}

static void run_file(const char *file_name)
{
    cJSON *file = ts_load_vector_file(file_name);
    if (file == NULL) fail_msg("%s: not readable JSON", file_name);
    const char *kind = str(file, "kind"), *prefix = str(file, "bridge_prefix");
    assert_non_null(kind);
    assert_non_null(prefix);
    mcp_topic_kind_t tk;
    if (!mcp_topic_kind_from_name(kind, &tk)) fail_msg("%s: unknown kind '%s': teach the C core and this test about it", file_name, kind);
    char expected_name[64];
    snprintf(expected_name, sizeof expected_name, "%s.json", kind);
    assert_string_equal(file_name, expected_name);
    int qos;
    bool retain;
    mcp_topic_publish_options(tk, &qos, &retain);
    assert_int_equal(qos, (int)get(file, "qos")->valuedouble);
    assert_int_equal(retain, cJSON_IsTrue(get(file, "retain")));
    bool from_switchyard = tk == MCP_TOPIC_ACTUATOR_CMD || tk == MCP_TOPIC_SENSOR_READ;
    assert_string_equal(str(file, "publisher"), from_switchyard ? "switchyard" : "device");
    const cJSON *v;
    assert_true(cJSON_GetArraySize(get(file, "valid")) > 0);
    cJSON_ArrayForEach(v, get(file, "valid")) { run_valid(kind, tk, v, prefix); }
    cJSON_ArrayForEach(v, get(file, "invalid")) { run_invalid(tk, v, prefix); }
    if (tk == MCP_TOPIC_ACTUATOR_CMD) run_command_checks(file);
    else assert_null(get(file, "command_checks"));
    cJSON_Delete(file);
}

static void test_folder_holds_only_known_kinds(void **state)
{
    (void)state;
    char names[32][64];
    size_t other;
    size_t n = ts_vector_files(names, 32, &other);
    assert_int_equal(other, 0);
    assert_int_equal(n, N_KINDS);
    for (size_t i = 0; i < n; i++) {
        cJSON *file = ts_load_vector_file(names[i]);
        assert_non_null(file);
        const char *kind = str(file, "kind");
        bool known = false;
        for (size_t k = 0; k < N_KINDS; k++) known = known || (kind && !strcmp(kind, KNOWN_KINDS[k]));
        if (!known) fail_msg("%s: unknown kind '%s': teach the C core and this test about it", names[i], kind ? kind : "?");
        char expected[64];
        snprintf(expected, sizeof expected, "%s.json", KNOWN_KINDS[i]);
        assert_string_equal(names[i], expected); /* sorted names: every known kind is present once */
        cJSON_Delete(file);
    }
}

static void test_every_vector_file(void **state)
{
    (void)state;
    char names[32][64];
    size_t other;
    size_t n = ts_vector_files(names, 32, &other);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) run_file(names[i]);
    print_message("vectors: %zu valid, %zu invalid (%zu rejected by the topic parser), %zu command checks\n",
                  totals.valid, totals.invalid, totals.topic_checked, totals.checks);
    assert_true(totals.valid >= 40);
    assert_true(totals.checks >= 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folder_holds_only_known_kinds),
        cmocka_unit_test(test_every_vector_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
