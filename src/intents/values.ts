/** A parameter's value from the words of its slot: a number with its unit, a colour, a duration or a choice. */
import type { HomeIndex } from './home-index.js';
import { corrected } from './home-index.js';
import type { Lexicon } from './lexicon.js';
import { exactly } from './phrase-table.js';
import type { DeviceTemplate, ParameterSpec } from './schema.js';
import type { Word } from './words.js';

export interface Value {
  /** what goes into the action's data */
  readonly data: unknown;
  /** how to say it back */
  readonly spoken: string;
  /** a number's value, for the range check */
  readonly number?: number;
}

const SECONDS: Readonly<Record<string, number>> = { seconds: 1, minutes: 60, hours: 3600 };

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (s: number) => `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;

/** A number as said back: at most two decimals, no trailing zeros. */
export const spokenNumber = (n: number): string => String(Math.round(n * 100) / 100);

/** The number and unit of the slot: one quantity, possibly followed by unit words of the file. */
function quantity(lexicon: Lexicon, words: readonly Word[]): { value: number; unit: string | undefined } | undefined {
  const [first, ...rest] = words;
  if (!first?.quantity) return undefined;
  let unit: string | undefined = first.quantity.unit;
  if (rest.length > 0) {
    const said = exactly(
      lexicon.units,
      rest.map((w) => w.known ?? w.stem),
    );
    if (said === undefined || (unit !== undefined && unit !== said)) return undefined;
    unit = said;
  }
  return { value: first.quantity.value, unit };
}

export function parameterValue(
  lexicon: Lexicon,
  index: HomeIndex,
  template: DeviceTemplate,
  param: ParameterSpec,
  words: readonly Word[],
): Value | undefined {
  switch (param.type) {
    case 'number': {
      const q = quantity(lexicon, words);
      if (!q || (q.unit !== undefined && param.unit !== undefined && q.unit !== param.unit)) return undefined;
      return { data: q.value, spoken: spokenNumber(q.value), number: q.value };
    }
    case 'duration': {
      const q = quantity(lexicon, words);
      const factor = q?.unit === undefined ? undefined : SECONDS[q.unit];
      if (!q || factor === undefined) return undefined;
      const seconds = Math.round(q.value * factor);
      return { data: clock(seconds), spoken: words.map((w) => w.text).join(' '), number: seconds };
    }
    case 'color': {
      const c = exactly(
        lexicon.colors,
        words.map((w) => w.known ?? corrected(index, w.stem, w.text)),
      );
      return c && { data: [...c.rgb], spoken: c.name };
    }
    case 'choice': {
      const table = lexicon.choices.get(`${template.template_name}.${param.name}`);
      const v =
        table &&
        exactly(
          table,
          words.map((w) => w.known ?? corrected(index, w.stem, w.text)),
        );
      return v === undefined ? undefined : { data: v, spoken: words.map((w) => w.text).join(' ') };
    }
  }
}
