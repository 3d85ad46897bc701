/* Backoff with jitter, the drop-oldest ring buffer, the token bucket and fragment reassembly. */
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

static uint32_t rng_value;
static uint32_t fixed_rng(void *ctx) { (void)ctx; return rng_value; }
static uint32_t lcg_rng(void *ctx)
{
    uint32_t *s = ctx;
    *s = *s * 1664525u + 1013904223u;
    return *s;
}

static void test_backoff_growth_and_cap(void **state)
{
    (void)state;
    mcp_backoff_t b;
    rng_value = 0xFFFFFFFFu;
    mcp_backoff_init(&b, 1000, 60000, fixed_rng, NULL);
    const uint32_t ceilings[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
    for (size_t i = 0; i < sizeof ceilings / sizeof ceilings[0]; i++) {
        assert_int_equal(mcp_backoff_ceiling(&b), ceilings[i]);
        uint32_t d = mcp_backoff_next(&b);
        assert_true(d >= ceilings[i] / 2 && d <= ceilings[i]);
    }
    for (int i = 0; i < 100; i++) assert_true(mcp_backoff_next(&b) <= 60000); /* no overflow after many attempts */
    mcp_backoff_reset(&b);
    assert_int_equal(mcp_backoff_ceiling(&b), 1000);
    rng_value = 0; /* lowest jitter: half of the ceiling */
    assert_int_equal(mcp_backoff_next(&b), 500);
}

static void test_backoff_jitter_bounds(void **state)
{
    (void)state;
    uint32_t seed = 42, lo = UINT32_MAX, hi = 0;
    mcp_backoff_t b;
    mcp_backoff_init(&b, 500, 8000, lcg_rng, &seed);
    for (int round = 0; round < 2000; round++) {
        uint32_t ceiling = mcp_backoff_ceiling(&b);
        uint32_t d = mcp_backoff_next(&b);
        assert_true(d >= ceiling / 2 && d <= ceiling);
        if (ceiling == 8000) {
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
        if (round % 10 == 9) mcp_backoff_reset(&b);
    }
    assert_true(hi - lo > 2000); /* the jitter really spreads the retries */
}

static void test_ring_drops_oldest_and_counts(void **state)
{
    (void)state;
    int mem[4], out;
    mcp_ring_t r;
    assert_false(mcp_ring_init(&r, NULL, sizeof(int), 4));
    assert_true(mcp_ring_init(&r, mem, sizeof(int), 4));
    assert_false(mcp_ring_pop(&r, &out));
    for (int i = 1; i <= 10; i++) {
        bool dropped = mcp_ring_push(&r, &i);
        assert_int_equal(dropped, i > 4);
    }
    assert_int_equal(mcp_ring_count(&r), 4);
    assert_int_equal(mcp_ring_dropped(&r), 6);
    for (int want = 7; want <= 10; want++) { /* the newest four, oldest first */
        assert_true(mcp_ring_pop(&r, &out));
        assert_int_equal(out, want);
    }
    assert_false(mcp_ring_pop(&r, &out));
}

static void test_ratelimit(void **state)
{
    (void)state;
    mcp_ratelimit_t rl;
    mcp_ratelimit_init(&rl, 3, 1000, 0);
    for (int i = 0; i < 3; i++) assert_true(mcp_ratelimit_take(&rl, 10));
    assert_false(mcp_ratelimit_take(&rl, 20));
    assert_int_equal(rl.limited, 1);
    assert_false(mcp_ratelimit_take(&rl, 999));
    assert_true(mcp_ratelimit_take(&rl, 1000)); /* one token per second */
    assert_false(mcp_ratelimit_take(&rl, 1500));
    assert_true(mcp_ratelimit_take(&rl, 2000));
    /* a long pause refills at most the burst */
    for (int i = 0; i < 3; i++) assert_true(mcp_ratelimit_take(&rl, 100000));
    assert_false(mcp_ratelimit_take(&rl, 100000));
    mcp_ratelimit_init(&rl, 1, 0, 0); /* interval 0: unlimited */
    for (int i = 0; i < 100; i++) assert_true(mcp_ratelimit_take(&rl, 0));
}

static void test_reassembly(void **state)
{
    (void)state;
    char buf[64];
    mcp_reasm_t r;
    mcp_reasm_init(&r, buf, sizeof buf);
    const char *topic = "devices/d1/actuators/lamp/cmd";
    const char *msg = "{\"v\":1,\"request_id\":\"frag\",\"action\":\"on\"}";
    size_t total = strlen(msg);
    assert_int_equal(mcp_reasm_feed(&r, topic, strlen(topic), msg, 10, 0, total), MCP_REASM_PARTIAL);
    assert_int_equal(mcp_reasm_feed(&r, NULL, 0, msg + 10, 20, 10, total), MCP_REASM_PARTIAL);
    assert_int_equal(mcp_reasm_feed(&r, NULL, 0, msg + 30, total - 30, 30, total), MCP_REASM_COMPLETE);
    assert_memory_equal(r.buf, msg, total);
    assert_int_equal(r.received, total);
    assert_string_equal(r.topic, topic);
    /* a fragment out of order is ignored, and a new message restarts cleanly */
    assert_int_equal(mcp_reasm_feed(&r, topic, strlen(topic), msg, 10, 0, total), MCP_REASM_PARTIAL);
    assert_int_equal(mcp_reasm_feed(&r, NULL, 0, msg + 20, 5, 20, total), MCP_REASM_BAD_SEQUENCE);
    assert_int_equal(mcp_reasm_feed(&r, topic, strlen(topic), msg, total, 0, total), MCP_REASM_COMPLETE);
    /* larger than the buffer: dropped, topic kept for the answer; its tail fragments are ignored */
    assert_int_equal(mcp_reasm_feed(&r, topic, strlen(topic), msg, 10, 0, 1000), MCP_REASM_TOO_LARGE);
    assert_string_equal(r.topic, topic);
    assert_int_equal(mcp_reasm_feed(&r, NULL, 0, msg, 10, 10, 1000), MCP_REASM_BAD_SEQUENCE);
    /* a fragment claiming more bytes than the total */
    assert_int_equal(mcp_reasm_feed(&r, topic, strlen(topic), msg, 10, 0, 15), MCP_REASM_PARTIAL);
    assert_int_equal(mcp_reasm_feed(&r, NULL, 0, msg, 10, 10, 15), MCP_REASM_BAD_SEQUENCE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backoff_growth_and_cap), cmocka_unit_test(test_backoff_jitter_bounds),
        cmocka_unit_test(test_ring_drops_oldest_and_counts), cmocka_unit_test(test_ratelimit),
        cmocka_unit_test(test_reassembly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
