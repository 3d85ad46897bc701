/* Helpers shared by the host tests: vector files, JSON comparison, a fake platform port. */
#ifndef TEST_SUPPORT_H
#define TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "cJSON.h"
#include "mcp_device.h"

/* Reads a whole file (NUL added after the data); NULL on error. */
char *ts_read_file(const char *path, size_t *len);
/* Sorted names of the *.json files in MCP_VECTORS_DIR (and the count of other entries). */
size_t ts_vector_files(char names[][64], size_t max, size_t *non_json);
/* Parses MCP_VECTORS_DIR/<name>. */
cJSON *ts_load_vector_file(const char *name);
/* The wire bytes of a vector (payload / payload_raw / payload_hex), in a malloc'd buffer WITHOUT a
 * terminating NUL, so that a parser reading past len trips AddressSanitizer. */
char *ts_wire_bytes(const cJSON *vector, size_t *len);
/* Compares two JSON values field by field; on a difference writes its path to why and returns false. */
bool ts_json_equal(const cJSON *a, const cJSON *b, const char *path, char *why, size_t why_size);
/* Asserts equality, printing the path of the first difference and both texts. */
void ts_assert_json_equal(const cJSON *actual, const cJSON *expected, const char *name);

/* ---- fake port ---- */
#define TS_MAX_PUBLISHED 256
typedef struct {
    char topic[160];
    char *payload;
    size_t len;
    int qos;
    bool retain;
} ts_publish_t;

typedef struct {
    ts_publish_t msgs[TS_MAX_PUBLISHED];
    size_t count;
    bool fail_publish;
    bool synced;
    uint64_t epoch_ms, uptime_ms;
} ts_port_t;

mcp_port_t ts_port(ts_port_t *p);
void ts_port_clear(ts_port_t *p);
/* The i-th message whose topic ends with suffix (parsed JSON, caller deletes); NULL if none. */
cJSON *ts_find(const ts_port_t *p, const char *suffix, size_t nth, const ts_publish_t **msg);
size_t ts_count(const ts_port_t *p, const char *suffix);
/* Asserts that the nth message whose topic ends with suffix is the JSON `expected_text`. */
void ts_expect_json(const ts_port_t *p, const char *suffix, size_t nth, const char *expected_text);
/* Hands `len` bytes to the device's intake as esp-mqtt does: a copy that is not NUL-terminated. */
mcp_intake_t ts_intake(mcp_device_t *dev, const char *topic, const char *data, size_t len, mcp_pending_t *p);

#endif
