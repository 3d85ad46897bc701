import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The process tests run the compiled add-on exactly as `npm start` does, so build it once first. */
export default function setup(): void {
  if (process.env.SWITCHYARD_SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
