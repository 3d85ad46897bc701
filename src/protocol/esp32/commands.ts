/**
 * The command rules per actuator kind, shared by both ends: Switchyard checks a command before it sends
 * it, the device checks it again before it runs it (and answers `result:"error"` with the code below).
 *
 *   switch  on | off | toggle | set <boolean>
 *   dimmer  on | off | toggle | set <number in min..max on the step grid>   (set also switches on)
 *   number  set <number in min..max on the step grid>
 *   button  press
 *   select  set <one of options>
 */
import type { ActuatorCapability, ActuatorCommand, ActuatorKind, CommandAction } from './messages.js';

export const ACTIONS_BY_KIND: Readonly<Record<ActuatorKind, readonly CommandAction[]>> = {
  switch: ['on', 'off', 'toggle', 'set'],
  dimmer: ['on', 'off', 'toggle', 'set'],
  number: ['set'],
  button: ['press'],
  select: ['set'],
};

/** error_code values a device answers with when it refuses a command. */
export type CommandErrorCode = 'unsupported_action' | 'invalid_value' | 'out_of_range';

export type CommandCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: CommandErrorCode; readonly reason: string };

const refuse = (code: CommandErrorCode, reason: string): CommandCheck => ({ ok: false, code, reason });

/** Tolerance for the step grid, relative to the step (floating point: 0.1 + 0.2 must count as 0.3). */
const GRID_EPSILON = 1e-9;

function onGrid(value: number, min: number, step: number): boolean {
  const steps = (value - min) / step;
  return Math.abs(steps - Math.round(steps)) <= GRID_EPSILON * Math.max(1, Math.abs(steps));
}

function checkNumber(
  value: unknown,
  a: { id: string; kind: string; min: number; max: number; step: number },
): CommandCheck {
  if (typeof value !== 'number')
    return refuse('invalid_value', `value: expected a number for ${a.kind} '${a.id}', got ${typeof value}`);
  if (value < a.min || value > a.max)
    return refuse('out_of_range', `value: ${value} is outside ${a.min}..${a.max} of ${a.kind} '${a.id}'`);
  if (!onGrid(value, a.min, a.step))
    return refuse('out_of_range', `value: ${value} is not on the step ${a.step} from ${a.min} of ${a.kind} '${a.id}'`);
  return { ok: true };
}

/** Checks a decoded command against the actuator it is addressed to. */
export function validateCommand(
  actuator: ActuatorCapability,
  command: Pick<ActuatorCommand, 'action' | 'value'>,
): CommandCheck {
  const allowed = ACTIONS_BY_KIND[actuator.kind];
  if (!allowed.includes(command.action)) {
    return refuse(
      'unsupported_action',
      `action: '${command.action}' is not supported by ${actuator.kind} '${actuator.id}' (supported: ${allowed.join(', ')})`,
    );
  }
  if (command.action !== 'set') return { ok: true };
  const value = command.value;
  switch (actuator.kind) {
    case 'switch':
      return typeof value === 'boolean'
        ? { ok: true }
        : refuse('invalid_value', `value: expected a boolean for switch '${actuator.id}', got ${typeof value}`);
    case 'dimmer':
    case 'number':
      return checkNumber(value, actuator);
    case 'select':
      if (typeof value !== 'string')
        return refuse('invalid_value', `value: expected a string for select '${actuator.id}', got ${typeof value}`);
      return actuator.options.includes(value)
        ? { ok: true }
        : refuse(
            'invalid_value',
            `value: '${value}' is not an option of select '${actuator.id}' (options: ${actuator.options.join(', ')})`,
          );
    case 'button':
      return refuse('unsupported_action', `action: 'set' is not supported by button '${actuator.id}'`);
  }
}
