/* A Switchyard device on Linux: the portable core of esp_mcp_bridge (src/core, the code the ESP32 runs)
 * on a real MQTT broker through libmosquitto. Only the platform glue is here -- publish/clock/metrics
 * callbacks, the MQTT connection with Last Will and backoff, a main loop with readings every 500 ms. Every
 * protocol message (capabilities, status, readings, command answers, Last Will) is built by the core.
 *
 *   host_device --host 127.0.0.1 --port 1883 --device-id host-dev [--prefix devices] [--seconds S]
 *               [--name NAME] [--username U --password P]
 *
 * Like the basic ESP-IDF example it has a temperature sensor, a relay (switch) and an LED (dimmer).
 * SIGINT/SIGTERM or the end of --seconds: retained offline status (reason "shutdown"), then DISCONNECT. */
#include <errno.h>
#include <math.h>
#include <mosquitto.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include "mcp_device.h"

#define READ_INTERVAL_MS 500u
#define STATUS_INTERVAL_MS 30000u
#define RX_MAX 1024u /* largest command accepted, as CONFIG_MCP_BRIDGE_RX_BUFFER_SIZE */
#define KEEPALIVE_S 30

typedef struct {
    const char *host, *device_id, *prefix, *name, *username, *password;
    int port;
    long seconds; /* 0 = until a signal */
} options_t;

typedef struct {
    struct mosquitto *mosq;
    mcp_device_t dev;
    mcp_backoff_t backoff;
    uint64_t start_ms;
    uint32_t rng;
    bool socket_up;     /* a TCP connection exists (CONNACK may still be pending) */
    int last_mid;       /* message id of the last publish, to wait for the offline status */
    bool last_mid_done;
} host_t;

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static uint64_t clock_now(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- the platform callbacks of the core (mcp_port_t) ---- */

static int port_publish(void *ctx, const char *topic, const char *payload, size_t len, int qos, bool retain)
{
    host_t *h = ctx;
    int mid = 0;
    int rc = mosquitto_publish(h->mosq, &mid, topic, (int)len, payload, qos, retain);
    if (rc != MOSQ_ERR_SUCCESS) return -1;
    h->last_mid = mid;
    h->last_mid_done = false;
    return mid;
}

static bool port_clock_ms(void *ctx, uint64_t *epoch_ms)
{
    (void)ctx;
    *epoch_ms = clock_now(CLOCK_REALTIME); /* the host clock counts as synchronised */
    return true;
}

static uint64_t port_uptime_ms(void *ctx)
{
    host_t *h = ctx;
    return clock_now(CLOCK_MONOTONIC) - h->start_ms;
}

static void port_metrics(void *ctx, mcp_status_t *st)
{
    struct sysinfo si;
    st->has_uptime = st->has_free_heap = st->has_rssi = true;
    st->uptime_s = port_uptime_ms(ctx) / 1000u;
    st->free_heap = 0;
    if (sysinfo(&si) == 0) {
        unsigned long long free_bytes = (unsigned long long)si.freeram * si.mem_unit;
        st->free_heap = free_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)free_bytes;
    }
    st->rssi = -127; /* no WiFi here: the port's "cannot be read" value */
}

static uint32_t port_random(void *ctx)
{
    host_t *h = ctx; /* xorshift32: jitter only, nothing secret */
    h->rng ^= h->rng << 13;
    h->rng ^= h->rng >> 17;
    h->rng ^= h->rng << 5;
    return h->rng;
}

/* ---- the "hardware" ---- */

static bool run_actuator(const char *id, const mcp_command_t *cmd, mcp_actuator_state_t *next, void *user,
                         char *message, size_t message_size)
{
    (void)user, (void)message, (void)message_size;
    printf("actuator %s -> %s level %.0f (request %s)\n", id, next->on ? "on" : "off", next->level, cmd->request_id);
    return true;
}

/* The "sensor": also what a read request gets (PROTOCOL.md 5.5). */
static bool read_temperature(const char *id, mcp_value_t *v, mcp_quality_t *q, void *user, char *msg, size_t n)
{
    (void)id, (void)msg, (void)n;
    double t = (double)port_uptime_ms(user) / 1000.0;
    v->kind = MCP_VAL_NUMBER;
    v->number = round((21.0 + 2.0 * sin(t / 30.0)) * 10.0) / 10.0;
    *q = MCP_QUALITY_GOOD;
    return true;
}

static void read_sensors(host_t *h)
{
    mcp_value_t v;
    mcp_quality_t q;
    memset(&v, 0, sizeof v);
    read_temperature("temperature", &v, &q, h, NULL, 0);
    mcp_device_publish_reading(&h->dev, "temperature", &v, q); /* buffered while offline */
}

/* ---- MQTT ---- */

static void on_connect(struct mosquitto *mosq, void *obj, int rc)
{
    host_t *h = obj;
    char filter[MCP_TOPIC_MAX];
    if (rc != 0) {
        fprintf(stderr, "host_device: broker refused the connection: %s\n", mosquitto_connack_string(rc));
        return; /* the broker closes the socket; the main loop retries with backoff */
    }
    mcp_backoff_reset(&h->backoff);
    if (mcp_device_cmd_filter(&h->dev, filter, sizeof filter)) mosquitto_subscribe(mosq, NULL, filter, 1);
    if (mcp_device_read_filter(&h->dev, filter, sizeof filter)) mosquitto_subscribe(mosq, NULL, filter, 1);
    mcp_device_on_connected(&h->dev); /* capabilities, online status, actuator states, buffered readings */
    printf("connected as %s\n", h->dev.device_id);
}

static void on_disconnect(struct mosquitto *mosq, void *obj, int rc)
{
    (void)mosq;
    host_t *h = obj;
    h->socket_up = false;
    mcp_device_on_disconnected(&h->dev);
    if (rc != 0 && !g_stop) fprintf(stderr, "host_device: connection lost (%d)\n", rc);
}

static void on_publish(struct mosquitto *mosq, void *obj, int mid)
{
    (void)mosq;
    host_t *h = obj;
    if (mid == h->last_mid) h->last_mid_done = true;
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *m)
{
    (void)mosq;
    host_t *h = obj;
    mcp_pending_t pending;
    size_t len = m->payloadlen > 0 ? (size_t)m->payloadlen : 0;
    if (len > RX_MAX) {
        mcp_device_reject_oversize(&h->dev, m->topic, strlen(m->topic), len);
        return;
    }
    mcp_intake_t what = mcp_device_intake(&h->dev, m->topic, strlen(m->topic), len ? m->payload : "", len, &pending);
    if (what == MCP_INTAKE_RUN) mcp_device_execute(&h->dev, &pending);
    if (what == MCP_INTAKE_READ) mcp_device_read(&h->dev, &pending);
}

/* Opens (or reopens) the TCP connection; the CONNACK arrives later in on_connect. */
static void try_connect(host_t *h, const options_t *o, bool *first, uint64_t *retry_at)
{
    int rc = *first ? mosquitto_connect(h->mosq, o->host, o->port, KEEPALIVE_S) : mosquitto_reconnect(h->mosq);
    *first = false;
    if (rc == MOSQ_ERR_SUCCESS) {
        h->socket_up = true;
        return;
    }
    uint32_t delay = mcp_backoff_next(&h->backoff);
    fprintf(stderr, "host_device: connect to %s:%d failed (%s), retry in %u ms\n", o->host, o->port,
            rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc), (unsigned)delay);
    *retry_at = clock_now(CLOCK_MONOTONIC) + delay;
}

/* Clean stop (PROTOCOL.md 5.3): retained offline status, wait for its PUBACK, then DISCONNECT. */
static void shutdown_cleanly(host_t *h)
{
    if (!h->dev.connected) return;
    if (mcp_device_publish_status(&h->dev, false, "shutdown")) {
        uint64_t until = clock_now(CLOCK_MONOTONIC) + 2000u;
        while (!h->last_mid_done && h->socket_up && clock_now(CLOCK_MONOTONIC) < until)
            if (mosquitto_loop(h->mosq, 50, 1) != MOSQ_ERR_SUCCESS) break;
    }
    mosquitto_disconnect(h->mosq);
    for (int i = 0; i < 10 && h->socket_up; i++)
        if (mosquitto_loop(h->mosq, 50, 1) != MOSQ_ERR_SUCCESS) break;
}

static int usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s --host HOST --port PORT --device-id ID [--prefix devices] [--seconds S]\n"
            "          [--name NAME] [--username USER --password PASS]\n",
            argv0);
    return 2;
}

static bool parse_args(int argc, char **argv, options_t *o)
{
    *o = (options_t){.prefix = "devices", .port = 1883};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (val == NULL) return false;
        i++;
        if (strcmp(arg, "--host") == 0) o->host = val;
        else if (strcmp(arg, "--device-id") == 0) o->device_id = val;
        else if (strcmp(arg, "--prefix") == 0) o->prefix = val;
        else if (strcmp(arg, "--name") == 0) o->name = val;
        else if (strcmp(arg, "--username") == 0) o->username = val;
        else if (strcmp(arg, "--password") == 0) o->password = val;
        else if (strcmp(arg, "--port") == 0) {
            long port = strtol(val, &end, 10);
            if (*end != '\0' || port < 1 || port > 65535) return false;
            o->port = (int)port;
        } else if (strcmp(arg, "--seconds") == 0) {
            o->seconds = strtol(val, &end, 10);
            if (*end != '\0' || o->seconds < 0) return false;
        } else return false;
    }
    return o->host != NULL && o->device_id != NULL;
}

static bool register_features(host_t *h, char *reason, size_t reason_size)
{
    mcp_device_t *dev = &h->dev;
    const mcp_sensor_info_t temperature = {.id = "temperature", .type = "temperature", .name = "Temperature",
                                           .unit = "\xC2\xB0" "C", .has_min = true, .min = -40, .has_max = true,
                                           .max = 85, .has_step = true, .step = 0.1};
    const mcp_actuator_info_t relay = {.id = "relay", .kind = MCP_ACT_SWITCH, .name = "Relay"};
    const mcp_actuator_info_t led = {.id = "led", .kind = MCP_ACT_DIMMER, .name = "LED"};
    const mcp_actuator_state_t led_initial = {.on = false, .level = 50};
    return mcp_device_add_sensor(dev, &temperature, reason, reason_size) &&
           mcp_device_add_actuator(dev, &relay, NULL, run_actuator, NULL, reason, reason_size) &&
           mcp_device_add_actuator(dev, &led, &led_initial, run_actuator, NULL, reason, reason_size) &&
           mcp_device_set_sensor_reader(dev, "temperature", read_temperature, h);
}

int main(int argc, char **argv)
{
    options_t o;
    if (!parse_args(argc, argv, &o)) return usage(argv[0]);
    setvbuf(stdout, NULL, _IOLBF, 0);

    static host_t h; /* static: mcp_device_t is large */
    h.start_ms = clock_now(CLOCK_MONOTONIC);
    h.rng = (uint32_t)clock_now(CLOCK_REALTIME) ^ ((uint32_t)getpid() << 16) ^ 0x9e3779b9u;
    h.last_mid_done = true;
    mcp_backoff_init(&h.backoff, 500, 10000, port_random, &h);

    char reason[MCP_REASON_MAX] = "";
    mcp_device_config_t cfg = {.prefix = o.prefix, .device_id = o.device_id, .firmware_version = "host-1.0.0",
                               .name = o.name, .model = "Linux host", .manufacturer = "Switchyard",
                               .offline_capacity = 32, .cmd_burst = 5, .cmd_interval_ms = 200,
                               .port = {port_publish, port_clock_ms, port_metrics, port_uptime_ms, &h}};
    if (!mcp_device_init(&h.dev, &cfg, reason, sizeof reason)) {
        fprintf(stderr, "host_device: %s\n", reason);
        return 2;
    }
    if (!register_features(&h, reason, sizeof reason)) {
        fprintf(stderr, "host_device: %s\n", reason);
        mcp_device_deinit(&h.dev);
        return 2;
    }

    int status = 1;
    char will_topic[MCP_TOPIC_MAX], will_payload[64];
    mosquitto_lib_init();
    /* client id = device id, clean session (stale commands are lost on purpose), Last Will from the core */
    h.mosq = mosquitto_new(h.dev.device_id, true, &h);
    if (h.mosq == NULL || !mcp_device_lwt(&h.dev, will_topic, sizeof will_topic, will_payload, sizeof will_payload) ||
        mosquitto_will_set(h.mosq, will_topic, (int)strlen(will_payload), will_payload, 1, true) != MOSQ_ERR_SUCCESS ||
        (o.username && mosquitto_username_pw_set(h.mosq, o.username, o.password) != MOSQ_ERR_SUCCESS)) {
        fprintf(stderr, "host_device: MQTT client setup failed\n");
        goto out;
    }
    mosquitto_connect_callback_set(h.mosq, on_connect);
    mosquitto_disconnect_callback_set(h.mosq, on_disconnect);
    mosquitto_publish_callback_set(h.mosq, on_publish);
    mosquitto_message_callback_set(h.mosq, on_message);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    bool first = true;
    uint64_t now = clock_now(CLOCK_MONOTONIC), retry_at = now, next_read = now, next_status = now + STATUS_INTERVAL_MS;
    uint64_t end = o.seconds > 0 ? now + (uint64_t)o.seconds * 1000u : 0;
    while (!g_stop && (end == 0 || now < end)) {
        if (!h.socket_up && now >= retry_at) try_connect(&h, &o, &first, &retry_at);
        if (h.socket_up) {
            int rc = mosquitto_loop(h.mosq, 50, 1);
            if (rc != MOSQ_ERR_SUCCESS && !(rc == MOSQ_ERR_ERRNO && errno == EINTR)) {
                if (h.socket_up) on_disconnect(h.mosq, &h, rc); /* lost without a callback */
                retry_at = clock_now(CLOCK_MONOTONIC) + mcp_backoff_next(&h.backoff);
            }
        } else {
            nanosleep(&(struct timespec){0, 50 * 1000000L}, NULL);
        }
        now = clock_now(CLOCK_MONOTONIC);
        if (now >= next_read) {
            read_sensors(&h);
            next_read = now + READ_INTERVAL_MS;
        }
        if (now >= next_status && h.dev.connected) {
            mcp_device_publish_status(&h.dev, true, NULL); /* heartbeat with metrics */
            next_status = now + STATUS_INTERVAL_MS;
        }
    }
    shutdown_cleanly(&h);
    printf("stopped (%u messages published, %u failed)\n", (unsigned)h.dev.published, (unsigned)h.dev.publish_failures);
    status = 0;
out:
    if (h.mosq) mosquitto_destroy(h.mosq);
    mosquitto_lib_cleanup();
    mcp_device_deinit(&h.dev);
    return status;
}
