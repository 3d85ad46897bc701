/**
 * How a file of the automations folder is laid out: one automation, a list of them, `automation:` /
 * `automation <label>:` blocks as in Home Assistant's configuration.yaml, and the other sections such a file may
 * hold (helpers, `script:`, `scene:`, `zone:`; `sections.ts`). `scripts.yaml` and `scenes.yaml` are one section
 * each, as Home Assistant's default configuration includes them.
 */
import { basename } from 'node:path';
import type { AutomationDiagnostic } from '../../automations/model.js';
import { describeValue, isRecord } from '../../automations/schema/fields.js';
import { isSectionKey, SECTION_KEYS, SECTIONS, type SectionKey } from '../../automations/sections.js';
import type { SourcePosition, YamlPath, YamlSource } from './yaml-source.js';

export const BLOCK_KEY = /^automation(\s.*)?$/;

export const diagnostic = (at: SourcePosition, severity: 'error' | 'warning', message: string, hint?: string) => ({
  file: at.file,
  line: at.line,
  column: at.column,
  severity,
  message,
  ...(hint !== undefined ? { hint } : {}),
});

/** Where a file's automations and other definitions are (`sections.ts`). */
export interface FilePaths {
  readonly automations: YamlPath[];
  readonly definitions: { section: SectionKey; path: YamlPath }[];
}

/** The items of section `key` whose value is at `at`; a value of the wrong shape is reported. */
function sectionPaths(source: YamlSource, key: SectionKey, at: YamlPath, out: AutomationDiagnostic[]) {
  const value = at.reduce<unknown>(
    (v, seg) => (v as Record<string | number, unknown> | undefined)?.[seg],
    source.value,
  );
  if (value === null || value === undefined) return [];
  const shape = SECTIONS[key].shape;
  if (shape === 'list' ? Array.isArray(value) || isRecord(value) : isRecord(value)) {
    const items: YamlPath[] = Array.isArray(value) ? value.map((_, i) => [...at, i]) : shape === 'list' ? [at] : [];
    if (shape === 'map') for (const id of Object.keys(value as object)) items.push([...at, id]);
    return items.map((path) => ({ section: key, path }));
  }
  const expected = shape === 'list' ? `a list of ${key}s` : `a mapping of ${key} ids to their settings`;
  out.push(diagnostic(source.locate(at), 'error', `expected ${expected}, got ${describeValue(value)}`));
  return [];
}

/** The paths of the automations and definitions in a file's value; warnings for what is ignored go to `out`. */
export function filePaths(source: YamlSource, out: AutomationDiagnostic[]): FilePaths {
  const { value } = source;
  const start = source.locate([]);
  const none: FilePaths = { automations: [], definitions: [] };
  if (value === null || value === undefined) {
    out.push(diagnostic(start, 'warning', 'this file holds no automations'));
    return none;
  }
  const whole = WHOLE_FILE[basename(source.file).toLowerCase()];
  if (whole) return { automations: [], definitions: sectionPaths(source, whole, [], out) };
  if (Array.isArray(value)) return { automations: value.map((_, i) => [i]), definitions: [] };
  if (!isRecord(value)) {
    out.push(
      diagnostic(start, 'error', 'expected an automation (a mapping), a list of automations, or an automation: block'),
    );
    return none;
  }
  const blocks = Object.keys(value).filter((k) => BLOCK_KEY.test(k));
  const sections = Object.keys(value).filter(isSectionKey);
  if (blocks.length === 0 && sections.length === 0) return { automations: [[]], definitions: [] };
  for (const key of Object.keys(value).filter((k) => !BLOCK_KEY.test(k) && !isSectionKey(k))) {
    out.push(
      diagnostic(
        source.locate([key], { key: true }),
        'warning',
        `ignored '${key}': not an automation`,
        `this file is read for automation: blocks and ${SECTION_KEYS.join(', ')}`,
      ),
    );
  }
  const automations = blocks.flatMap((key): YamlPath[] => {
    const block = value[key];
    if (Array.isArray(block)) return block.map((_, i) => [key, i]);
    return block === null ? [] : [[key]];
  });
  return { automations, definitions: sections.flatMap((key) => sectionPaths(source, key, [key], out)) };
}

/** Files Home Assistant's default configuration includes as one section (`script: !include scripts.yaml`). */
const WHOLE_FILE: Readonly<Record<string, SectionKey>> = {
  'scripts.yaml': 'script',
  'scripts.yml': 'script',
  'scenes.yaml': 'scene',
  'scenes.yml': 'scene',
};
