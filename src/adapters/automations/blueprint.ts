/**
 * The automation blueprints of the automations folder, where Home Assistant keeps them:
 * `blueprints/automation/<path>` (a path may name a sub-folder: `homeassistant/motion_light.yaml`), never a
 * path outside that folder. Each file is read once per load (`!input` allowed; `!include` and `!secret` as in
 * automations) and checked as Home Assistant's blueprint/models.py `Blueprint` does: the `blueprint:` mapping
 * (schema/blueprint.ts, with the legacy `trigger`/`condition`/`action` of the rest renamed first, as
 * automation/config.py's AUTOMATION_BLUEPRINT_SCHEMA does), `domain: automation`, each input's selector, and
 * every `!input` defined ("Missing input definition for …"). Problems are placed in the blueprint's file.
 */
import { readdirSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import type { AutomationDiagnostic } from '../../automations/model.js';
import { blueprintSchema, type BlueprintInputDef } from '../../automations/schema/blueprint.js';
import { didYouMean, isRecord } from '../../automations/schema/fields.js';
import { schemaProblems } from '../../automations/schema/issues.js';
import { parseSelector, type Selector } from '../../automations/schema/selectors.js';
import { inputRefs } from './input-tag.js';
import { createYamlReader, type SourcePosition, type YamlSource } from './yaml-source.js';

export const BLUEPRINT_FOLDER = 'blueprints/automation';

/** A problem at its place, before it is given to an automation. */
export type Placed = Omit<AutomationDiagnostic, 'automation_id'>;

export const placed = (at: SourcePosition, severity: Placed['severity'], message: string, hint?: string): Placed => ({
  file: at.file,
  line: at.line,
  column: at.column,
  severity,
  message,
  ...(hint !== undefined && hint !== '' ? { hint } : {}),
});

export interface Blueprint {
  readonly name: string;
  readonly source: YamlSource;
  /** the automation part, `!input`s in place, legacy keys renamed */
  readonly body: Readonly<Record<string, unknown>>;
  /** each key of `body` → its key in the file */
  readonly keys: ReadonlyMap<string, string>;
  readonly inputs: readonly BlueprintInputDef[];
  readonly selectors: ReadonlyMap<string, Selector>;
}

export interface LoadedBlueprint {
  /** absent when the file has errors */
  readonly blueprint?: Blueprint;
  /** in the blueprint's files */
  readonly problems: readonly Placed[];
  /** the file's text and that of the files it includes: part of the source hash of every automation using it */
  readonly text: string;
}

export interface BlueprintLibrary {
  /** The blueprint at `path` (relative to blueprints/automation), or why there is none. */
  get(path: string): LoadedBlueprint | { error: string; hint?: string };
}

const LEGACY = [
  ['triggers', 'trigger'],
  ['conditions', 'condition'],
  ['actions', 'action'],
] as const;

/** The YAML files under `dir`, relative and with `/`. */
function available(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => name.split(sep).join('/'))
      .sort();
  } catch {
    return [];
  }
}

function check(source: YamlSource): LoadedBlueprint {
  const problems: Placed[] = source.problems.map((p) => placed(p, p.severity, p.message, p.hint));
  const text = source.text([]);
  const at = (path: readonly (string | number)[], key = false) => source.locate(path, { key });
  const value = source.value;
  if (source.fatal) return { problems, text };
  if (!isRecord(value) || !isRecord(value['blueprint'])) {
    const hint = 'a blueprint file starts with blueprint: {name, domain: automation, input: {…}}';
    problems.push(placed(at([]), 'error', `${source.file} is not a blueprint: it has no 'blueprint:' mapping`, hint));
    return { problems, text };
  }
  const meta = blueprintSchema.safeParse(value['blueprint'], { reportInput: true });
  if (!meta.success) {
    for (const p of schemaProblems(meta.error, value['blueprint']))
      problems.push(placed(at(['blueprint', ...p.path], p.key), 'error', p.message, p.hint));
    return { problems, text };
  }
  const { name, domain, input: inputs } = meta.data;
  if (domain !== 'automation')
    problems.push(
      placed(at(['blueprint', 'domain']), 'error', `Found incorrect blueprint type ${domain}, expected automation`),
    );
  const selectors = new Map<string, Selector>();
  for (const def of inputs) {
    if (def.selector === undefined) continue;
    const { selector, problems: found } = parseSelector(def.selector);
    if (selector) selectors.set(def.name, selector);
    for (const p of found)
      problems.push(placed(at([...def.path, 'selector', ...p.path], p.key), p.severity, p.message, p.hint));
  }
  const { blueprint: _meta, ...rest } = value;
  const names = inputs.map((d) => d.name);
  for (const ref of inputRefs(rest)) {
    if (names.includes(ref.name)) continue;
    const hint = didYouMean(ref.name, names) ?? `define it under blueprint: input:`;
    problems.push(placed(at(ref.path), 'error', `Missing input definition for ${ref.name}`, hint));
  }
  if (problems.some((p) => p.severity === 'error')) return { problems, text };
  const body: Record<string, unknown> = {};
  const keys = new Map<string, string>();
  for (const [key, item] of Object.entries(rest)) {
    const plural = LEGACY.find(([p, legacy]) => legacy === key && !(p in rest))?.[0] ?? key;
    body[plural] = item;
    keys.set(plural, key);
  }
  return { blueprint: { name, source, body, keys, inputs, selectors }, problems, text };
}

/** The blueprints under `<root>/blueprints/automation`, each read once for this library's lifetime. */
export function createBlueprintLibrary(root: string): BlueprintLibrary {
  const base = resolve(root, ...BLUEPRINT_FOLDER.split('/'));
  const reader = createYamlReader(root, { inputs: true });
  const cache = new Map<string, LoadedBlueprint>();
  return {
    get(path) {
      const abs = resolve(base, path);
      if (isAbsolute(path) || !abs.startsWith(base + sep))
        return {
          error: `blueprint path '${path}' points outside ${BLUEPRINT_FOLDER}`,
          hint: `give the path within ${BLUEPRINT_FOLDER}/, like motion_light.yaml`,
        };
      const known = cache.get(abs);
      if (known) return known;
      let source: YamlSource;
      try {
        source = reader.read(abs);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') return { error: `cannot read blueprint '${path}': ${code ?? String(err)}` };
        const files = available(base);
        const hint =
          didYouMean(path, files) ??
          files.filter((f) => f.endsWith(`/${path}`)).map((f) => `did you mean '${f}'?`)[0] ??
          (files.length > 0 ? `blueprints there: ${files.slice(0, 10).join(', ')}` : `put it in ${BLUEPRINT_FOLDER}/`);
        return { error: `blueprint '${path}' not found: there is no ${BLUEPRINT_FOLDER}/${path}`, hint };
      }
      const loaded = check(source);
      cache.set(abs, loaded);
      return loaded;
    },
  };
}
