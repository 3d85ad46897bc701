// The automations folder as the authoring tools see it: a symbolic link in it that leads outside is not read
// through (issue 21: GET /api/automation-files and the MCP tools read with this store).
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAutomationFileStore } from '../../../src/adapters/automations/file-store.js';
import { ValidationError } from '../../../src/core/errors.js';
import { tempTree } from './helpers.js';

describe('automation file store', () => {
  it('reads plain files and links that stay inside, and refuses a link that leads outside', () => {
    const outside = tempTree({ 'passwords.yaml': 'root: hunter2\n' });
    const dir = tempTree({ 'kitchen.yaml': 'id: kitchen\n', 'parts/real.yaml': 'id: real\n' });
    symlinkSync(join(outside, 'passwords.yaml'), join(dir, 'away.yaml'));
    symlinkSync(join(dir, 'parts', 'real.yaml'), join(dir, 'near.yaml'));
    const store = createAutomationFileStore(dir);
    expect(store.read('kitchen.yaml')?.toString()).toBe('id: kitchen\n');
    expect(store.read('near.yaml')?.toString()).toBe('id: real\n');
    expect(store.read('missing.yaml')).toBeUndefined();
    expect(() => store.read('away.yaml')).toThrow(ValidationError);
    expect(() => store.read('away.yaml')).toThrow(/link to a file outside the automations folder/);
  });
});
