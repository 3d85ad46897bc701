/**
 * Reads automation YAML with positions kept: YAML 1.2 (so `on`/`off` and `07:30` stay text), the tags
 * `!secret` and `!include`, and a way back from a path in the parsed value to file:line:column, also
 * across `!include`. `!input` is read in blueprint files only (a reader made with `inputs: true`); Home
 * Assistant's other tags (`!env_var`, `!include_dir_*`) are reported as unsupported. Problems are collected,
 * never thrown.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { LineCounter, parseDocument, type Document, type ScalarTag } from 'yaml';
import { BlueprintInput } from './input-tag.js';
import {
  locateIn,
  positionIn,
  spanIn,
  textIn,
  type ParsedFile,
  type SourcePosition,
  type YamlPath,
} from './yaml-locate.js';

export type { SourcePosition, YamlPath };

export interface SourceProblem extends SourcePosition {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint?: string;
  /** offset in the file that was read (absent for problems found in included files or secrets.yaml) */
  readonly offset?: number;
  /** the file could not be parsed at all: nothing in it can be used */
  readonly fatal: boolean;
}

export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** true when the YAML itself is broken (syntax errors); `value` is then unusable */
  readonly fatal: boolean;
  /** problems of this file, of the files it includes (first time read) and of secrets.yaml files */
  readonly problems: readonly SourceProblem[];
  /** position of the value (or, with `key`, the key) at `path`; the closest existing node when it is absent */
  locate(path: YamlPath, options?: { key?: boolean }): SourcePosition;
  /** offsets [start, end) in this file of the node at `path` (an `!include` counts from its tag) */
  span(path: YamlPath): readonly [number, number] | undefined;
  /** the YAML text of the node at `path`, followed by the text of every file it includes */
  text(path: YamlPath): string;
}

export interface YamlReader {
  /** Reads and parses `absPath` (or `text` as if it were that file). */
  read(absPath: string, text?: string): YamlSource;
  /** every `!secret` this reader resolved: value (as text) → name, to keep the values out of what is shown */
  secretValues(): ReadonlyMap<string, string>;
}

const SYNTAX_HINTS: Readonly<Record<string, string>> = {
  BAD_INDENT: 'check the indentation: the keys of one mapping must line up',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  DUPLICATE_KEY: 'a key appears twice in the same mapping; keep one',
  BLOCK_AS_IMPLICIT_KEY: 'a value may be mis-indented, or a space is missing after a colon',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; check for a missing colon or quote',
  MISSING_CHAR: "a '-', a closing quote or a bracket may be missing, or the line is indented wrongly",
  MULTIPLE_DOCS: "a file holds one YAML document: remove the '---' line, or make the automations one list",
};

const DIR_TAG = 'every file in the automations folder is loaded already; use !include for single files';
const UNSUPPORTED_TAGS: Readonly<Record<string, string>> = {
  '!input': 'only blueprint files (in blueprints/automation/) take !input; an automation gives inputs in use_blueprint',
  '!env_var': 'environment variables are not read in automations; use !secret',
  ...Object.fromEntries(['list', 'named', 'merge_list', 'merge_named'].map((k) => [`!include_dir_${k}`, DIR_TAG])),
};

/** A resolved tag value, or why it could not be resolved. */
type Found = { value: unknown } | { error: string; hint?: string };
/** The contents of one secrets.yaml; null when the folder has none. */
type Secrets = { values: Record<string, unknown> } | { error: string } | null;

/** The document as plain data; fails on alias bombs, unknown anchors and bad merge keys. */
function plainData(doc: Document.Parsed): { value: unknown } | { error: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: 1000 }) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** A reader for the files under `root`: includes and secrets are cached for the reader's lifetime. */
export function createYamlReader(root: string, options: { inputs?: boolean } = {}): YamlReader {
  const rootDir = resolve(root);
  const files = new Map<string, ParsedFile>();
  const secrets = new Map<string, Secrets>();
  const resolvedSecrets = new Map<string, string>();
  const stack: string[] = [];
  const pending: SourceProblem[] = [];

  const nameOf = (abs: string): string => relative(rootDir, abs).split(sep).join('/');
  const inside = (abs: string): boolean => abs === rootDir || abs.startsWith(rootDir + sep);
  /** where a path really leads (symbolic links followed) is inside the folder too; a path that does not exist passes */
  const realInside = (abs: string): boolean => {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return true;
    }
    realRoot ??= realpathSync(rootDir);
    return real === realRoot || real.startsWith(realRoot + sep);
  };
  let realRoot: string | undefined;

  function secretsIn(dir: string): Secrets {
    if (!secrets.has(dir)) secrets.set(dir, loadSecrets(join(dir, 'secrets.yaml')));
    return secrets.get(dir) ?? null;
  }

  function loadSecrets(abs: string): Secrets {
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch {
      return null;
    }
    const file = parse(abs, text, 'secrets');
    const data = file.fatal ? undefined : plainData(file.doc);
    const value = data && 'value' in data ? data.value : undefined;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { values: value as Record<string, unknown> }
      : { error: `${file.name} could not be read as a mapping of names to values` };
  }

  function lookupSecret(from: string, name: string): Found {
    const searched: string[] = [];
    for (let dir = dirname(from); inside(dir); dir = dirname(dir)) {
      const entry = secretsIn(dir);
      searched.push(nameOf(join(dir, 'secrets.yaml')));
      if (entry && 'error' in entry) return entry;
      if (entry && Object.hasOwn(entry.values, name)) {
        const value = entry.values[name];
        if (typeof value === 'string' || typeof value === 'number') resolvedSecrets.set(String(value), name);
        return { value };
      }
      if (dir === rootDir) break;
    }
    return { error: `secret '${name}' is not defined`, hint: `add '${name}: …' to ${searched.join(' or ')}` };
  }

  function include(from: string, target: string): Found {
    const abs = resolve(dirname(from), target);
    if (!inside(abs) || !realInside(abs))
      return { error: `!include '${target}' points outside the automations folder` };
    if (stack.includes(abs)) {
      const cycle = [...stack.slice(stack.indexOf(abs)), abs].map(nameOf).join(' → ');
      return {
        error: `!include cycle: ${cycle}`,
        hint: 'a file cannot include itself, directly or through other files',
      };
    }
    let file = files.get(abs);
    if (!file) {
      let text: string;
      try {
        text = readFileSync(abs, 'utf8');
      } catch (err) {
        return {
          error: `cannot read included file '${target}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        };
      }
      file = parse(abs, text, 'included');
    }
    if (file.failed)
      return { error: `included file '${file.name}' has errors`, hint: 'see the problems reported for that file' };
    const data = plainData(file.doc);
    return 'value' in data ? data : { error: `included file '${file.name}' cannot be used: ${data.error}` };
  }

  function tagsFor(abs: string, hints: Map<string, string>): ScalarTag[] {
    const fail = (onError: (message: string) => void, error: string, hint?: string): null => {
      if (hint !== undefined) hints.set(error, hint);
      onError(error);
      return null;
    };
    const resolveWith =
      (what: 'secret' | 'file' | 'input', lookup: (name: string) => Found) =>
      (source: string, onError: (message: string) => void): unknown => {
        const name = source.trim();
        const tag = what === 'file' ? 'include' : what;
        if (name === '') return fail(onError, `!${tag} needs ${what === 'input' ? 'an' : 'a'} ${what} name`);
        const found = lookup(name);
        return 'value' in found ? found.value : fail(onError, found.error, found.hint);
      };
    return [
      { tag: '!secret', resolve: resolveWith('secret', (name) => lookupSecret(abs, name)) },
      { tag: '!include', resolve: resolveWith('file', (name) => include(abs, name)) },
      ...(options.inputs
        ? [{ tag: '!input', resolve: resolveWith('input', (name) => ({ value: new BlueprintInput(name) })) }]
        : []),
      ...Object.entries(UNSUPPORTED_TAGS)
        .filter(([tag]) => !(options.inputs && tag === '!input'))
        .map(([tag, hint]) => ({
          tag,
          resolve: (_: string, onError: (message: string) => void) => fail(onError, `unsupported tag ${tag}`, hint),
        })),
    ];
  }

  /** Parses one file; problems go to `pending`, with offsets only for the root file (used to attribute them). */
  function parse(abs: string, text: string, kind: 'root' | 'included' | 'secrets'): ParsedFile {
    const lines = new LineCounter();
    const hints = new Map<string, string>();
    stack.push(abs);
    const customTags = kind === 'secrets' ? [] : tagsFor(abs, hints);
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, customTags });
    stack.pop();
    const name = nameOf(abs);
    const problems: SourceProblem[] = [];
    let fatal = false;
    const add = (
      offset: number,
      severity: 'error' | 'warning',
      message: string,
      isFatal: boolean,
      hint?: string,
    ): void => {
      const { line, col } = lines.linePos(offset);
      fatal ||= isFatal;
      problems.push({
        file: name,
        line,
        column: col,
        severity,
        message,
        fatal: isFatal,
        ...(hint ? { hint } : {}),
        ...(kind === 'root' ? { offset } : {}),
      });
    };
    for (const e of doc.errors) {
      if (e.code === 'TAG_RESOLVE_FAILED') add(e.pos[0], 'error', e.message, false, hints.get(e.message));
      else add(e.pos[0], 'error', `YAML syntax error: ${e.message}`, true, SYNTAX_HINTS[e.code]);
    }
    for (const w of doc.warnings) {
      const unknownTag = /^Unresolved tag: (.*)$/.exec(w.message);
      if (unknownTag)
        add(
          w.pos[0],
          'error',
          `unknown tag ${unknownTag[1] ?? ''}`,
          false,
          'Switchyard understands !secret and !include',
        );
      else add(w.pos[0], 'warning', w.message, false);
    }
    const file: ParsedFile = {
      abs,
      name,
      text,
      doc,
      lines,
      fatal,
      failed: problems.some((p) => p.severity === 'error'),
    };
    if (kind === 'included') files.set(abs, file);
    pending.push(...problems);
    return file;
  }

  function read(absPath: string, text?: string): YamlSource {
    const abs = resolve(absPath);
    const file = parse(abs, text ?? readFileSync(abs, 'utf8'), 'root');
    const problems = pending.splice(0);
    const data = file.fatal ? undefined : plainData(file.doc);
    if (data && 'error' in data)
      problems.push({ ...positionIn(file, 0), severity: 'error', message: `YAML error: ${data.error}`, fatal: true });
    const fatal = file.fatal || (data !== undefined && 'error' in data);
    return {
      file: file.name,
      value: data && 'value' in data ? data.value : undefined,
      fatal,
      problems,
      locate: (path, options = {}) => locateIn(files, file, path, options),
      span: (path) => spanIn(files, file, path),
      text: (path) => textIn(files, file, path),
    };
  }

  return { read, secretValues: () => resolvedSecrets };
}
