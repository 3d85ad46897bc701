#include "mcp_command.h"

#include <math.h>
#include <string.h>

#include "mcp_decode.h"

static bool parse_action(const char *s, mcp_action_t *out)
{
    for (int a = MCP_ACTION_SET; a <= MCP_ACTION_PRESS; a++) {
        if (strcmp(s, mcp_action_name((mcp_action_t)a)) == 0) {
            *out = (mcp_action_t)a;
            return true;
        }
    }
    return false;
}

static void check_value(const cJSON *value, mcp_command_t *cmd, char *reason, size_t size)
{
    char text[MCP_REASON_MAX], what[96];
    if (cJSON_IsBool(value)) {
        cmd->value_kind = MCP_VAL_BOOL;
        cmd->boolean = cJSON_IsTrue(value);
    } else if (cJSON_IsNumber(value) && isfinite(value->valuedouble)) {
        cmd->value_kind = MCP_VAL_NUMBER;
        cmd->number = value->valuedouble;
    } else if (cJSON_IsString(value)) {
        size_t len = strlen(value->valuestring), chars = mcp_utf8_chars(value->valuestring, len);
        if (chars > MCP_CMD_STRING_MAX || len >= sizeof cmd->string) {
            mcp_fmt(text, sizeof text, "value: at most 32 characters allowed, got %zu", chars);
            mcp_add_issue(reason, size, text);
            return;
        }
        cmd->value_kind = MCP_VAL_STRING;
        mcp_copy(cmd->string, sizeof cmd->string, value->valuestring, len);
    } else {
        mcp_describe_json(value, what, sizeof what);
        mcp_fmt(text, sizeof text, "value: expected a number, boolean or string (<= 32 characters), got %s", what);
        mcp_add_issue(reason, size, text);
        return;
    }
    cmd->has_value = true;
}

static bool decode_object(const cJSON *root, mcp_command_t *cmd, mcp_decode_error_t *err)
{
    char text[MCP_REASON_MAX], what[96];
    mcp_decode_request_id(root, cmd->request_id, err);
    const cJSON *action = cJSON_GetObjectItemCaseSensitive(root, "action");
    bool have_action = false;
    if (action == NULL) mcp_add_issue(err->reason, sizeof err->reason, "action: missing required field");
    else if (!cJSON_IsString(action) || !parse_action(action->valuestring, &cmd->action)) {
        mcp_describe_json(action, what, sizeof what);
        mcp_fmt(text, sizeof text, "action: expected one of 'set' | 'on' | 'off' | 'toggle' | 'press', got %s", what);
        mcp_add_issue(err->reason, sizeof err->reason, text);
    } else {
        have_action = true;
    }
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(root, "value");
    if (have_action && cmd->action == MCP_ACTION_SET && value == NULL) {
        mcp_add_issue(err->reason, sizeof err->reason, "value: missing required field (required with action 'set')");
    } else if (have_action && cmd->action != MCP_ACTION_SET && value != NULL) {
        mcp_fmt(text, sizeof text, "value: not allowed with action '%s'", mcp_action_name(cmd->action));
        mcp_add_issue(err->reason, sizeof err->reason, text);
    } else if (value != NULL) {
        check_value(value, cmd, err->reason, sizeof err->reason);
    }
    return err->reason[0] == '\0';
}

bool mcp_command_decode(const char *data, size_t len, mcp_command_t *cmd, mcp_decode_error_t *err)
{
    memset(cmd, 0, sizeof *cmd);
    cJSON *root = mcp_decode_envelope(data, len, err);
    bool ok = root != NULL && decode_object(root, cmd, err);
    cJSON_Delete(root);
    if (!ok) memset(cmd, 0, sizeof *cmd);
    return ok;
}

void mcp_actuator_range(const mcp_actuator_info_t *a, double *min, double *max, double *step)
{
    *min = a->has_range ? a->min : 0;
    *max = a->has_range ? a->max : 100;
    *step = a->has_step ? a->step : 1;
}

static bool on_grid(double value, double min, double step)
{
    double steps = (value - min) / step;
    return fabs(steps - round(steps)) <= 1e-9 * fmax(1, fabs(steps));
}

static const char *value_type_name(const mcp_command_t *cmd)
{
    return cmd->value_kind == MCP_VAL_BOOL ? "boolean" : cmd->value_kind == MCP_VAL_STRING ? "string" : "number";
}

#define REFUSE(c, ...)                             \
    do {                                           \
        *code = (c);                               \
        mcp_fmt(reason, reason_size, __VA_ARGS__); \
        return false;                              \
    } while (0)

bool mcp_command_check(const mcp_actuator_info_t *a, const mcp_command_t *cmd, const char **code, char *reason,
                       size_t reason_size)
{
    static const char *const supported[] = {"on, off, toggle, set", "on, off, toggle, set", "set", "press", "set"};
    static const unsigned allowed[] = {0x0F, 0x0F, 0x01, 0x10, 0x01}; /* bit = 1 << action */
    const char *kind = mcp_kind_name(a->kind);
    *code = NULL;
    if ((unsigned)a->kind > MCP_ACT_SELECT) REFUSE("unsupported_action", "kind: unknown actuator kind");
    if (!(allowed[a->kind] & (1u << cmd->action)))
        REFUSE("unsupported_action", "action: '%s' is not supported by %s '%s' (supported: %s)",
               mcp_action_name(cmd->action), kind, a->id, supported[a->kind]);
    if (cmd->action != MCP_ACTION_SET) return true;
    if (!cmd->has_value) REFUSE("invalid_value", "value: missing required field (required with action 'set')");
    switch (a->kind) {
    case MCP_ACT_SWITCH:
        if (cmd->value_kind != MCP_VAL_BOOL)
            REFUSE("invalid_value", "value: expected a boolean for switch '%s', got %s", a->id, value_type_name(cmd));
        return true;
    case MCP_ACT_DIMMER:
    case MCP_ACT_NUMBER: {
        double min, max, step;
        char v[40], lo[40], hi[40], st[40];
        if (cmd->value_kind != MCP_VAL_NUMBER)
            REFUSE("invalid_value", "value: expected a number for %s '%s', got %s", kind, a->id, value_type_name(cmd));
        mcp_actuator_range(a, &min, &max, &step);
        mcp_fmt_number(cmd->number, v, sizeof v);
        mcp_fmt_number(min, lo, sizeof lo);
        mcp_fmt_number(max, hi, sizeof hi);
        mcp_fmt_number(step, st, sizeof st);
        if (cmd->number < min || cmd->number > max)
            REFUSE("out_of_range", "value: %s is outside %s..%s of %s '%s'", v, lo, hi, kind, a->id);
        if (!on_grid(cmd->number, min, step))
            REFUSE("out_of_range", "value: %s is not on the step %s from %s of %s '%s'", v, st, lo, kind, a->id);
        return true;
    }
    case MCP_ACT_SELECT: {
        if (cmd->value_kind != MCP_VAL_STRING)
            REFUSE("invalid_value", "value: expected a string for select '%s', got %s", a->id, value_type_name(cmd));
        char list[MCP_REASON_MAX] = "";
        for (size_t i = 0; i < a->option_count; i++) {
            if (strcmp(a->options[i], cmd->string) == 0) return true;
            size_t used = strlen(list);
            mcp_fmt(list + used, sizeof list - used, "%s%s", i ? ", " : "", a->options[i]);
        }
        REFUSE("invalid_value", "value: '%s' is not an option of select '%s' (options: %s)", cmd->string, a->id, list);
    }
    case MCP_ACT_BUTTON: break;
    }
    REFUSE("unsupported_action", "action: 'set' is not supported by %s '%s'", kind, a->id);
}

void mcp_command_apply(const mcp_actuator_info_t *a, mcp_actuator_state_t *s, const mcp_command_t *cmd)
{
    double min, max, step;
    switch (a->kind) {
    case MCP_ACT_SWITCH:
    case MCP_ACT_DIMMER:
        if (cmd->action == MCP_ACTION_ON) s->on = true;
        else if (cmd->action == MCP_ACTION_OFF) s->on = false;
        else if (cmd->action == MCP_ACTION_TOGGLE) s->on = !s->on;
        else if (cmd->action == MCP_ACTION_SET && a->kind == MCP_ACT_SWITCH) s->on = cmd->boolean;
        else if (cmd->action == MCP_ACTION_SET) {
            mcp_actuator_range(a, &min, &max, &step);
            if (cmd->number > min) { /* set above min: on at that level */
                s->on = true;
                s->level = cmd->number;
            } else { /* set to min: off, keep the level for the next "on" */
                s->on = false;
            }
        }
        break;
    case MCP_ACT_NUMBER:
        if (cmd->action == MCP_ACTION_SET) s->level = cmd->number;
        break;
    case MCP_ACT_SELECT:
        if (cmd->action == MCP_ACTION_SET) mcp_copy(s->option, sizeof s->option, cmd->string, strlen(cmd->string));
        break;
    case MCP_ACT_BUTTON: break;
    }
}
