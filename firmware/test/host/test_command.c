/* Edge cases of topic parsing and command decoding: non-NUL-terminated input, long ids, truncated
 * buffers, bad JSON, trailing bytes, number formatting in reasons. */
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

/* A heap copy without a terminating NUL: reading one byte too far trips AddressSanitizer. */
static char *exact(const char *s, size_t len)
{
    char *p = malloc(len ? len : 1);
    memcpy(p, s, len);
    return p;
}

static void test_topic_without_nul(void **state)
{
    (void)state;
    const char *full = "devices/esp32-kitchen/actuators/lamp/cmdGARBAGE";
    size_t len = strlen("devices/esp32-kitchen/actuators/lamp/cmd");
    char *t = exact(full, len);
    mcp_topic_t out;
    char reason[MCP_REASON_MAX];
    assert_true(mcp_topic_parse(t, len, "devices", &out, reason, sizeof reason));
    assert_int_equal(out.kind, MCP_TOPIC_ACTUATOR_CMD);
    assert_string_equal(out.device_id, "esp32-kitchen");
    assert_string_equal(out.component_id, "lamp");
    /* one byte short: the leaf is "cm" */
    assert_false(mcp_topic_parse(t, len - 1, "devices", &out, reason, sizeof reason));
    assert_non_null(strstr(reason, "unknown actuator topic 'cm'"));
    free(t);
}

static void test_topic_ids_and_prefixes(void **state)
{
    (void)state;
    mcp_topic_t out;
    char reason[MCP_REASON_MAX], buf[MCP_TOPIC_MAX];
    const char *id32 = "abcdefghijklmnopqrstuvwxyz012345";
    const char *id33 = "abcdefghijklmnopqrstuvwxyz0123456";
    assert_true(mcp_topic_build(buf, sizeof buf, "devices", id32, MCP_TOPIC_SENSOR_DATA, id32));
    assert_true(mcp_topic_parse(buf, strlen(buf), "devices", &out, reason, sizeof reason));
    assert_string_equal(out.component_id, id32);
    assert_false(mcp_topic_build(buf, sizeof buf, "devices", id33, MCP_TOPIC_STATUS, NULL));
    assert_string_equal(buf, "");
    assert_false(mcp_topic_build(buf, sizeof buf, "devices", "dev", MCP_TOPIC_SENSOR_DATA, "a/b"));
    assert_false(mcp_topic_build(buf, sizeof buf, "devices", "dev", MCP_TOPIC_SENSOR_DATA, "a+"));
    assert_false(mcp_topic_build(buf, sizeof buf, "dev/#", "dev", MCP_TOPIC_STATUS, NULL));
    assert_false(mcp_topic_build(buf, sizeof buf, "a//b", "dev", MCP_TOPIC_STATUS, NULL));
    /* truncated output buffer: refused, never a cut topic */
    char small[20];
    assert_false(mcp_topic_build(small, sizeof small, "devices", "esp32-kitchen", MCP_TOPIC_CAPABILITIES, NULL));
    assert_string_equal(small, "");
    /* multi-level prefix */
    assert_true(mcp_topic_cmd_filter(buf, sizeof buf, "home/esp", "dev1"));
    assert_string_equal(buf, "home/esp/dev1/actuators/+/cmd");
    const char *t = "home/esp/dev1/actuators/relay/cmd";
    assert_true(mcp_topic_parse(t, strlen(t), "home/esp", &out, reason, sizeof reason));
    assert_false(mcp_topic_parse(t, strlen(t), "home", &out, reason, sizeof reason));
    /* the prefix must end at a level boundary */
    const char *t2 = "devicesX/dev1/status";
    assert_false(mcp_topic_parse(t2, strlen(t2), "devices", &out, reason, sizeof reason));
    assert_non_null(strstr(reason, "is not under the bridge prefix"));
}

static bool decode(const char *text, mcp_command_t *cmd, mcp_decode_error_t *err)
{
    char *p = exact(text, strlen(text));
    bool ok = mcp_command_decode(p, strlen(text), cmd, err);
    free(p);
    return ok;
}

static void test_decode_bounds(void **state)
{
    (void)state;
    mcp_command_t cmd;
    mcp_decode_error_t err;
    const char *good = "{\"v\":1,\"request_id\":\"r1\",\"action\":\"set\",\"value\":40}";
    assert_true(decode(good, &cmd, &err));
    assert_int_equal(cmd.action, MCP_ACTION_SET);
    assert_true(cmd.has_value);
    /* every truncation of a valid command is rejected, without reading past the given length */
    for (size_t len = 0; len < strlen(good); len++) {
        char *p = exact(good, len);
        assert_false(mcp_command_decode(p, len, &cmd, &err));
        free(p);
    }
    assert_false(mcp_command_decode(NULL, 0, &cmd, &err));
    assert_string_equal(err.reason, "payload: empty");
    /* trailing bytes after the object */
    assert_false(decode("{\"v\":1,\"request_id\":\"r1\",\"action\":\"on\"} x", &cmd, &err));
    assert_non_null(strstr(err.reason, "not valid JSON"));
    assert_true(decode("{\"v\":1,\"request_id\":\"r1\",\"action\":\"on\"}\r\n", &cmd, &err));
    /* an embedded NUL */
    char nul[] = "{\"v\":1,\"request_id\":\"r1\",\"action\":\"on\"}\0{}";
    assert_false(mcp_command_decode(nul, sizeof nul - 1, &cmd, &err));
    /* too large */
    size_t big = MCP_PAYLOAD_MAX + 1;
    char *p = malloc(big);
    memset(p, ' ', big);
    assert_false(mcp_command_decode(p, big, &cmd, &err));
    assert_string_equal(err.reason, "payload: too large, 16385 bytes (limit 16384)");
    free(p);
    /* bad UTF-8 and bad JSON */
    assert_false(decode("{\"v\":1,\"x\":\"\xff\"}", &cmd, &err));
    assert_string_equal(err.reason, "payload: not valid UTF-8");
    assert_false(decode("{\"v\":1,,}", &cmd, &err));
    assert_non_null(strstr(err.reason, "payload: not valid JSON"));
    assert_false(decode("[1,2]", &cmd, &err));
    assert_string_equal(err.reason, "payload: expected a JSON object, got array");
}

static void test_decode_salvages_request_id(void **state)
{
    (void)state;
    mcp_command_t cmd;
    mcp_decode_error_t err;
    assert_false(decode("{\"v\":2,\"request_id\":\"sy-9\",\"action\":\"on\"}", &cmd, &err));
    assert_string_equal(err.error_code, "unsupported_version");
    assert_true(err.has_request_id);
    assert_string_equal(err.request_id, "sy-9");
    assert_false(decode("{\"v\":1,\"request_id\":\"sy-10\",\"action\":\"jump\",\"value\":{}}", &cmd, &err));
    assert_string_equal(err.error_code, "invalid_command");
    assert_true(err.has_request_id);
    assert_non_null(strstr(err.reason, "action: expected one of"));
    assert_false(decode("{\"v\":1,\"request_id\":\"bad id\",\"action\":\"on\"}", &cmd, &err));
    assert_false(err.has_request_id);
    /* a 65-character request_id is not salvaged and does not overflow */
    assert_false(decode("{\"v\":1,\"request_id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"action\":\"on\"}",
                        &cmd, &err));
    assert_false(err.has_request_id);
    /* several problems are joined with "; " */
    assert_false(decode("{\"v\":1}", &cmd, &err));
    assert_string_equal(err.reason, "request_id: missing required field; action: missing required field");
    assert_false(decode("{\"v\":1.5}", &cmd, &err));
    assert_string_equal(err.reason, "v: expected integer, got number 1.5");
}

static void test_number_text(void **state)
{
    (void)state;
    const struct { double v; const char *text; } cases[] = {
        {140, "140"}, {-1, "-1"}, {0.5, "0.5"}, {21.3, "21.3"}, {0.1 + 0.2, "0.30000000000000004"},
        {1767225600123.0, "1767225600123"}, {1e21, "1e+21"}, {-0.0, "0"}, {1e-7, "0.0000001"},
    };
    char buf[48];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mcp_fmt_number(cases[i].v, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
    }
}

static void test_check_grid_and_apply(void **state)
{
    (void)state;
    mcp_actuator_info_t lamp = {.id = "lamp", .kind = MCP_ACT_DIMMER};
    mcp_actuator_info_t temp = {.id = "t", .kind = MCP_ACT_NUMBER, .has_range = true, .min = 0, .max = 1, .has_step = true, .step = 0.1};
    mcp_command_t cmd = {.action = MCP_ACTION_SET, .has_value = true, .value_kind = MCP_VAL_NUMBER, .number = 0.1 + 0.2};
    const char *code;
    char reason[MCP_REASON_MAX];
    assert_true(mcp_command_check(&temp, &cmd, &code, reason, sizeof reason)); /* 0.30000000000000004 is on the grid */
    mcp_actuator_state_t st = {.on = false, .level = 70};
    cmd.number = 40;
    mcp_command_apply(&lamp, &st, &cmd);
    assert_true(st.on);
    assert_true(st.level == 40);
    cmd.number = 0; /* set to min: off, level kept for the next "on" */
    mcp_command_apply(&lamp, &st, &cmd);
    assert_false(st.on);
    assert_true(st.level == 40);
    mcp_command_t on = {.action = MCP_ACTION_ON};
    mcp_command_apply(&lamp, &st, &on);
    assert_true(st.on && st.level == 40);
    mcp_command_t toggle = {.action = MCP_ACTION_TOGGLE};
    mcp_command_apply(&lamp, &st, &toggle);
    assert_false(st.on);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_topic_without_nul),     cmocka_unit_test(test_topic_ids_and_prefixes),
        cmocka_unit_test(test_decode_bounds),         cmocka_unit_test(test_decode_salvages_request_id),
        cmocka_unit_test(test_number_text),           cmocka_unit_test(test_check_grid_and_apply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
