/**
 * `!input <name>` in a blueprint file (Home Assistant's `Input`, annotatedyaml/input.py): a placeholder until
 * an automation that uses the blueprint gives the value. Only values are inputs, never keys.
 */
type Path = readonly (string | number)[];

export class BlueprintInput {
  constructor(readonly name: string) {}
}

/** Every `!input` in `value`, with its path (`extract_inputs`, with places for messages). */
export function inputRefs(value: unknown, path: Path = []): { name: string; path: Path }[] {
  if (value instanceof BlueprintInput) return [{ name: value.name, path }];
  if (Array.isArray(value)) return value.flatMap((v, i) => inputRefs(v, [...path, i]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => inputRefs(v, [...path, k]));
  return [];
}

/** `value` with every `!input` replaced by the input's value (`substitute`); `values` holds each one used. */
export function substitute(value: unknown, values: ReadonlyMap<string, unknown>): unknown {
  if (value instanceof BlueprintInput) return values.get(value.name);
  if (Array.isArray(value)) return value.map((v) => substitute(v, values));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)]));
  return value;
}
