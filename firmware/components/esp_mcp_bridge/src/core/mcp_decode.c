#include "mcp_decode.h"

#include <math.h>
#include <string.h>

void mcp_add_issue(char *reason, size_t size, const char *text)
{
    size_t used = strlen(reason);
    if (used >= size - 1) return;
    mcp_fmt(reason + used, size - used, "%s%s", used ? "; " : "", text);
}

void mcp_describe_json(const cJSON *v, char *out, size_t size)
{
    char num[40];
    if (cJSON_IsNull(v)) mcp_fmt(out, size, "null");
    else if (cJSON_IsArray(v)) mcp_fmt(out, size, "array");
    else if (cJSON_IsObject(v)) mcp_fmt(out, size, "object");
    else if (cJSON_IsBool(v)) mcp_fmt(out, size, "boolean");
    else if (cJSON_IsString(v)) {
        const char *s = v->valuestring;
        size_t len = strlen(s);
        if (mcp_utf8_chars(s, len) > 40) mcp_fmt(out, size, "string '%.*s...'", (int)mcp_utf8_prefix(s, len, 37), s);
        else mcp_fmt(out, size, "'%s'", s);
    } else {
        mcp_fmt_number(v->valuedouble, num, sizeof num);
        bool integer = isfinite(v->valuedouble) && floor(v->valuedouble) == v->valuedouble;
        mcp_fmt(out, size, "%s %s", integer ? "integer" : "number", num);
    }
}

static const char *json_type(const cJSON *v)
{
    if (cJSON_IsObject(v)) return "object";
    if (cJSON_IsArray(v)) return "array";
    if (cJSON_IsString(v)) return "string";
    if (cJSON_IsNumber(v)) return "number";
    if (cJSON_IsBool(v)) return "boolean";
    return "null";
}

static bool only_space(const char *p, const char *end)
{
    for (; p < end; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') return false;
    }
    return true;
}

/* v is checked before anything else, so a newer major version is told apart from a broken payload. */
static bool version_ok(const cJSON *root, mcp_decode_error_t *err)
{
    char what[96];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "v");
    if (v == NULL) {
        mcp_fmt(err->reason, sizeof err->reason, "v: missing required field");
        return false;
    }
    if (!cJSON_IsNumber(v) || floor(v->valuedouble) != v->valuedouble) {
        mcp_describe_json(v, what, sizeof what);
        mcp_fmt(err->reason, sizeof err->reason, "v: expected integer, got %s", what);
        return false;
    }
    if (v->valuedouble != MCP_PROTOCOL_VERSION) {
        mcp_fmt_number(v->valuedouble, what, sizeof what);
        mcp_fmt(err->reason, sizeof err->reason, "v: unsupported protocol version %s (this end speaks %d)", what,
                MCP_PROTOCOL_VERSION);
        err->error_code = "unsupported_version";
        return false;
    }
    return true;
}

cJSON *mcp_decode_envelope(const char *data, size_t len, mcp_decode_error_t *err)
{
    memset(err, 0, sizeof *err);
    err->error_code = "invalid_command";
    if (data == NULL || len == 0) {
        mcp_fmt(err->reason, sizeof err->reason, "payload: empty");
        return NULL;
    }
    if (len > MCP_PAYLOAD_MAX) {
        mcp_fmt(err->reason, sizeof err->reason, "payload: too large, %zu bytes (limit %d)", len, MCP_PAYLOAD_MAX);
        return NULL;
    }
    if (!mcp_utf8_valid(data, len)) {
        mcp_fmt(err->reason, sizeof err->reason, "payload: not valid UTF-8");
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(data, len, &end, false);
    if (root == NULL || end == NULL || end > data + len || !only_space(end, data + len)) {
        /* cJSON sets end to where it stopped, also on failure (no use of its global error pointer) */
        size_t at = end != NULL && end >= data && end <= data + len ? (size_t)(end - data) : 0;
        mcp_fmt(err->reason, sizeof err->reason, "payload: not valid JSON (unexpected input at byte %zu)", at);
        cJSON_Delete(root);
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        mcp_fmt(err->reason, sizeof err->reason, "payload: expected a JSON object, got %s", json_type(root));
        cJSON_Delete(root);
        return NULL;
    }
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(root, "request_id");
    if (cJSON_IsString(rid) && mcp_is_request_id(rid->valuestring, strlen(rid->valuestring))) {
        err->has_request_id = true; /* salvaged, so a refusal can still name the request */
        mcp_copy(err->request_id, sizeof err->request_id, rid->valuestring, strlen(rid->valuestring));
    }
    if (!version_ok(root, err)) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

bool mcp_decode_request_id(const cJSON *root, char *out, mcp_decode_error_t *err)
{
    char text[MCP_REASON_MAX], what[96];
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(root, "request_id");
    if (rid == NULL) {
        mcp_add_issue(err->reason, sizeof err->reason, "request_id: missing required field");
        return false;
    }
    if (!cJSON_IsString(rid)) {
        mcp_describe_json(rid, what, sizeof what);
        mcp_fmt(text, sizeof text, "request_id: expected string, got %s", what);
        mcp_add_issue(err->reason, sizeof err->reason, text);
        return false;
    }
    if (!err->has_request_id) {
        mcp_describe_json(rid, what, sizeof what);
        mcp_fmt(text, sizeof text, "request_id: invalid request_id %s (1 to 64 characters of A-Z a-z 0-9 _ . : -)", what);
        mcp_add_issue(err->reason, sizeof err->reason, text);
        return false;
    }
    memcpy(out, err->request_id, MCP_REQUEST_ID_MAX + 1);
    return true;
}

bool mcp_read_decode(const char *data, size_t len, mcp_read_request_t *req, mcp_decode_error_t *err)
{
    memset(req, 0, sizeof *req);
    cJSON *root = mcp_decode_envelope(data, len, err);
    bool ok = root != NULL && mcp_decode_request_id(root, req->request_id, err);
    cJSON_Delete(root); /* other fields are ignored, as everywhere in the protocol */
    if (!ok) memset(req, 0, sizeof *req);
    return ok;
}
