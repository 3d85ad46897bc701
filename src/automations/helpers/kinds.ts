/** Every helper domain's part, by domain. */
import { counter } from './counter.js';
import { inputBoolean } from './input-boolean.js';
import { inputButton } from './input-button.js';
import { inputDatetime } from './input-datetime.js';
import { inputNumber } from './input-number.js';
import { inputSelect } from './input-select.js';
import { inputText } from './input-text.js';
import type { HelperDomain } from './schema.js';
import { timer } from './timer.js';
import type { HelperKind } from './types.js';

export const HELPER_KINDS: { readonly [D in HelperDomain]: HelperKind<D> } = {
  input_boolean: inputBoolean,
  input_number: inputNumber,
  input_select: inputSelect,
  input_text: inputText,
  input_datetime: inputDatetime,
  input_button: inputButton,
  counter,
  timer,
};
