// One Switchyard per data folder (issue 21): `switchyard.lock` in the folder names the instance that holds it (its
// process id, host, start time and HTTP port), is created exclusively at start and removed at stop. A second
// instance finds it and refuses to start, saying which folder and which instance holds it, before it opens the
// database or the embedded broker's store. A lock left by an instance that died (kill -9, power cut) is taken over:
// its process is gone, or is this very process (a container restarted gives its program the same pid). Only this
// host's processes can be checked: the host is named in the message, not compared (a container gets a new host name
// at each start).
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'switchyard.lock';

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly started_at: string;
  readonly http_port: number | null;
}

export class DataFolderInUseError extends Error {
  override readonly name = 'DataFolderInUseError';
}

/** Whether the process `pid` on this host is alive and a Node.js program (a pid reused by something else is not). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return /node/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc: alive is all we know
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string'
      ? { pid: h.pid, host: h.host, started_at: String(h.started_at ?? '?'), http_port: h.http_port ?? null }
      : undefined;
  } catch {
    return undefined; // unreadable or half written: no one we can name holds it
  }
}

/**
 * Takes the data folder for this process; returns the release function. Throws DataFolderInUseError naming the
 * folder and the holder when another live instance holds it. `onTakeOver` hears about a stale lock taken over.
 */
export function lockDataFolder(
  dataDir: string,
  me: { readonly httpPort: number | null },
  onTakeOver?: (stale: string) => void,
): () => void {
  const folder = resolve(dataDir);
  const file = join(folder, LOCK_FILE);
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    started_at: new Date().toISOString(),
    http_port: me.httpPort,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = readHolder(file);
      if (other && alive(other.pid))
        throw new DataFolderInUseError(
          `the data folder ${folder} is in use by another Switchyard (process ${other.pid} on ${other.host}, started ${other.started_at}${other.http_port !== null ? `, HTTP port ${other.http_port}` : ''}); stop it, or give this one another data_dir. If that instance is gone, delete ${file}`,
        );
      onTakeOver?.(other ? `process ${other.pid}, started ${other.started_at}` : 'unreadable');
      rmSync(file, { force: true });
      continue;
    }
    writeSync(fd, `${JSON.stringify(holder)}\n`);
    closeSync(fd);
    return () => {
      // only our own lock: another instance may have taken over a folder we no longer held
      if (existsSync(file) && readHolder(file)?.pid === holder.pid) rmSync(file, { force: true });
    };
  }
  throw new DataFolderInUseError(`the data folder ${folder}: ${file} could not be taken`);
}
