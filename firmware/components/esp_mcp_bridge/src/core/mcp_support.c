#include "mcp_support.h"

#include <string.h>

void mcp_backoff_init(mcp_backoff_t *b, uint32_t base_ms, uint32_t max_ms, mcp_rng_fn rng, void *rng_ctx)
{
    b->base_ms = base_ms ? base_ms : 1;
    b->max_ms = max_ms < b->base_ms ? b->base_ms : max_ms;
    b->attempt = 0;
    b->rng = rng;
    b->rng_ctx = rng_ctx;
}

uint32_t mcp_backoff_ceiling(const mcp_backoff_t *b)
{
    uint64_t d = b->base_ms;
    for (uint32_t i = 0; i < b->attempt && d < b->max_ms; i++) d *= 2;
    return d > b->max_ms ? b->max_ms : (uint32_t)d;
}

uint32_t mcp_backoff_next(mcp_backoff_t *b)
{
    uint32_t ceiling = mcp_backoff_ceiling(b);
    if (b->attempt < 64) b->attempt++;
    uint32_t half = ceiling / 2;
    uint32_t span = ceiling - half; /* jitter in [half, ceiling] */
    uint32_t r = b->rng ? b->rng(b->rng_ctx) : 0;
    return half + (uint32_t)((uint64_t)r % ((uint64_t)span + 1));
}

void mcp_backoff_reset(mcp_backoff_t *b) { b->attempt = 0; }

bool mcp_ring_init(mcp_ring_t *r, void *mem, size_t item_size, size_t capacity)
{
    memset(r, 0, sizeof *r);
    if (mem == NULL || item_size == 0 || capacity == 0) return false;
    r->mem = mem;
    r->item_size = item_size;
    r->capacity = capacity;
    return true;
}

bool mcp_ring_push(mcp_ring_t *r, const void *item)
{
    bool dropped = false;
    if (r->capacity == 0) return false;
    if (r->count == r->capacity) { /* full: forget the oldest */
        r->head = (r->head + 1) % r->capacity;
        r->count--;
        r->dropped++;
        dropped = true;
    }
    size_t tail = (r->head + r->count) % r->capacity;
    memcpy(r->mem + tail * r->item_size, item, r->item_size);
    r->count++;
    return dropped;
}

bool mcp_ring_peek(const mcp_ring_t *r, void *out)
{
    if (r->count == 0) return false;
    memcpy(out, r->mem + r->head * r->item_size, r->item_size);
    return true;
}

bool mcp_ring_pop(mcp_ring_t *r, void *out)
{
    if (!mcp_ring_peek(r, out)) return false;
    r->head = (r->head + 1) % r->capacity;
    r->count--;
    return true;
}

size_t mcp_ring_count(const mcp_ring_t *r) { return r->count; }
uint32_t mcp_ring_dropped(const mcp_ring_t *r) { return r->dropped; }

void mcp_ratelimit_init(mcp_ratelimit_t *rl, uint32_t burst, uint32_t interval_ms, uint64_t now_ms)
{
    rl->burst = burst ? burst : 1;
    rl->interval_ms = interval_ms;
    rl->tokens = rl->burst;
    rl->last_ms = now_ms;
    rl->limited = 0;
}

bool mcp_ratelimit_take(mcp_ratelimit_t *rl, uint64_t now_ms)
{
    if (rl->interval_ms == 0) return true;
    if (now_ms > rl->last_ms) {
        uint64_t refill = (now_ms - rl->last_ms) / rl->interval_ms;
        if (refill > 0) {
            uint64_t t = rl->tokens + refill;
            rl->tokens = t > rl->burst ? rl->burst : (uint32_t)t;
            rl->last_ms += refill * rl->interval_ms; /* keep the remainder towards the next token */
            if (rl->tokens == rl->burst) rl->last_ms = now_ms;
        }
    } else if (now_ms < rl->last_ms) {
        rl->last_ms = now_ms; /* clock went backwards: restart the interval */
    }
    if (rl->tokens == 0) {
        rl->limited++;
        return false;
    }
    rl->tokens--;
    return true;
}

void mcp_reasm_init(mcp_reasm_t *r, char *buf, size_t capacity)
{
    memset(r, 0, sizeof *r);
    r->buf = buf;
    r->capacity = capacity;
}

mcp_reasm_status_t mcp_reasm_feed(mcp_reasm_t *r, const char *topic, size_t topic_len, const char *data,
                                  size_t data_len, size_t offset, size_t total_len)
{
    if (offset == 0) { /* a new message; a half-received one is abandoned */
        r->active = false;
        r->skipping = false;
        r->received = 0;
        r->total_len = total_len;
        if (topic == NULL || topic_len == 0 || !mcp_copy(r->topic, sizeof r->topic, topic, topic_len)) {
            r->topic_len = 0;
            r->skipping = total_len > data_len;
            return MCP_REASM_BAD_SEQUENCE;
        }
        r->topic_len = topic_len;
        if (total_len < data_len || total_len > r->capacity) {
            r->skipping = total_len > data_len; /* swallow the rest of this message */
            return MCP_REASM_TOO_LARGE;
        }
        r->active = true;
    } else if (!r->active || offset != r->received || total_len != r->total_len) {
        if (r->skipping && offset + data_len >= total_len) r->skipping = false;
        return MCP_REASM_BAD_SEQUENCE;
    }
    if (data_len > r->total_len - r->received) {
        r->active = false;
        return MCP_REASM_BAD_SEQUENCE;
    }
    if (data_len > 0) memcpy(r->buf + r->received, data, data_len);
    r->received += data_len;
    if (r->received < r->total_len) return MCP_REASM_PARTIAL;
    r->active = false;
    return MCP_REASM_COMPLETE;
}
