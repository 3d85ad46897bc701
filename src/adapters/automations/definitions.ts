/**
 * The helpers, scripts, scenes and zones of the automations folder (`automations/sections.ts`): each item is
 * validated with its section's schema and every problem placed at file:line:col; ids are checked as Home
 * Assistant does (`cv.slug` keys for mappings; a list item's id comes from its name) and must be unique within
 * their section. The valid ones go to the parts that run them.
 */
import { createHash } from 'node:crypto';
import type { AutomationDiagnostic } from '../../automations/model.js';
import {
  actionWarnings,
  findReferences,
  scriptCalls,
  scriptCallWarnings,
  type ScriptCall,
} from '../../automations/references.js';
import { isRecord } from '../../automations/schema/fields.js';
import { schemaProblems } from '../../automations/schema/issues.js';
import {
  listItemObjectId,
  SECTIONS,
  slugify,
  type LoadedDefinition,
  type SectionKey,
} from '../../automations/sections.js';
import { scriptProblems, type ScriptConfig } from '../../automations/scripts/schema.js';
import { diagnostic } from './file-layout.js';
import type { SourcePosition, SourceProblem, YamlPath, YamlSource } from './yaml-source.js';

/** One definition found in a file, before its id is checked against the others. */
export interface DefinitionCandidate {
  readonly section: SectionKey;
  readonly id: string;
  readonly at: SourcePosition;
  readonly hash: string;
  readonly config?: unknown;
  readonly problems: Omit<AutomationDiagnostic, 'automation_id'>[];
  /** a script's calls of other scripts, checked once every script is known */
  readonly scripts?: ScriptCall[];
}

const SLUG = /^[a-z0-9_]+$/;
type Span = readonly [number, number] | undefined;
const inSpan = (offset: number | undefined, span: Span): boolean =>
  offset !== undefined && span !== undefined && offset >= span[0] && offset < span[1];

/** Validates the definition at `path`; `owned` are the file's problems inside it (a missing secret, a bad tag). */
export function definitionCandidate(
  source: YamlSource,
  section: SectionKey,
  path: YamlPath,
  owned: readonly SourceProblem[],
): DefinitionCandidate {
  const raw: unknown = path.reduce<unknown>(
    (v, seg) => (v as Record<string | number, unknown> | undefined)?.[seg],
    source.value,
  );
  const spec = SECTIONS[section];
  const problems: DefinitionCandidate['problems'] = owned.map((p) => diagnostic(p, p.severity, p.message, p.hint));
  const key = spec.shape === 'map' ? String(path[path.length - 1]) : undefined;
  if (key !== undefined && !SLUG.test(key)) {
    const hint = slugify(key) ? `write it as '${slugify(key)}'` : 'use lowercase letters, digits and _';
    problems.push(diagnostic(source.locate(path, { key: true }), 'error', `invalid ${section} id '${key}'`, hint));
  }
  const parsed = spec.schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const p of schemaProblems(parsed.error, raw)) {
      const full = [...path, ...p.path];
      if (owned.some((t) => inSpan(t.offset, source.span(full)))) continue;
      problems.push(diagnostic(source.locate(full, { key: p.key }), 'error', p.message, p.hint));
    }
  }
  // a script: its field selectors, the actions it cannot perform and the scripts it calls, as for automations
  let scripts: ScriptCall[] | undefined;
  if (section === 'script' && parsed.success) {
    const at = (p: YamlPath) => source.locate([...path, ...p]);
    for (const p of scriptProblems(parsed.data as ScriptConfig))
      problems.push(diagnostic(source.locate([...path, ...p.path], { key: p.key }), p.severity, p.message, p.hint));
    const refs = findReferences(raw);
    problems.push(...actionWarnings(refs, at));
    scripts = scriptCalls(refs, at);
  }
  const named = isRecord(raw) ? raw : {};
  return {
    ...(scripts ? { scripts } : {}),
    section,
    id: key ?? listItemObjectId(named),
    at: source.locate(path, key !== undefined ? { key: true } : {}),
    hash: createHash('sha256').update(source.text(path)).digest('hex'),
    ...(parsed.success && !problems.some((p) => p.severity === 'error') ? { config: parsed.data } : {}),
    problems,
  };
}

/** Checks ids are unique within each section; the valid definitions, and every problem with its definition's id. */
export function settleDefinitions(candidates: readonly DefinitionCandidate[]): {
  definitions: LoadedDefinition[];
  diagnostics: AutomationDiagnostic[];
} {
  const taken = new Map<string, SourcePosition>();
  const definitions: LoadedDefinition[] = [];
  const diagnostics: AutomationDiagnostic[] = [];
  const scripts = new Set(candidates.flatMap((c) => (c.section === 'script' && c.config !== undefined ? [c.id] : [])));
  for (const c of candidates) {
    const name = `${c.section}.${c.id}`;
    const problems = [...c.problems, ...scriptCallWarnings(c.scripts ?? [], scripts)];
    const first = taken.get(name);
    if (first && c.config !== undefined)
      problems.push(
        diagnostic(
          c.at,
          'error',
          `duplicate ${c.section} '${c.id}': already defined at ${first.file}:${first.line}:${first.column}`,
          `every ${c.section} needs its own ${SECTIONS[c.section].shape === 'map' ? 'id' : 'name'}`,
        ),
      );
    diagnostics.push(...problems.map((p) => ({ ...p, automation_id: name })));
    if (c.config === undefined || problems.some((p) => p.severity === 'error')) continue;
    taken.set(name, c.at);
    definitions.push({
      section: c.section,
      id: c.id,
      file: c.at.file,
      line: c.at.line,
      column: c.at.column,
      source_hash: c.hash,
      config: c.config,
    } as LoadedDefinition);
  }
  return { definitions, diagnostics };
}
