// Renders templates with Python's Jinja2 (Debian's python3-jinja2), the reference the template interpreter
// is held to. One python3 process renders a whole batch: [{template, vars}] in, [{ok, output | error}] out.
// The output is stripped of surrounding whitespace, as Home Assistant's Template.async_render does.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = `
import json, sys
import jinja2
env = jinja2.Environment()
out = []
for case in json.load(sys.stdin):
    try:
        out.append({"ok": True, "output": env.from_string(case["template"]).render(**case["vars"]).strip()})
    except Exception as e:
        out.append({"ok": False, "error": type(e).__name__ + ": " + str(e)})
json.dump(out, sys.stdout)
`;

/** the first Python that has Jinja2: python3 on the PATH, else Debian's own (where apt puts python3-jinja2) */
const PYTHON = ['python3', '/usr/bin/python3'].find(
  (p) => spawnSync(p, ['-c', 'import jinja2'], { stdio: 'ignore' }).status === 0,
);
export const jinja2Available = PYTHON !== undefined;
/** CI installs python3-jinja2, so there a missing one is a failure rather than a skip */
export const jinja2Required = process.env.CI === 'true';

export type Jinja2Result = { ok: true; output: string } | { ok: false; error: string };

export function renderWithJinja2(
  cases: readonly { template: string; vars?: Record<string, unknown> }[],
): Jinja2Result[] {
  if (PYTHON === undefined) throw new Error('no python3 with jinja2 (apt-get install python3-jinja2)');
  const run = spawnSync(PYTHON, ['-c', SCRIPT], {
    input: JSON.stringify(cases.map((c) => ({ template: c.template, vars: c.vars ?? {} }))),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`python3 jinja2 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Jinja2Result[];
}

/**
 * Home Assistant's environment rebuilt on Jinja2 (ha_jinja_reference.py): its filters, tests and globals,
 * orjson's JSON, the sandbox, on a clock frozen at `now` in the time zone `tz`. One python3 process renders
 * every case, or every entry x variable set of a corpus file (`corpus`, an absolute path).
 */
export type HaReferenceResult = { ok: true; output: string } | { ok: false; error: string; jinja: boolean };
export interface HaReferenceCase {
  readonly template: string;
  readonly vars?: Record<string, unknown>;
  /** a value template: vars.value is the MQTT payload and value_json is parsed from it */
  readonly payload?: boolean;
}
export type HaReferenceRequest = { now: string; tz: string } & (
  | { corpus: string }
  | { cases: readonly HaReferenceCase[] }
);

const HA_REFERENCE = fileURLToPath(new URL('./ha_jinja_reference.py', import.meta.url));

export function renderWithHomeAssistant(request: HaReferenceRequest): HaReferenceResult[] {
  if (PYTHON === undefined) throw new Error('no python3 with jinja2 (apt-get install python3-jinja2)');
  const input = JSON.stringify(request);
  const run = spawnSync(PYTHON, [HA_REFERENCE], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`the Home Assistant reference failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as HaReferenceResult[];
}
