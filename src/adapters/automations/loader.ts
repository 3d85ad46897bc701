/**
 * Loads the automation folder: every `*.yaml` / `*.yml` file (not `secrets.yaml`, not names starting
 * with `.` or `_`, which is where files meant for `!include` can live). A file holds one automation, a
 * list of them, or `automation:` / `automation <label>:` blocks as in Home Assistant's configuration.yaml.
 * Sub-folders are not loaded: they hold files to `!include`, and blueprints in `blueprints/automation/`, which
 * an automation uses with `use_blueprint:` (blueprint.ts, blueprint-inputs.ts).
 *
 * Every problem is reported with file:line:column; an automation with an error is skipped and the
 * others load.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
export type { AutomationDiagnostic, LoadedAutomation, LoadResult } from '../../automations/model.js';
import type { AutomationDiagnostic, EntityReference, LoadedAutomation, LoadResult } from '../../automations/model.js';
import {
  actionWarnings,
  entityReferences,
  findReferences,
  scriptCalls,
  scriptCallWarnings,
  type ScriptCall,
} from '../../automations/references.js';
import { automationSchema, type AutomationConfig } from '../../automations/schema/automation.js';
import { isRecord } from '../../automations/schema/fields.js';
import { schemaProblems } from '../../automations/schema/issues.js';
import { secretsUsed, type SecretsUsed } from '../../automations/secrets.js';
import { slugify } from '../../automations/sections.js';
import { createBlueprintLibrary, type BlueprintLibrary } from './blueprint.js';
import { definitionCandidate, settleDefinitions, type DefinitionCandidate } from './definitions.js';
import { diagnostic, filePaths } from './file-layout.js';
import { expandBlueprint } from './blueprint-inputs.js';
import {
  createYamlReader,
  type SourcePosition,
  type SourceProblem,
  type YamlPath,
  type YamlReader,
  type YamlSource,
} from './yaml-source.js';

/** One automation found in a file, before ids are settled. */
interface Candidate {
  readonly at: SourcePosition;
  /** a name for ids derived from the file: `kitchen` or `kitchen_2` */
  readonly fileKey: string;
  readonly explicitId?: string;
  readonly alias?: string;
  readonly config?: AutomationConfig;
  readonly entities?: EntityReference[];
  /** the scripts it calls, checked against the folder's once all files are read */
  readonly scripts: ScriptCall[];
  readonly hash: string;
  readonly problems: Omit<AutomationDiagnostic, 'automation_id'>[];
  /** the `!secret` values it uses (value → name), kept out of what is shown */
  readonly secrets?: SecretsUsed;
}

type Span = readonly [number, number] | undefined;
const inSpan = (offset: number | undefined, span: Span): boolean =>
  offset !== undefined && span !== undefined && offset >= span[0] && offset < span[1];

/**
 * Validates the automation at `path`. `owned` are the file's problems found inside it (a missing
 * secret, an unsupported tag): they count as its own, and a schema problem at the same place (the
 * value that did not resolve) is not repeated.
 */
function candidate(
  source: YamlSource,
  path: YamlPath,
  fileKey: string,
  owned: readonly SourceProblem[],
  blueprints: BlueprintLibrary,
  known: ReadonlyMap<string, string>,
): Candidate {
  const raw: unknown = path.reduce<unknown>(
    (v, seg) => (v as Record<string | number, unknown> | undefined)?.[seg],
    source.value,
  );
  // one made from a blueprint is checked as the automation it makes (blueprint-inputs.ts places its problems)
  const bp = isRecord(raw) && 'use_blueprint' in raw ? expandBlueprint(blueprints, source, path, raw) : undefined;
  const value: unknown = bp ? bp.value : raw;
  const problems: Candidate['problems'] = owned.map((p) => diagnostic(p, p.severity, p.message, p.hint));
  problems.push(...(bp?.problems ?? []));
  const parsed = bp && !bp.value ? undefined : automationSchema.safeParse(value, { reportInput: true });
  if (parsed && !parsed.success) {
    for (const p of schemaProblems(parsed.error, value)) {
      if (bp) {
        problems.push(...bp.place(p.path, p.key, p.message, p.hint));
        continue;
      }
      const full = [...path, ...p.path];
      if (owned.some((t) => inSpan(t.offset, source.span(full)))) continue;
      problems.push(diagnostic(source.locate(full, { key: p.key }), 'error', p.message, p.hint));
    }
  }
  // what it names outside itself: unknown actions warn now, entity ids are checked on request
  const refs = findReferences(value);
  const at = bp ? bp.locate : (p: YamlPath) => source.locate([...path, ...p]);
  problems.push(...actionWarnings(refs, at));
  const named = isRecord(value) ? value : raw;
  const rawId = isRecord(named) ? named['id'] : undefined;
  const rawAlias = isRecord(named) ? named['alias'] : undefined;
  return {
    at: source.locate(path),
    fileKey,
    ...(typeof rawId === 'string' || typeof rawId === 'number' ? { explicitId: String(rawId) } : {}),
    ...(typeof rawAlias === 'string' ? { alias: rawAlias } : {}),
    ...(parsed?.success && !problems.some((p) => p.severity === 'error')
      ? { config: parsed.data, entities: entityReferences(refs, at), secrets: secretsUsed(value, known) }
      : {}),
    scripts: scriptCalls(refs, at),
    hash: createHash('sha256')
      .update(source.text(path))
      .update(bp?.text ?? '')
      .digest('hex'),
    problems,
  };
}

/** What one file holds, validated. */
interface FileCandidates {
  readonly automations: Candidate[];
  readonly definitions: DefinitionCandidate[];
}

/** Reads one file into candidates; its own problems (syntax, tags outside automations) go to `out`. */
function readFile(
  reader: YamlReader,
  blueprints: BlueprintLibrary,
  abs: string,
  out: AutomationDiagnostic[],
  text?: string,
): FileCandidates {
  let source: YamlSource;
  try {
    source = reader.read(abs, text);
  } catch (err) {
    out.push(
      diagnostic(
        { file: basename(abs), line: 1, column: 1 },
        'error',
        `cannot read file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      ),
    );
    return { automations: [], definitions: [] };
  }
  const found = source.fatal ? { automations: [], definitions: [] } : filePaths(source, out);
  const paths = found.automations;
  const spans = [...paths, ...found.definitions.map((d) => d.path)].map((p) => source.span(p));
  const ownedBy = (span: Span) => source.problems.filter((p) => !p.fatal && inSpan(p.offset, span));
  for (const p of source.problems) {
    if (!spans.some((span) => ownedBy(span).includes(p))) out.push(diagnostic(p, p.severity, p.message, p.hint));
  }
  const stem = slugify(basename(source.file, extname(source.file))) || 'automation';
  return {
    automations: paths.map((path, i) =>
      candidate(
        source,
        path,
        paths.length === 1 ? stem : `${stem}_${i + 1}`,
        ownedBy(spans[i]),
        blueprints,
        reader.secretValues(),
      ),
    ),
    definitions: found.definitions.map((d, i) =>
      definitionCandidate(source, d.section, d.path, ownedBy(spans[paths.length + i])),
    ),
  };
}

/** Settles ids (explicit first, then derived ones that avoid them) and builds the result. */
function settle(files: FileCandidates[], fileProblems: AutomationDiagnostic[]): LoadResult {
  const candidates = files.flatMap((f) => f.automations);
  const sections = settleDefinitions(files.flatMap((f) => f.definitions));
  const explicit = new Set(candidates.flatMap((c) => (c.explicitId !== undefined ? [c.explicitId] : [])));
  const derived = new Set<string>();
  const taken = new Map<string, SourcePosition>();
  const automations: LoadedAutomation[] = [];
  const diagnostics = [...fileProblems, ...sections.diagnostics];
  const scripts = new Set(sections.definitions.filter((d) => d.section === 'script').map((d) => d.id));
  for (const c of candidates) {
    let id = c.explicitId;
    const extra: Omit<AutomationDiagnostic, 'automation_id'>[] = scriptCallWarnings(c.scripts, scripts);
    if (id === undefined) {
      const base = (c.alias !== undefined ? slugify(c.alias) : '') || c.fileKey;
      id = base;
      for (let n = 2; explicit.has(id) || derived.has(id); n++) id = `${base}_${n}`;
      derived.add(id);
      if (c.config)
        extra.push(
          diagnostic(
            c.at,
            'warning',
            `automation has no id; using '${id}'`,
            `add 'id: ${id}' so its traces and on/off state survive renames`,
          ),
        );
    }
    const first = taken.get(id);
    if (c.config && first && c.explicitId !== undefined) {
      extra.push(
        diagnostic(
          c.at,
          'error',
          `duplicate id '${id}': already used at ${first.file}:${first.line}:${first.column}`,
          'every automation needs its own id',
        ),
      );
    }
    const problems = [...c.problems, ...extra];
    diagnostics.push(...problems.map((p) => ({ ...p, automation_id: id })));
    if (!c.config || problems.some((p) => p.severity === 'error')) continue;
    taken.set(id, c.at);
    automations.push({
      id,
      alias: c.config.alias ?? id,
      file: c.at.file,
      line: c.at.line,
      column: c.at.column,
      source_hash: c.hash,
      ...(c.secrets ? { secrets: c.secrets } : {}),
      config: c.config,
      ...(c.entities ? { entity_references: c.entities } : {}),
    });
  }
  diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { automations, diagnostics, definitions: sections.definitions };
}

const isAutomationFile = (name: string): boolean =>
  /\.ya?ml$/i.test(name) && name.toLowerCase() !== 'secrets.yaml' && !name.startsWith('.') && !name.startsWith('_');

/** Loads every automation file in `dir` (not its subfolders, which can hold files to `!include`). */
export function loadAutomations(dir: string): LoadResult {
  const root = resolve(dir);
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isFile() && isAutomationFile(e.name))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `automations folder '${dir}' does not exist`
        : `cannot read automations folder '${dir}': ${code ?? String(err)}`;
    return {
      automations: [],
      diagnostics: [{ file: dir, line: 1, column: 1, severity: code === 'ENOENT' ? 'warning' : 'error', message }],
    };
  }
  const reader = createYamlReader(root);
  const fileProblems: AutomationDiagnostic[] = [];
  const blueprints = createBlueprintLibrary(root);
  const files = names.map((name) => readFile(reader, blueprints, join(root, name), fileProblems));
  return settle(files, fileProblems);
}

/**
 * Validates YAML that is not on disk (yet), as if it were the file `fileName`. `!include` and `!secret`
 * are resolved relative to `options.dir` (the automations folder), or to the folder of `fileName`.
 */
export function loadAutomationText(text: string, fileName: string, options: { dir?: string } = {}): LoadResult {
  const root = resolve(options.dir ?? dirname(resolve(fileName)));
  const reader = createYamlReader(root);
  const fileProblems: AutomationDiagnostic[] = [];
  const file = readFile(reader, createBlueprintLibrary(root), resolve(root, fileName), fileProblems, text);
  return settle([file], fileProblems);
}
