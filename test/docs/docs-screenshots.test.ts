// DOCS.md shows the panel (issue 20): every picture it links is in the repo, and each view has all four (light and
// dark, desktop and phone), as `npm run screenshots` writes them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const docs = readFileSync(new URL('DOCS.md', root), 'utf8');

describe('the panel pictures in DOCS.md', () => {
  it('links only pictures that exist', () => {
    const links = [...docs.matchAll(/\]\((docs\/screenshots\/[^)]+)\)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThanOrEqual(48);
    expect(links.filter((l) => !existsSync(new URL(l, root)))).toEqual([]);
  });

  it('has each view light and dark, on a desktop and a phone, and links every one', () => {
    const files = readdirSync(new URL('docs/screenshots/', root)).filter((f) => f.endsWith('.png'));
    const views = new Set(files.map((f) => f.replace(/-(light|dark)-(desktop|phone)\.png$/, '')));
    expect(views.size).toBeGreaterThanOrEqual(12);
    for (const view of views)
      for (const variant of ['light-desktop', 'dark-desktop', 'light-phone', 'dark-phone'])
        expect(files, `${view}-${variant}.png`).toContain(`${view}-${variant}.png`);
    for (const f of files) expect(docs, f).toContain(`docs/screenshots/${f}`);
  });
});
