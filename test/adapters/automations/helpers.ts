import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect } from 'vitest';
import {
  loadAutomationText,
  type AutomationDiagnostic,
  type LoadResult,
} from '../../../src/adapters/automations/loader.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (relative path → text) into a fresh temp folder (removed after the file's tests) and returns its path. */
export function tempTree(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-automations-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export const errors = (r: LoadResult): AutomationDiagnostic[] => r.diagnostics.filter((d) => d.severity === 'error');

/** `file:line:column message` — compact and easy to compare. */
export const where = (d: AutomationDiagnostic): string => `${d.file}:${d.line}:${d.column} ${d.message}`;

/** Loads YAML text that must hold exactly one valid automation and returns its model. */
export function one(yaml: string) {
  const result = loadAutomationText(yaml, 'test.yaml', { dir: tmpdir() });
  expect(errors(result).map(where)).toEqual([]);
  expect(result.automations).toHaveLength(1);
  return result.automations[0]!.config;
}

// Builders for the expected model, with the defaults the schema fills in.
export const call = (action: string, entityIds?: string[], data: Record<string, unknown> = {}) => ({
  kind: 'call',
  enabled: true,
  continue_on_error: false,
  action,
  ...(entityIds ? { target: { entity_id: entityIds } } : {}),
  data,
});
export const fixed = (ms: number) => ({ kind: 'fixed', ms });
export const on = <T extends object>(x: T) => ({ enabled: true, ...x });
export const step = <T extends object>(x: T) => ({ enabled: true, continue_on_error: false, ...x });
