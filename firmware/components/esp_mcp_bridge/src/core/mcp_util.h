/* Small helpers of the portable core: validation of ids and words, UTF-8, number text, bounded strings. */
#ifndef MCP_UTIL_H
#define MCP_UTIL_H

#include <stdarg.h>
#include "mcp_bridge_types.h"

#define MCP_REASON_MAX 320 /* a reason fits a message of 256 characters plus a field path */

/* ^[a-z0-9_-]{1,32}$ over len bytes (no NUL needed). */
bool mcp_is_id(const char *s, size_t len);
/* ^[a-z0-9_]{1,32}$ */
bool mcp_is_word(const char *s, size_t len);
/* ^[A-Za-z0-9_.:-]{1,64}$ */
bool mcp_is_request_id(const char *s, size_t len);
/* Well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool mcp_utf8_valid(const char *s, size_t len);
/* Number of characters (code points) of valid UTF-8. */
size_t mcp_utf8_chars(const char *s, size_t len);
/* Byte length of the longest prefix of s with at most max_chars characters. */
size_t mcp_utf8_prefix(const char *s, size_t len, size_t max_chars);
/* A number as JavaScript prints it (shortest text that reads back to the same double). */
void mcp_fmt_number(double v, char *out, size_t out_size);
/* snprintf that never overflows and reports truncation: returns false if the text did not fit. */
bool mcp_fmt(char *out, size_t out_size, const char *fmt, ...);
/* Copies at most len bytes plus NUL; false if it did not fit. */
bool mcp_copy(char *dst, size_t dst_size, const char *src, size_t len);

const char *mcp_kind_name(mcp_actuator_kind_t kind);
const char *mcp_action_name(mcp_action_t action);
const char *mcp_quality_name(mcp_quality_t q);
const char *mcp_severity_name(mcp_severity_t s);
const char *mcp_value_type_name(mcp_value_type_t t);

#endif
