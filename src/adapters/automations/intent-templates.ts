/**
 * Reads the intent templates (`intents/<language>.yaml`, one file per language) with the automations' YAML reader,
 * so every problem is placed at file:line:col as the automation loader places it. A file with problems is left out
 * whole (its language then understands nothing) and its problems are returned to be logged.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntentFile } from '../../intents/schema.js';
import { createYamlReader, type YamlPath } from './yaml-source.js';

export interface LoadedIntentTemplates {
  readonly files: readonly IntentFile[];
  /** `file:line:col: message` */
  readonly problems: readonly string[];
}

/**
 * The `intents/` folder shipped next to `dist/` (the repo root in development, `/app` in the add-on image):
 * this file is `src/adapters/automations/…` under the source tree, `dist/src/adapters/automations/…` compiled and
 * `dist/server/main.js` bundled.
 */
export function defaultIntentsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    resolve(here, '../../intents'),
    resolve(here, '../../../intents'),
    resolve(here, '../../../../intents'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'en.yaml'))) ?? (candidates[1] as string);
}

export function loadIntentTemplates(dir: string = defaultIntentsDir()): LoadedIntentTemplates {
  const files: IntentFile[] = [];
  const problems: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch (err) {
    return { files, problems: [`${dir}: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const reader = createYamlReader(dir);
  for (const name of names) {
    const source = reader.read(join(dir, name));
    const at = (path: YamlPath, key = false) => {
      const p = source.locate(path, { key });
      return `${p.file}:${p.line}:${p.column}`;
    };
    const found = source.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    if (source.fatal) {
      problems.push(...found);
      continue;
    }
    const parsed = IntentFile.safeParse(source.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
        const unknownKey = issue.code === 'unrecognized_keys';
        const where = unknownKey ? at([...path, issue.keys[0] ?? ''], true) : at(path);
        const field = path.length > 0 ? ` (${path.join('.')})` : '';
        found.push(`${where}: ${issue.message}${field}`);
      }
      problems.push(...found);
      continue;
    }
    const expected = name.replace(/\.ya?ml$/, '');
    if (parsed.data.language !== expected) {
      problems.push(`${at(['language'])}: language '${parsed.data.language}' in a file named ${name}`);
      continue;
    }
    problems.push(...found);
    files.push(parsed.data);
  }
  return { files, problems };
}
