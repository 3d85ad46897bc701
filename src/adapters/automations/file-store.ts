// The automations folder as the authoring use cases see it (the AutomationFiles port): read, write through a
// temporary file and a rename, remove, and validate text with the loader as if it were a file in the folder.
import { existsSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { entityWarnings, withAutomations } from '../../automations/references.js';
import { ValidationError } from '../../core/errors.js';
import type { AutomationFiles } from '../../usecases/deps.js';
import { loadAutomationText } from './loader.js';

export function createAutomationFileStore(folder: string): AutomationFiles {
  const dir = resolve(folder);
  /** a plain name inside the folder; the use cases check names, this keeps any other caller inside too */
  const pathOf = (fileName: string): string => {
    if (basename(fileName) !== fileName || fileName.startsWith('.')) {
      throw new ValidationError(`"${fileName}" is not a file name inside the automations folder.`);
    }
    return join(dir, fileName);
  };
  return {
    read(fileName) {
      const path = pathOf(fileName);
      if (!existsSync(path)) return undefined;
      // a symbolic link may lead anywhere: only what really lies in the folder is read (issue 21)
      const real = realpathSync(path);
      if (!real.startsWith(realpathSync(dir) + sep))
        throw new ValidationError(`"${fileName}" is a link to a file outside the automations folder.`);
      return readFileSync(real);
    },
    write(fileName, text) {
      const path = pathOf(fileName);
      // the watcher never sees half a file
      const tmp = join(dir, `.${Date.now()}-${process.pid}.tmp`);
      writeFileSync(tmp, text, 'utf8');
      renameSync(tmp, path);
    },
    remove(fileName) {
      unlinkSync(pathOf(fileName));
    },
    validate(text, fileName, entities) {
      const r = loadAutomationText(text, fileName, { dir });
      // the automations of this text may name each other's automation.* entities
      const lookup = entities && withAutomations(entities, r.automations);
      const missing = lookup ? r.automations.flatMap((a) => entityWarnings(a, lookup)) : [];
      return {
        ok: !r.diagnostics.some((d) => d.severity === 'error'),
        diagnostics: [...r.diagnostics, ...missing].sort((a, b) =>
          a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
        ),
        ids: r.automations.map((a) => a.id),
      };
    },
  };
}
