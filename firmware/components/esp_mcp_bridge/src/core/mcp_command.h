/* Actuator commands: length-bounded decoding of untrusted bytes, validation against the actuator's
 * description (actions per kind, value types, ranges, step grid, select options) and the state change. */
#ifndef MCP_COMMAND_H
#define MCP_COMMAND_H

#include "mcp_decode.h"

/* Decodes data[0..len) (need not be NUL-terminated). Returns true and fills cmd, or false and fills err. */
bool mcp_command_decode(const char *data, size_t len, mcp_command_t *cmd, mcp_decode_error_t *err);

/* Checks a decoded command against an actuator. On refusal returns false, *code = "unsupported_action",
 * "invalid_value" or "out_of_range", and a reason. */
bool mcp_command_check(const mcp_actuator_info_t *a, const mcp_command_t *cmd, const char **code, char *reason,
                       size_t reason_size);

/* The state after running an accepted command (see PROTOCOL.md §4.4 semantics). */
void mcp_command_apply(const mcp_actuator_info_t *a, mcp_actuator_state_t *state, const mcp_command_t *cmd);

/* Effective range of a dimmer or number (dimmer defaults 0..100 step 1; number step default 1). */
void mcp_actuator_range(const mcp_actuator_info_t *a, double *min, double *max, double *step);

#endif
