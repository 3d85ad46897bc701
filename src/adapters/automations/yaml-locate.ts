// Finds where a path of a parsed YAML file is (file:line:column, offsets, text), through aliases and `!include`.
import { dirname, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type LineCounter, type Node } from 'yaml';

export type YamlPath = readonly (string | number)[];

/** `file` is relative to the root folder (with `/`); `line` and `column` are 1-based. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One file read: the root file, an included file or a secrets.yaml. */
export interface ParsedFile {
  readonly abs: string;
  readonly name: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly fatal: boolean;
  readonly failed: boolean;
}

/** The included files read so far, by absolute path. */
export type IncludedFiles = ReadonlyMap<string, ParsedFile>;

const keyText = (key: unknown): string => (isScalar(key) ? String(key.value) : String(key));

/** The position of `offset` in `file`. */
export function positionIn(file: ParsedFile, offset: number): SourcePosition {
  const { line, col } = file.lines.linePos(offset);
  return { file: file.name, line, column: col };
}

/** The file an `!include` node of `from` has read, if `node` is one. */
const includedBy = (files: IncludedFiles, from: ParsedFile, node: unknown): ParsedFile | undefined =>
  isScalar(node) && node.tag === '!include'
    ? files.get(resolve(dirname(from.abs), String(node.source ?? '').trim()))
    : undefined;

/** Follows `path` from the root of `file` through aliases (and includes unless `exact`); stops at the closest node. */
function walk(files: IncludedFiles, file: ParsedFile, path: YamlPath, exact: boolean) {
  let current = file;
  let node: unknown = file.doc.contents;
  let keyNode: unknown;
  let found = true;
  for (let i = 0; i <= path.length; i++) {
    if (isAlias(node)) node = node.resolve(current.doc);
    const target = exact ? undefined : includedBy(files, current, node);
    if (target && !target.fatal) {
      current = target;
      node = isAlias(target.doc.contents) ? target.doc.contents.resolve(target.doc) : target.doc.contents;
    }
    const seg = path[i];
    if (seg === undefined) break;
    keyNode = undefined;
    if (typeof seg === 'number') {
      if (!isSeq(node)) continue; // a single item given where a list is allowed
      const next: unknown = node.items[seg];
      if (next === undefined) {
        found = false;
        break;
      }
      node = next;
    } else {
      const pair = isMap(node) ? node.items.find((p) => keyText(p.key) === seg) : undefined;
      if (!pair) {
        found = false;
        break;
      }
      keyNode = pair.key;
      node = pair.value ?? pair.key;
    }
  }
  return { file: current, node: node as Node | null, keyNode: keyNode as Node | undefined, found };
}

/** Position of the value (or, with `key`, the key) at `path`; the closest existing node when it is absent. */
export function locateIn(
  files: IncludedFiles,
  file: ParsedFile,
  path: YamlPath,
  options: { key?: boolean },
): SourcePosition {
  const { file: f, node, keyNode, found } = walk(files, file, path, false);
  // an empty value (`actions:`) has no text of its own: point at its key
  const empty = isScalar(node) && !node.tag && node.range?.[0] === node.range?.[1];
  return positionIn(f, (keyNode && found && (options.key || empty) ? keyNode : node)?.range?.[0] ?? 0);
}

/** Offsets [start, end) in `file` of the node at `path` (an `!include` counts from its tag). */
export function spanIn(files: IncludedFiles, file: ParsedFile, path: YamlPath): readonly [number, number] | undefined {
  const { file: f, node } = walk(files, file, path, true);
  if (f !== file || !node?.range) return undefined;
  let start = node.range[0];
  if (isScalar(node) && node.tag) {
    const before = /!\S+\s*$/.exec(file.text.slice(Math.max(0, start - 200), start));
    if (before) start -= before[0].length;
  }
  return [start, node.range[1]];
}

/** The YAML text of the node at `path`, followed by the text of every file it includes. */
export function textIn(files: IncludedFiles, file: ParsedFile, path: YamlPath): string {
  const { file: f, node } = walk(files, file, path, false);
  const parts: string[] = [];
  const collect = (from: ParsedFile, n: Node | null, seen: Set<string>): void => {
    if (!n?.range) return;
    parts.push(from.text.slice(n.range[0], n.range[1]));
    visit(n, {
      Scalar: (_, s) => {
        const inc = includedBy(files, from, s);
        if (inc && !seen.has(inc.abs)) collect(inc, inc.doc.contents, new Set([...seen, inc.abs]));
      },
    });
  };
  collect(f, node, new Set([f.abs]));
  return parts.join('\n');
}
