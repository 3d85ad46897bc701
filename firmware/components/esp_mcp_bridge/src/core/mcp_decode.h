/* The first steps of decoding every payload a device receives (an actuator command or a read request):
 * size, UTF-8, JSON, a JSON object, the protocol version and the request_id, with the reasons worded as the
 * TypeScript end words them. Then the read request itself, which is nothing more (PROTOCOL.md §4.8). */
#ifndef MCP_DECODE_H
#define MCP_DECODE_H

#include "cJSON.h"
#include "mcp_util.h"

typedef struct {
    const char *error_code;       /* "invalid_command" or "unsupported_version" when decoding failed */
    char reason[MCP_REASON_MAX];  /* "<field>: <problem>[; ...]" */
    bool has_request_id;          /* a valid request_id could be read even though decoding failed */
    char request_id[MCP_REQUEST_ID_MAX + 1];
} mcp_decode_error_t;

/* A decoded read request: Switchyard asks for a reading now. */
typedef struct {
    char request_id[MCP_REQUEST_ID_MAX + 1];
} mcp_read_request_t;

/* Appends "; " + text to a reason. */
void mcp_add_issue(char *reason, size_t size, const char *text);
/* A JSON value as the TypeScript end names it in reasons ("integer 42", "'text'", "array", ...). */
void mcp_describe_json(const cJSON *v, char *out, size_t size);

/* Size, UTF-8, JSON, object and v of data[0..len) (need not be NUL-terminated); salvages a valid request_id
 * into err. Returns the object (the caller deletes it) or NULL with err filled. */
cJSON *mcp_decode_envelope(const char *data, size_t len, mcp_decode_error_t *err);
/* The required request_id of root: copied into out (MCP_REQUEST_ID_MAX + 1 bytes), or an issue added to err. */
bool mcp_decode_request_id(const cJSON *root, char *out, mcp_decode_error_t *err);

/* Decodes a read request. Returns true and fills req, or false and fills err. */
bool mcp_read_decode(const char *data, size_t len, mcp_read_request_t *req, mcp_decode_error_t *err);

#endif
