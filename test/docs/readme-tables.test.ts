// README.md's MCP tool and REST route tables are generated from the code (scripts/readme-tables.ts): built here the
// same way, from the app's real fastify routes and the MCP SDK's real client, they must equal what the README says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstSentence, readmeTables, REGENERATE, replaceSections, section } from '../../scripts/readme-tables.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README tables', () => {
  it('list every MCP tool and every REST route the code has, as the generator writes them', async () => {
    const tables = await readmeTables();
    for (const [name, text] of Object.entries(tables)) {
      expect(section(readme, name), `README.md's ${name} table is out of date: run \`${REGENERATE}\``).toBe(text);
    }
    // the tables are complete, not only current: the routes a user reaches first, every tool registered
    expect(tables.routes).toContain('`GET, POST, PUT /api/webhook/{webhook_id}`');
    expect(tables.routes).toContain('`POST /mcp`');
    expect(tables['mcp-tools']).toMatch(/^\d+ tools/);
    expect(tables['mcp-tools']).toContain('`save_automation`');
  });

  it('replace only the text between the markers, and say which markers are missing', () => {
    const text =
      'intro\n<!-- routes:start -->\nold\n<!-- routes:end -->\noutro\n<!-- mcp-tools:start -->\n<!-- mcp-tools:end -->\n';
    expect(replaceSections(text, { routes: 'R', 'mcp-tools': 'M' })).toBe(
      'intro\n<!-- routes:start -->\nR\n<!-- routes:end -->\noutro\n<!-- mcp-tools:start -->\nM\n<!-- mcp-tools:end -->\n',
    );
    expect(() => replaceSections('no markers', { routes: 'R', 'mcp-tools': 'M' })).toThrow(
      /README\.md has no <!-- routes:start -->/,
    );
  });

  it('take a tool description up to its first sentence, past abbreviations', () => {
    expect(firstSentence('Say it (any language, e.g. "en"). Then more.')).toBe('Say it (any language, e.g. "en").');
    expect(firstSentence('One sentence only')).toBe('One sentence only');
  });
});
