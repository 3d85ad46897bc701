#include "test_support.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *ts_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) buf[size] = '\0';
    if (len) *len = (size_t)size;
    return buf;
}

static int cmp_names(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

size_t ts_vector_files(char names[][64], size_t max, size_t *non_json)
{
    DIR *d = opendir(MCP_VECTORS_DIR);
    size_t n = 0;
    *non_json = 0;
    if (d == NULL) return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.') continue;
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0 && len < 64 && n < max) {
            memcpy(names[n++], e->d_name, len + 1);
        } else {
            (*non_json)++;
        }
    }
    closedir(d);
    qsort(names, n, 64, cmp_names);
    return n;
}

cJSON *ts_load_vector_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", MCP_VECTORS_DIR, name);
    size_t len;
    char *text = ts_read_file(path, &len);
    if (text == NULL) return NULL;
    cJSON *json = cJSON_ParseWithLength(text, len);
    free(text);
    return json;
}

char *ts_wire_bytes(const cJSON *v, size_t *len)
{
    const cJSON *raw = cJSON_GetObjectItemCaseSensitive(v, "payload_raw");
    const cJSON *hex = cJSON_GetObjectItemCaseSensitive(v, "payload_hex");
    const cJSON *payload = cJSON_GetObjectItemCaseSensitive(v, "payload");
    char *text = NULL;
    const char *src = NULL;
    if (cJSON_IsString(raw)) src = raw->valuestring;
    else if (payload != NULL) src = text = cJSON_PrintUnformatted(payload);
    if (src != NULL) {
        *len = strlen(src);
        char *out = malloc(*len ? *len : 1);
        memcpy(out, src, *len);
        cJSON_free(text);
        return out;
    }
    if (!cJSON_IsString(hex)) return NULL;
    size_t n = strlen(hex->valuestring) / 2;
    char *out = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        unsigned int byte;
        sscanf(hex->valuestring + 2 * i, "%2x", &byte);
        out[i] = (char)byte;
    }
    *len = n;
    return out;
}

static const char *type_of(const cJSON *j)
{
    if (cJSON_IsObject(j)) return "object";
    if (cJSON_IsArray(j)) return "array";
    if (cJSON_IsString(j)) return "string";
    if (cJSON_IsNumber(j)) return "number";
    if (cJSON_IsBool(j)) return "boolean";
    if (cJSON_IsNull(j)) return "null";
    return "missing";
}

bool ts_json_equal(const cJSON *a, const cJSON *b, const char *path, char *why, size_t why_size)
{
    char sub[512];
    if (a == NULL || b == NULL || strcmp(type_of(a), type_of(b)) != 0) {
        snprintf(why, why_size, "%s: %s vs %s", path, type_of(a), type_of(b));
        return false;
    }
    if (cJSON_IsNumber(a)) {
        if (a->valuedouble != b->valuedouble) {
            snprintf(why, why_size, "%s: %.17g vs %.17g", path, a->valuedouble, b->valuedouble);
            return false;
        }
    } else if (cJSON_IsString(a)) {
        if (strcmp(a->valuestring, b->valuestring) != 0) {
            snprintf(why, why_size, "%s: '%s' vs '%s'", path, a->valuestring, b->valuestring);
            return false;
        }
    } else if (cJSON_IsBool(a)) {
        if (cJSON_IsTrue(a) != cJSON_IsTrue(b)) {
            snprintf(why, why_size, "%s: booleans differ", path);
            return false;
        }
    } else if (cJSON_IsArray(a)) {
        int n = cJSON_GetArraySize(a);
        if (n != cJSON_GetArraySize(b)) {
            snprintf(why, why_size, "%s: %d vs %d entries", path, n, cJSON_GetArraySize(b));
            return false;
        }
        for (int i = 0; i < n; i++) {
            snprintf(sub, sizeof sub, "%s[%d]", path, i);
            if (!ts_json_equal(cJSON_GetArrayItem(a, i), cJSON_GetArrayItem(b, i), sub, why, why_size)) return false;
        }
    } else if (cJSON_IsObject(a)) {
        const cJSON *item;
        cJSON_ArrayForEach(item, a) {
            snprintf(sub, sizeof sub, "%s.%s", path, item->string);
            if (!ts_json_equal(item, cJSON_GetObjectItemCaseSensitive(b, item->string), sub, why, why_size)) return false;
        }
        cJSON_ArrayForEach(item, b) {
            if (cJSON_GetObjectItemCaseSensitive(a, item->string) == NULL) {
                snprintf(why, why_size, "%s.%s: missing vs %s", path, item->string, type_of(item));
                return false;
            }
        }
    }
    return true;
}

void ts_assert_json_equal(const cJSON *actual, const cJSON *expected, const char *name)
{
    char why[600] = "";
    if (!ts_json_equal(actual, expected, "$", why, sizeof why)) {
        char *a = actual ? cJSON_PrintUnformatted(actual) : NULL;
        char *e = expected ? cJSON_PrintUnformatted(expected) : NULL;
        print_error("%s: %s\n  built:    %.600s\n  expected: %.600s\n", name, why, a ? a : "(null)", e ? e : "(null)");
        cJSON_free(a);
        cJSON_free(e);
        fail_msg("JSON differs for '%s'", name);
    }
}

static int fake_publish(void *ctx, const char *topic, const char *payload, size_t len, int qos, bool retain)
{
    ts_port_t *p = ctx;
    if (p->fail_publish || p->count == TS_MAX_PUBLISHED) return -1;
    ts_publish_t *m = &p->msgs[p->count++];
    snprintf(m->topic, sizeof m->topic, "%s", topic);
    m->payload = malloc(len + 1);
    memcpy(m->payload, payload, len);
    m->payload[len] = '\0';
    m->len = len;
    m->qos = qos;
    m->retain = retain;
    return (int)p->count;
}

static bool fake_clock(void *ctx, uint64_t *ms)
{
    ts_port_t *p = ctx;
    *ms = p->epoch_ms;
    return p->synced;
}

static void fake_metrics(void *ctx, mcp_status_t *st)
{
    (void)ctx;
    st->has_uptime = st->has_free_heap = st->has_rssi = true;
    st->uptime_s = 3;
    st->free_heap = 201000;
    st->rssi = -61;
    st->ip = "192.168.1.47";
}

static uint64_t fake_uptime(void *ctx) { return ((ts_port_t *)ctx)->uptime_ms; }

mcp_port_t ts_port(ts_port_t *p)
{
    mcp_port_t port = {fake_publish, fake_clock, fake_metrics, fake_uptime, p};
    return port;
}

void ts_port_clear(ts_port_t *p)
{
    for (size_t i = 0; i < p->count; i++) free(p->msgs[i].payload);
    p->count = 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

cJSON *ts_find(const ts_port_t *p, const char *suffix, size_t nth, const ts_publish_t **msg)
{
    for (size_t i = 0; i < p->count; i++) {
        if (ends_with(p->msgs[i].topic, suffix) && nth-- == 0) {
            if (msg) *msg = &p->msgs[i];
            return cJSON_Parse(p->msgs[i].payload);
        }
    }
    return NULL;
}

size_t ts_count(const ts_port_t *p, const char *suffix)
{
    size_t n = 0;
    for (size_t i = 0; i < p->count; i++) n += ends_with(p->msgs[i].topic, suffix);
    return n;
}

void ts_expect_json(const ts_port_t *p, const char *suffix, size_t nth, const char *expected_text)
{
    cJSON *got = ts_find(p, suffix, nth, NULL), *want = cJSON_Parse(expected_text);
    assert_non_null(want);
    ts_assert_json_equal(got, want, suffix);
    cJSON_Delete(got);
    cJSON_Delete(want);
}

mcp_intake_t ts_intake(mcp_device_t *dev, const char *topic, const char *data, size_t len, mcp_pending_t *p)
{
    char *copy = malloc(len ? len : 1);
    memcpy(copy, data, len);
    mcp_intake_t r = mcp_device_intake(dev, topic, strlen(topic), copy, len, p);
    free(copy);
    return r;
}
