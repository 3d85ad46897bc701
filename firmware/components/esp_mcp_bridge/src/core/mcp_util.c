#include "mcp_util.h"

#include "mcp_messages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; }
static bool word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
static bool rid_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == ':' || c == '-';
}

static bool all_of(const char *s, size_t len, size_t max, bool (*ok)(char))
{
    if (s == NULL || len == 0 || len > max) return false;
    for (size_t i = 0; i < len; i++) {
        if (!ok(s[i])) return false;
    }
    return true;
}

bool mcp_is_id(const char *s, size_t len) { return all_of(s, len, MCP_ID_MAX, id_char); }
bool mcp_is_word(const char *s, size_t len) { return all_of(s, len, MCP_WORD_MAX, word_char); }
bool mcp_is_request_id(const char *s, size_t len) { return all_of(s, len, MCP_REQUEST_ID_MAX, rid_char); }

/* Length of the UTF-8 sequence at s (1..4), or 0 if it is malformed. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else return 0;
    if (avail < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return n;
}

bool mcp_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq(p + i, len - i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

size_t mcp_utf8_chars(const char *s, size_t len)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) chars++;
    }
    return chars;
}

size_t mcp_utf8_prefix(const char *s, size_t len, size_t max_chars)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max_chars) return i;
            chars++;
        }
    }
    return len;
}

void mcp_fmt_number(double v, char *out, size_t out_size)
{
    if (!isfinite(v)) {
        mcp_fmt(out, out_size, "%s", isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"));
        return;
    }
    if (v == 0) { /* -0 prints as 0 in JavaScript */
        mcp_fmt(out, out_size, "0");
        return;
    }
    double mag = fabs(v);
    if (mag < 1e21 && floor(v) == v) { /* integers print in full, like JavaScript */
        mcp_fmt(out, out_size, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        char buf[48];
        snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        if (strtod(buf, NULL) != v && prec < 17) continue;
        int exp10 = atoi(strchr(buf, 'e') + 1);
        if (mag >= 1e-7 && mag < 1e21) { /* plain decimal notation with just enough digits */
            int decimals = prec - 1 - exp10;
            snprintf(buf, sizeof buf, "%.*f", decimals > 0 ? decimals : 0, v);
        }
        mcp_fmt(out, out_size, "%s", buf);
        return;
    }
}

bool mcp_fmt(char *out, size_t out_size, const char *fmt, ...)
{
    if (out == NULL || out_size == 0) return false;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, out_size, fmt, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < out_size;
}

bool mcp_copy(char *dst, size_t dst_size, const char *src, size_t len)
{
    if (dst == NULL || dst_size == 0) return false;
    if (len >= dst_size) {
        dst[0] = '\0';
        return false;
    }
    if (len > 0) memcpy(dst, src, len);
    dst[len] = '\0';
    return true;
}

const char *mcp_kind_name(mcp_actuator_kind_t kind)
{
    static const char *const names[] = {"switch", "dimmer", "number", "button", "select"};
    return (unsigned)kind < 5 ? names[kind] : "unknown";
}

const char *mcp_action_name(mcp_action_t action)
{
    static const char *const names[] = {"set", "on", "off", "toggle", "press"};
    return (unsigned)action < 5 ? names[action] : "unknown";
}

const char *mcp_quality_name(mcp_quality_t q)
{
    static const char *const names[] = {"good", "uncertain", "bad"};
    return (unsigned)q < 3 ? names[q] : "good";
}

const char *mcp_severity_name(mcp_severity_t s)
{
    static const char *const names[] = {"info", "warning", "error", "critical"};
    return (unsigned)s < 4 ? names[s] : "error";
}

const char *mcp_value_type_name(mcp_value_type_t t)
{
    static const char *const names[] = {"number", "boolean", "string"};
    return (unsigned)t < 3 ? names[t] : "number";
}

/* Declared in mcp_messages.h. */
size_t mcp_json_write(const cJSON *json, char *buf, size_t buf_size)
{
    if (json == NULL || buf == NULL || buf_size < 8) return 0;
    /* cJSON_PrintPreallocated wants a little headroom; keep 5 bytes spare as its docs advise */
    if (!cJSON_PrintPreallocated((cJSON *)json, buf, (int)(buf_size > 0x7fffffff ? 0x7fffffff : buf_size), false))
        return 0;
    size_t len = strlen(buf);
    if (len + 5 > buf_size || len > MCP_PAYLOAD_MAX) return 0;
    return len;
}
