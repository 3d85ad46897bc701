/* The device flows with a fake port: connect sequence, LWT, command confirmation and refusal order,
 * duplicates, unknown actuators, fragmented commands, queue_full, rate limiting, offline buffering. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

typedef struct {
    ts_port_t port;
    mcp_device_t dev;
    int runs;
    bool fail_next;
} fixture_t;

static bool run_cb(const char *id, const mcp_command_t *cmd, mcp_actuator_state_t *next, void *user, char *msg, size_t n)
{
    (void)id, (void)cmd, (void)next;
    fixture_t *f = user;
    f->runs++;
    if (f->fail_next) {
        f->fail_next = false;
        mcp_fmt(msg, n, "relay driver did not answer");
        return false;
    }
    return true;
}

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    char reason[MCP_REASON_MAX];
    mcp_device_config_t cfg = {.device_id = "esp32-kitchen", .firmware_version = "1.4.2", .name = "Kitchen",
                               .offline_capacity = 3, .cmd_burst = 5, .cmd_interval_ms = 1000, .port = ts_port(&f->port)};
    assert_true(mcp_device_init(&f->dev, &cfg, reason, sizeof reason));
    mcp_sensor_info_t temp = {.id = "temp_air", .type = "temperature", .unit = "\xc2\xb0" "C"};
    assert_true(mcp_device_add_sensor(&f->dev, &temp, reason, sizeof reason));
    mcp_actuator_info_t relay = {.id = "relay", .kind = MCP_ACT_SWITCH};
    mcp_actuator_info_t lamp = {.id = "lamp", .kind = MCP_ACT_DIMMER};
    assert_true(mcp_device_add_actuator(&f->dev, &relay, NULL, run_cb, f, reason, sizeof reason));
    assert_true(mcp_device_add_actuator(&f->dev, &lamp, NULL, run_cb, f, reason, sizeof reason));
    /* duplicate ids across sensors and actuators are refused */
    mcp_actuator_info_t dup = {.id = "temp_air", .kind = MCP_ACT_BUTTON};
    assert_false(mcp_device_add_actuator(&f->dev, &dup, NULL, NULL, NULL, reason, sizeof reason));
    assert_non_null(strstr(reason, "duplicate id"));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    ts_port_clear(&f->port);
    mcp_device_deinit(&f->dev);
    free(f);
    return 0;
}

static mcp_intake_t send_cmd(fixture_t *f, const char *actuator, const char *json, mcp_pending_t *p)
{
    char topic[MCP_TOPIC_MAX];
    assert_true(mcp_topic_build(topic, sizeof topic, "devices", "esp32-kitchen", MCP_TOPIC_ACTUATOR_CMD, actuator));
    return ts_intake(&f->dev, topic, json, strlen(json), p);
}

static void test_connect_sequence_and_lwt(void **state)
{
    fixture_t *f = *state;
    char topic[MCP_TOPIC_MAX], payload[128];
    assert_true(mcp_device_lwt(&f->dev, topic, sizeof topic, payload, sizeof payload));
    assert_string_equal(topic, "devices/esp32-kitchen/status");
    assert_string_equal(payload, "{\"v\":1,\"state\":\"offline\",\"reason\":\"lwt\"}");
    assert_true(mcp_device_cmd_filter(&f->dev, topic, sizeof topic));
    assert_string_equal(topic, "devices/esp32-kitchen/actuators/+/cmd");
    for (int round = 0; round < 2; round++) { /* every reconnect republishes everything retained */
        ts_port_clear(&f->port);
        assert_true(mcp_device_on_connected(&f->dev));
        assert_int_equal(f->port.count, 4);
        const ts_publish_t *m;
        cJSON_Delete(ts_find(&f->port, "/capabilities", 0, &m));
        assert_true(m == &f->port.msgs[0] && m->retain && m->qos == 1);
        ts_expect_json(&f->port, "/status", 0,
                    "{\"v\":1,\"state\":\"online\",\"uptime_s\":3,\"free_heap\":201000,\"rssi\":-61,"
                    "\"firmware_version\":\"1.4.2\",\"ip\":\"192.168.1.47\"}");
        ts_expect_json(&f->port, "/actuators/relay/status", 0, "{\"v\":1,\"kind\":\"switch\",\"state\":false,\"result\":\"ok\"}");
        ts_expect_json(&f->port, "/actuators/lamp/status", 0,
                    "{\"v\":1,\"kind\":\"dimmer\",\"state\":false,\"level\":100,\"result\":\"ok\"}");
        mcp_device_on_disconnected(&f->dev);
    }
    ts_port_clear(&f->port);
    assert_true(mcp_device_publish_status(&f->dev, false, "shutdown"));
    cJSON *st = ts_find(&f->port, "/status", 0, NULL);
    assert_string_equal(cJSON_GetObjectItem(st, "state")->valuestring, "offline");
    assert_string_equal(cJSON_GetObjectItem(st, "reason")->valuestring, "shutdown");
    cJSON_Delete(st);
}

static void test_command_confirmed_with_request_id(void **state)
{
    fixture_t *f = *state;
    mcp_pending_t p;
    mcp_device_on_connected(&f->dev);
    ts_port_clear(&f->port);
    assert_int_equal(send_cmd(f, "lamp", "{\"v\":1,\"request_id\":\"sy-5\",\"action\":\"set\",\"value\":40}", &p), MCP_INTAKE_RUN);
    assert_int_equal(f->port.count, 0); /* nothing is answered before it has run */
    assert_true(mcp_device_execute(&f->dev, &p));
    assert_int_equal(f->runs, 1);
    ts_expect_json(&f->port, "/actuators/lamp/status", 0,
                "{\"v\":1,\"kind\":\"dimmer\",\"state\":true,\"level\":40,\"request_id\":\"sy-5\",\"result\":\"ok\"}");
    /* the same request_id again (QoS 1 duplicate): answered with the current state, not run again */
    assert_int_equal(send_cmd(f, "lamp", "{\"v\":1,\"request_id\":\"sy-5\",\"action\":\"set\",\"value\":40}", &p),
                     MCP_INTAKE_ANSWERED);
    assert_int_equal(f->runs, 1);
    assert_int_equal(ts_count(&f->port, "/actuators/lamp/status"), 2);
    /* a synchronised clock adds ts */
    f->port.synced = true;
    f->port.epoch_ms = 1767225600123ull;
    assert_int_equal(send_cmd(f, "relay", "{\"v\":1,\"request_id\":\"sy-6\",\"action\":\"toggle\"}", &p), MCP_INTAKE_RUN);
    assert_true(mcp_device_execute(&f->dev, &p));
    ts_expect_json(&f->port, "/actuators/relay/status", 0,
                "{\"v\":1,\"kind\":\"switch\",\"state\":true,\"request_id\":\"sy-6\",\"result\":\"ok\",\"ts\":1767225600123}");
}

static void test_refusals(void **state)
{
    fixture_t *f = *state;
    mcp_pending_t p;
    mcp_device_on_connected(&f->dev);
    ts_port_clear(&f->port);
    assert_int_equal(send_cmd(f, "lamp", "{\"v\":1,\"request_id\":\"sy-6\",\"action\":\"set\",\"value\":140}", &p),
                     MCP_INTAKE_ANSWERED);
    assert_int_equal(f->port.count, 2);
    assert_non_null(strstr(f->port.msgs[0].topic, "/actuators/lamp/status")); /* status first, then the error */
    ts_expect_json(&f->port, "/actuators/lamp/status", 0,
                "{\"v\":1,\"kind\":\"dimmer\",\"state\":false,\"level\":100,\"request_id\":\"sy-6\",\"result\":\"error\","
                "\"error_code\":\"out_of_range\",\"message\":\"value: 140 is outside 0..100 of dimmer 'lamp'\"}");
    ts_expect_json(&f->port, "/error", 0,
                "{\"v\":1,\"severity\":\"warning\",\"code\":\"out_of_range\",\"message\":\"value: 140 is outside 0..100 of "
                "dimmer 'lamp'\",\"request_id\":\"sy-6\",\"actuator_id\":\"lamp\"}");
    assert_false(f->port.msgs[1].retain);
    /* bad JSON: only an error, no request_id to answer */
    ts_port_clear(&f->port);
    assert_int_equal(send_cmd(f, "relay", "{\"v\":1,", &p), MCP_INTAKE_ANSWERED);
    assert_int_equal(f->port.count, 1);
    cJSON *e = ts_find(&f->port, "/error", 0, NULL);
    assert_string_equal(cJSON_GetObjectItem(e, "code")->valuestring, "invalid_command");
    cJSON_Delete(e);
    /* unknown version with a readable request_id: refusing status + error */
    ts_port_clear(&f->port);
    assert_int_equal(send_cmd(f, "relay", "{\"v\":2,\"request_id\":\"sy-7\",\"action\":\"on\"}", &p), MCP_INTAKE_ANSWERED);
    assert_int_equal(f->port.count, 2);
    cJSON *s = ts_find(&f->port, "/actuators/relay/status", 0, NULL);
    assert_string_equal(cJSON_GetObjectItem(s, "error_code")->valuestring, "unsupported_version");
    cJSON_Delete(s);
    /* unknown actuator */
    ts_port_clear(&f->port);
    assert_int_equal(send_cmd(f, "fan", "{\"v\":1,\"request_id\":\"sy-8\",\"action\":\"on\"}", &p), MCP_INTAKE_ANSWERED);
    e = ts_find(&f->port, "/error", 0, NULL);
    assert_string_equal(cJSON_GetObjectItem(e, "code")->valuestring, "unknown_actuator");
    assert_string_equal(cJSON_GetObjectItem(e, "request_id")->valuestring, "sy-8");
    cJSON_Delete(e);
    /* another device's topic and non-command topics are ignored */
    const char *other = "devices/esp32-hall/actuators/relay/cmd";
    assert_int_equal(mcp_device_intake(&f->dev, other, strlen(other), "{}", 2, &p), MCP_INTAKE_IGNORED);
    /* queue full and a failing driver */
    ts_port_clear(&f->port);
    assert_int_equal(send_cmd(f, "relay", "{\"v\":1,\"request_id\":\"sy-9\",\"action\":\"on\"}", &p), MCP_INTAKE_RUN);
    assert_true(mcp_device_refuse(&f->dev, &p, "queue_full", "command queue full, command dropped"));
    s = ts_find(&f->port, "/actuators/relay/status", 0, NULL);
    assert_string_equal(cJSON_GetObjectItem(s, "error_code")->valuestring, "queue_full");
    cJSON_Delete(s);
    f->fail_next = true;
    assert_int_equal(send_cmd(f, "relay", "{\"v\":1,\"request_id\":\"sy-10\",\"action\":\"on\"}", &p), MCP_INTAKE_RUN);
    assert_false(mcp_device_execute(&f->dev, &p));
    assert_false(mcp_device_actuator(&f->dev, "relay")->state.on); /* state unchanged */
}

static void test_fragmented_command_and_rate_limit(void **state)
{
    fixture_t *f = *state;
    char buf[256];
    mcp_reasm_t r;
    mcp_pending_t p;
    mcp_reasm_init(&r, buf, sizeof buf);
    mcp_device_on_connected(&f->dev);
    const char *topic = "devices/esp32-kitchen/actuators/relay/cmd";
    const char *msg = "{\"v\":1,\"request_id\":\"frag-1\",\"action\":\"set\",\"value\":true}";
    size_t total = strlen(msg), step = 7, off = 0;
    mcp_reasm_status_t st = MCP_REASM_PARTIAL;
    while (off < total) {
        size_t n = total - off < step ? total - off : step;
        st = mcp_reasm_feed(&r, off ? NULL : topic, off ? 0 : strlen(topic), msg + off, n, off, total);
        off += n;
    }
    assert_int_equal(st, MCP_REASM_COMPLETE);
    assert_int_equal(mcp_device_intake(&f->dev, r.topic, r.topic_len, r.buf, r.received, &p), MCP_INTAKE_RUN);
    assert_string_equal(p.cmd.request_id, "frag-1");
    /* an oversize command is answered with an error naming the actuator */
    ts_port_clear(&f->port);
    assert_true(mcp_device_reject_oversize(&f->dev, topic, strlen(topic), 5000));
    cJSON *e = ts_find(&f->port, "/error", 0, NULL);
    assert_string_equal(cJSON_GetObjectItem(e, "actuator_id")->valuestring, "relay");
    cJSON_Delete(e);
    /* burst of 5 per actuator (one token already used above), then rate_limited until a token is back */
    char json[96];
    for (int i = 0; i < 4; i++) {
        snprintf(json, sizeof json, "{\"v\":1,\"request_id\":\"rl-%d\",\"action\":\"on\"}", i);
        assert_int_equal(send_cmd(f, "relay", json, &p), MCP_INTAKE_RUN);
    }
    ts_port_clear(&f->port);
    assert_int_equal(send_cmd(f, "relay", "{\"v\":1,\"request_id\":\"rl-x\",\"action\":\"on\"}", &p), MCP_INTAKE_ANSWERED);
    cJSON *s = ts_find(&f->port, "/actuators/relay/status", 0, NULL);
    assert_string_equal(cJSON_GetObjectItem(s, "error_code")->valuestring, "rate_limited");
    cJSON_Delete(s);
    f->port.uptime_ms = 1000;
    assert_int_equal(send_cmd(f, "relay", "{\"v\":1,\"request_id\":\"rl-y\",\"action\":\"on\"}", &p), MCP_INTAKE_RUN);
}

static void test_offline_buffer(void **state)
{
    fixture_t *f = *state;
    mcp_value_t v;
    memset(&v, 0, sizeof v);
    v.kind = MCP_VAL_NUMBER;
    f->port.synced = true;
    for (int i = 1; i <= 5; i++) { /* capacity 3: readings 1 and 2 are dropped */
        v.number = i;
        f->port.epoch_ms = 1000u * (unsigned)i;
        assert_true(mcp_device_publish_reading(&f->dev, "temp_air", &v, MCP_QUALITY_GOOD));
    }
    assert_int_equal(f->port.count, 0);
    assert_int_equal(mcp_ring_dropped(&f->dev.offline), 2);
    assert_false(mcp_device_publish_reading(&f->dev, "nope", &v, MCP_QUALITY_GOOD));
    mcp_device_on_connected(&f->dev);
    assert_int_equal(ts_count(&f->port, "/sensors/temp_air/data"), 3);
    ts_expect_json(&f->port, "/sensors/temp_air/data", 0, "{\"v\":1,\"value\":3,\"quality\":\"good\",\"ts\":3000}");
    ts_expect_json(&f->port, "/sensors/temp_air/data", 2, "{\"v\":1,\"value\":5,\"quality\":\"good\",\"ts\":5000}");
    const ts_publish_t *m;
    cJSON_Delete(ts_find(&f->port, "/sensors/temp_air/data", 0, &m));
    assert_int_equal(m->qos, 0);
    assert_false(m->retain);
    /* a failed read is sent as null with quality bad */
    v.kind = MCP_VAL_NULL;
    f->port.synced = false;
    assert_true(mcp_device_publish_reading(&f->dev, "temp_air", &v, MCP_QUALITY_BAD));
    ts_expect_json(&f->port, "/sensors/temp_air/data", 3, "{\"v\":1,\"value\":null,\"quality\":\"bad\"}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_connect_sequence_and_lwt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_command_confirmed_with_request_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fragmented_command_and_rate_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offline_buffer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
