// A vitest reporter (vitest.config.ts, beside the default one) that ends a run by saying which optional suites were
// skipped for want of a tool, and the command that brings it (optional-tools.ts), instead of skipping them in silence.
import { readFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import { type SkippedFile, skippedNotes } from './optional-tools.js';

export default class SkippedSuitesReporter implements Reporter {
  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const skipped: SkippedFile[] = [];
    for (const module of testModules) {
      if (module.children.allTests('skipped').next().done) continue;
      let source = '';
      try {
        source = readFileSync(module.moduleId, 'utf8');
      } catch {
        // a module without a file of its own: matched by its path alone
      }
      skipped.push({ path: module.moduleId, source });
    }
    if (skipped.length === 0) return;
    const notes = await skippedNotes(skipped);
    if (notes.length > 0) process.stdout.write(`\n${notes.join('\n')}\n(.ci/run installs all of them, as CI does)\n\n`);
  }
}
