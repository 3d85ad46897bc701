/**
 * Watches the automations folder and calls `onChange` once things have settled (debounced), so
 * editors that save by writing a temporary file and renaming it cause one reload, not several.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../../core/logger.js';

export interface FolderWatcher {
  stop(): void;
}

const RELEVANT = /\.ya?ml$/i;

export function watchFolder(dir: string, debounceMs: number, onChange: () => void, log: Logger): FolderWatcher {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  let stopped = false;

  const changed = (_event: string, filename: string | Buffer | null): void => {
    const name = filename === null ? null : String(filename);
    if (name !== null && !RELEVANT.test(name)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!stopped) onChange();
    }, debounceMs);
  };

  const open = (recursive: boolean): FSWatcher => watch(dir, { recursive, persistent: false }, changed);
  try {
    try {
      watcher = open(true);
    } catch {
      watcher = open(false);
    }
    watcher.on('error', (err) => log.warn('automations folder watch failed', { dir, err: err.message }));
  } catch (err) {
    log.warn('cannot watch the automations folder; reload through the API', { dir, err: err instanceof Error ? err.message : String(err) });
  }

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
