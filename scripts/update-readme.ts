// `npm run docs`: rewrites README.md's generated sections (the MCP tools, the REST routes) from the code, through
// readme-tables.ts. Run from the compiled copy (dist/scripts/update-readme.js), so the README is two folders up.
import { readFileSync, writeFileSync } from 'node:fs';
import { readmeTables, replaceSections } from './readme-tables.js';

const readmeUrl = new URL(import.meta.url.includes('/dist/') ? '../../README.md' : '../README.md', import.meta.url);
const before = readFileSync(readmeUrl, 'utf8');
const after = replaceSections(before, await readmeTables());
if (after === before) {
  process.stdout.write('README.md: the generated tables are current\n');
} else {
  writeFileSync(readmeUrl, after);
  process.stdout.write('README.md: generated tables rewritten\n');
}
