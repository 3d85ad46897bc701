// Plain helpers for the automation authoring tools: file names inside the automations folder, hashes,
// atomic writes. No SDK here.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UnavailableError, ValidationError } from '../../../core/errors.js';
import type { McpAutomationFiles, McpDeps } from '../deps.js';

export const fileNameArg = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and - only (no extension, no folders), e.g. "porch_lights"')
  .describe('The file name inside the automations folder, without ".yaml", e.g. "porch_lights".');

export const hashArg = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest').describe('The sha256 (hex) of the file as you last saw it (from validate_automation with name, or a previous save).');

export const DiagnosticSchema = z.object({
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  hint: z.string().optional(),
  severity: z.enum(['error', 'warning']).optional(),
});

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

export function needFiles(deps: McpDeps): McpAutomationFiles {
  if (!deps.automationFiles) throw new UnavailableError('Automation files are not available on this server (no automations folder configured).');
  return deps.automationFiles;
}

export function checkName(name: string): string {
  if (name.toLowerCase() === 'secrets') throw new ValidationError('"secrets" is reserved for !secret values; choose another name.');
  return `${name}.yaml`;
}

/** The file's current text and hash, or undefined when it does not exist. */
export function currentFile(files: McpAutomationFiles, fileName: string): { text: string; hash: string } | undefined {
  const path = join(files.dir, fileName);
  if (!existsSync(path)) return undefined;
  const buf = readFileSync(path);
  return { text: buf.toString('utf8'), hash: sha256(buf) };
}

/** Writes through a temporary file and a rename, so the watcher never sees half a file. */
export function writeAtomically(path: string, text: string): void {
  const tmp = join(path, '..', `.${Date.now()}-${process.pid}.tmp`);
  writeFileSync(tmp, text, 'utf8');
  renameSync(tmp, path);
}

export function diagnosticsRows(d: readonly { line: number; column: number; message: string; hint?: string; severity?: 'error' | 'warning' }[]) {
  return d.map((x) => ({ line: x.line, column: x.column, message: x.message, ...(x.hint !== undefined ? { hint: x.hint } : {}), ...(x.severity !== undefined ? { severity: x.severity } : {}) }));
}

export function formatDiagnostics(fileName: string, d: readonly { line: number; column: number; message: string; hint?: string }[]): string {
  return d.map((x) => `${fileName}:${x.line}:${x.column}: ${x.message}${x.hint ? ` (${x.hint})` : ''}`).join('\n');
}
