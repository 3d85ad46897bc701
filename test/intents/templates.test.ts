// The intent template files: every file in intents/ loads without a problem, and a broken one is reported at
// file:line:col.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultIntentsDir, loadIntentTemplates } from '../../src/adapters/automations/intent-templates.js';
import { tempDir } from '../helpers/net.js';

describe('intent templates', () => {
  it('loads every shipped language without a problem', () => {
    const loaded = loadIntentTemplates();
    expect(loaded.problems).toEqual([]);
    expect(loaded.files.map((f) => f.language)).toContain('en');
  });

  it('places a problem at file:line:col and leaves the file out', () => {
    const dir = tempDir();
    try {
      const shipped = readFileSync(join(defaultIntentsDir(), 'en.yaml'), 'utf8');
      const line = shipped.split('\n').findIndex((l) => l.includes('- light up {name}')) + 1;
      writeFileSync(join(dir.path, 'en.yaml'), shipped.replace('- light up {name}', '- light up {thing}'));
      const loaded = loadIntentTemplates(dir.path);
      expect(loaded.files).toEqual([]);
      expect(loaded.problems).toEqual([
        expect.stringMatching(new RegExp(`^en\\.yaml:${line}:\\d+: unknown slot \\{thing\\}`)),
      ]);
    } finally {
      dir.remove();
    }
  });
});
