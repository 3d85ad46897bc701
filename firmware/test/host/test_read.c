/* Read requests (PROTOCOL.md 5.5) with a fake port: the second subscription and the sensor_read feature, a
 * reading with the request_id at QoS 1, unknown and unreadable sensors, undecodable requests, failed reads,
 * and every sensor-read vector through the device's intake. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

typedef struct {
    ts_port_t port;
    mcp_device_t dev;
    int reads;
    bool fail;
    double value;
} fixture_t;

static bool read_cb(const char *id, mcp_value_t *value, mcp_quality_t *quality, void *user, char *msg, size_t n)
{
    fixture_t *f = user;
    f->reads++;
    if (f->fail) return mcp_fmt(msg, n, "DHT22 read of %s timed out", id), false;
    value->kind = MCP_VAL_NUMBER;
    value->number = f->value;
    *quality = MCP_QUALITY_GOOD;
    return true;
}

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    char reason[MCP_REASON_MAX];
    mcp_device_config_t cfg = {.device_id = "esp32-kitchen", .firmware_version = "1.6.0", .port = ts_port(&f->port)};
    assert_true(mcp_device_init(&f->dev, &cfg, reason, sizeof reason));
    const char *ids[] = {"temp_air", "humidity", "door-state", "pushed"};
    for (size_t i = 0; i < 4; i++) {
        mcp_sensor_info_t s = {.id = ids[i], .type = "temperature"};
        assert_true(mcp_device_add_sensor(&f->dev, &s, reason, sizeof reason));
        /* "pushed" is published by the application only: no reader */
        if (i < 3) assert_true(mcp_device_set_sensor_reader(&f->dev, ids[i], read_cb, f));
    }
    assert_false(mcp_device_set_sensor_reader(&f->dev, "nope", read_cb, f));
    f->value = 21.6;
    mcp_device_on_connected(&f->dev);
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

static mcp_intake_t send_raw(fixture_t *f, const char *topic, const char *data, size_t len, mcp_pending_t *p)
{
    return ts_intake(&f->dev, topic, data, len, p);
}

static mcp_intake_t send_read(fixture_t *f, const char *sensor, const char *json, mcp_pending_t *p)
{
    char topic[MCP_TOPIC_MAX];
    assert_true(mcp_topic_build(topic, sizeof topic, "devices", "esp32-kitchen", MCP_TOPIC_SENSOR_READ, sensor));
    return send_raw(f, topic, json, strlen(json), p);
}

static void test_subscription_and_feature(void **state)
{
    fixture_t *f = *state;
    char filter[MCP_TOPIC_MAX];
    assert_true(mcp_device_read_filter(&f->dev, filter, sizeof filter));
    assert_string_equal(filter, "devices/esp32-kitchen/sensors/+/read");
    assert_true(mcp_device_cmd_filter(&f->dev, filter, sizeof filter));
    assert_string_equal(filter, "devices/esp32-kitchen/actuators/+/cmd");
    cJSON *caps = ts_find(&f->port, "/capabilities", 0, NULL);
    cJSON *features = cJSON_GetObjectItem(caps, "features");
    assert_int_equal(cJSON_GetArraySize(features), 1);
    assert_string_equal(cJSON_GetArrayItem(features, 0)->valuestring, "sensor_read");
    cJSON_Delete(caps);
}

static void test_read_answered_with_request_id(void **state)
{
    fixture_t *f = *state;
    mcp_pending_t p;
    ts_port_clear(&f->port);
    assert_int_equal(send_read(f, "temp_air", "{\"v\":1,\"request_id\":\"sy-r1\"}", &p), MCP_INTAKE_READ);
    assert_int_equal(f->port.count, 0); /* read from the worker, not in the intake */
    assert_int_equal(f->reads, 0);
    assert_true(mcp_device_read(&f->dev, &p));
    assert_int_equal(f->reads, 1);
    assert_int_equal(f->port.count, 1);
    const ts_publish_t *m;
    cJSON_Delete(ts_find(&f->port, "/sensors/temp_air/data", 0, &m));
    assert_true(m->qos == 1 && !m->retain);
    ts_expect_json(&f->port, "/sensors/temp_air/data", 0, "{\"v\":1,\"value\":21.6,\"quality\":\"good\",\"request_id\":\"sy-r1\"}");
    /* a QoS 1 duplicate is simply read again; a synchronised clock adds ts */
    f->port.synced = true;
    f->port.epoch_ms = 1767225600123u;
    f->value = 21.7;
    assert_int_equal(send_read(f, "temp_air", "{\"v\":1,\"request_id\":\"sy-r1\"}", &p), MCP_INTAKE_READ);
    assert_true(mcp_device_read(&f->dev, &p));
    ts_expect_json(&f->port, "/sensors/temp_air/data", 1,
                "{\"v\":1,\"value\":21.7,\"quality\":\"good\",\"ts\":1767225600123,\"request_id\":\"sy-r1\"}");
    /* readings of the device's own schedule carry no request_id and keep the sensor QoS (0) */
    mcp_value_t v = {.kind = MCP_VAL_NUMBER, .number = 22};
    assert_true(mcp_device_publish_reading(&f->dev, "temp_air", &v, MCP_QUALITY_GOOD));
    cJSON_Delete(ts_find(&f->port, "/sensors/temp_air/data", 2, &m));
    assert_int_equal(m->qos, 0);
    assert_null(strstr(m->payload, "request_id"));
}

static void test_refusals(void **state)
{
    fixture_t *f = *state;
    mcp_pending_t p;
    ts_port_clear(&f->port);
    assert_int_equal(send_read(f, "temp_attic", "{\"v\":1,\"request_id\":\"sy-3f2a1c-9\"}", &p), MCP_INTAKE_ANSWERED);
    ts_expect_json(&f->port, "/error", 0,
                "{\"v\":1,\"severity\":\"warning\",\"code\":\"unknown_sensor\",\"message\":\"sensor: device "
                "'esp32-kitchen' has no sensor 'temp_attic'\",\"request_id\":\"sy-3f2a1c-9\",\"sensor_id\":\"temp_attic\"}");
    assert_int_equal(send_read(f, "pushed", "{\"v\":1,\"request_id\":\"r2\"}", &p), MCP_INTAKE_ANSWERED);
    cJSON *e = ts_find(&f->port, "/error", 1, NULL);
    assert_string_equal(cJSON_GetObjectItem(e, "code")->valuestring, "not_readable");
    assert_string_equal(cJSON_GetObjectItem(e, "request_id")->valuestring, "r2");
    cJSON_Delete(e);
    assert_int_equal(send_read(f, "temp_air", "{\"v\":2,\"request_id\":\"r3\"}", &p), MCP_INTAKE_ANSWERED);
    e = ts_find(&f->port, "/error", 2, NULL);
    assert_string_equal(cJSON_GetObjectItem(e, "code")->valuestring, "unsupported_version");
    assert_string_equal(cJSON_GetObjectItem(e, "request_id")->valuestring, "r3"); /* salvaged */
    assert_string_equal(cJSON_GetObjectItem(e, "sensor_id")->valuestring, "temp_air");
    cJSON_Delete(e);
    assert_int_equal(send_read(f, "temp_air", "read", &p), MCP_INTAKE_ANSWERED);
    e = ts_find(&f->port, "/error", 3, NULL);
    assert_string_equal(cJSON_GetObjectItem(e, "code")->valuestring, "invalid_command");
    assert_null(cJSON_GetObjectItem(e, "request_id"));
    cJSON_Delete(e);
    assert_int_equal(f->reads, 0);
    assert_int_equal(ts_count(&f->port, "/data"), 0);
    /* a request too large to receive */
    const char *big = "devices/esp32-kitchen/sensors/humidity/read";
    assert_true(mcp_device_reject_oversize(&f->dev, big, strlen(big), 70000));
    e = ts_find(&f->port, "/error", 4, NULL);
    assert_string_equal(cJSON_GetObjectItem(e, "sensor_id")->valuestring, "humidity");
    cJSON_Delete(e);
    /* another device's request is not ours */
    assert_int_equal(send_raw(f, "devices/esp32-hall/sensors/temp_air/read", "{}", 2, &p), MCP_INTAKE_IGNORED);
}

static void test_failed_read(void **state)
{
    fixture_t *f = *state;
    mcp_pending_t p;
    ts_port_clear(&f->port);
    f->fail = true;
    assert_int_equal(send_read(f, "humidity", "{\"v\":1,\"request_id\":\"sy-r8\"}", &p), MCP_INTAKE_READ);
    assert_false(mcp_device_read(&f->dev, &p));
    assert_int_equal(f->port.count, 2);
    /* the reading first: it answers the request; then the error */
    assert_non_null(strstr(f->port.msgs[0].topic, "/sensors/humidity/data"));
    ts_expect_json(&f->port, "/sensors/humidity/data", 0, "{\"v\":1,\"value\":null,\"quality\":\"bad\",\"request_id\":\"sy-r8\"}");
    ts_expect_json(&f->port, "/error", 0,
                "{\"v\":1,\"severity\":\"error\",\"code\":\"sensor_failure\",\"message\":\"DHT22 read of humidity timed "
                "out\",\"request_id\":\"sy-r8\",\"sensor_id\":\"humidity\"}");
    /* disconnected: nothing is read nor kept (the answer is only worth something now) */
    f->fail = false;
    mcp_device_on_disconnected(&f->dev);
    assert_false(mcp_device_read(&f->dev, &p));
    assert_int_equal(f->port.count, 2);
}

static void test_every_sensor_read_vector(void **state)
{
    fixture_t *f = *state;
    cJSON *file = ts_load_vector_file("sensor-read.json");
    assert_non_null(file);
    const cJSON *v;
    size_t valid = 0, invalid = 0;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(file, "valid")) {
        mcp_pending_t p;
        size_t len;
        char *bytes = ts_wire_bytes(v, &len);
        const char *topic = cJSON_GetObjectItem(v, "topic")->valuestring;
        assert_int_equal(send_raw(f, topic, bytes, len, &p), MCP_INTAKE_READ);
        assert_string_equal(p.cmd.request_id,
                            cJSON_GetObjectItem(cJSON_GetObjectItem(v, "expect"), "request_id")->valuestring);
        free(bytes);
        valid++;
    }
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(file, "invalid")) {
        mcp_pending_t p;
        size_t len;
        char *bytes = ts_wire_bytes(v, &len);
        const char *topic = cJSON_GetObjectItem(v, "topic")->valuestring;
        const char *want = cJSON_GetObjectItem(v, "reason_contains")->valuestring;
        ts_port_clear(&f->port);
        mcp_intake_t r = send_raw(f, topic, bytes, len, &p);
        if (r == MCP_INTAKE_ANSWERED) { /* the topic is fine: the device says what is wrong with the payload */
            cJSON *e = ts_find(&f->port, "/error", 0, NULL);
            const char *message = cJSON_GetObjectItem(e, "message")->valuestring;
            if (strstr(message, want) == NULL) fail_msg("reason \"%s\" does not contain \"%s\"", message, want);
            cJSON_Delete(e);
        } else {
            assert_int_equal(r, MCP_INTAKE_IGNORED); /* a topic that is not a read request of this device */
            assert_int_equal(f->port.count, 0);
        }
        free(bytes);
        invalid++;
    }
    assert_true(valid >= 4 && invalid >= 10);
    assert_int_equal(f->reads, 0);
    cJSON_Delete(file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_subscription_and_feature, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_answered_with_request_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_sensor_read_vector, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
