/* Connection and flow-control helpers of the portable core: exponential backoff with jitter, a bounded
 * drop-oldest ring buffer, a token-bucket rate limiter and reassembly of fragmented MQTT messages. */
#ifndef MCP_SUPPORT_H
#define MCP_SUPPORT_H

#include "mcp_util.h"

/* ---- backoff: delay = min(max, base * 2^attempt), then "equal jitter": uniform in [delay/2, delay] ---- */
typedef uint32_t (*mcp_rng_fn)(void *ctx); /* uniform 32-bit random numbers (esp_random on the device) */

typedef struct {
    uint32_t base_ms, max_ms;
    uint32_t attempt;
    mcp_rng_fn rng;
    void *rng_ctx;
} mcp_backoff_t;

void mcp_backoff_init(mcp_backoff_t *b, uint32_t base_ms, uint32_t max_ms, mcp_rng_fn rng, void *rng_ctx);
/* The delay before the next attempt; counts the attempt. */
uint32_t mcp_backoff_next(mcp_backoff_t *b);
/* The upper bound of the next delay without jitter (for tests and logs). */
uint32_t mcp_backoff_ceiling(const mcp_backoff_t *b);
void mcp_backoff_reset(mcp_backoff_t *b);

/* ---- ring buffer of fixed-size items; when full, a push drops the oldest item and counts it ---- */
typedef struct {
    uint8_t *mem;
    size_t item_size, capacity;
    size_t head, count;
    uint32_t dropped;
} mcp_ring_t;

/* mem must hold item_size * capacity bytes. */
bool mcp_ring_init(mcp_ring_t *r, void *mem, size_t item_size, size_t capacity);
/* Returns true if an older item had to be dropped to make room. */
bool mcp_ring_push(mcp_ring_t *r, const void *item);
/* Copies the oldest item to out and removes it; false when empty. */
bool mcp_ring_pop(mcp_ring_t *r, void *out);
/* Copies the oldest item without removing it. */
bool mcp_ring_peek(const mcp_ring_t *r, void *out);
size_t mcp_ring_count(const mcp_ring_t *r);
uint32_t mcp_ring_dropped(const mcp_ring_t *r);

/* ---- token bucket: burst tokens, refilled at one token per interval_ms; interval 0 = unlimited ---- */
typedef struct {
    uint32_t burst, interval_ms;
    uint32_t tokens;
    uint64_t last_ms;
    uint32_t limited; /* how many calls were refused */
} mcp_ratelimit_t;

void mcp_ratelimit_init(mcp_ratelimit_t *rl, uint32_t burst, uint32_t interval_ms, uint64_t now_ms);
/* Takes one token; false (and counted) when none is left. */
bool mcp_ratelimit_take(mcp_ratelimit_t *rl, uint64_t now_ms);

/* ---- reassembly of an MQTT message delivered in fragments (esp-mqtt MQTT_EVENT_DATA) ---- */
typedef enum {
    MCP_REASM_PARTIAL = 0, /* more fragments expected */
    MCP_REASM_COMPLETE,    /* topic/data hold the whole message */
    MCP_REASM_TOO_LARGE,   /* total_len exceeds the buffer: the message is dropped (topic kept for a reply) */
    MCP_REASM_BAD_SEQUENCE /* a fragment that does not continue the current message; ignored */
} mcp_reasm_status_t;

typedef struct {
    char *buf;
    size_t capacity;
    char topic[128];
    size_t topic_len;
    size_t total_len, received;
    bool active, skipping;
} mcp_reasm_t;

void mcp_reasm_init(mcp_reasm_t *r, char *buf, size_t capacity);
/* topic/topic_len are only present on the first fragment (offset 0). */
mcp_reasm_status_t mcp_reasm_feed(mcp_reasm_t *r, const char *topic, size_t topic_len, const char *data,
                                  size_t data_len, size_t offset, size_t total_len);

#endif
