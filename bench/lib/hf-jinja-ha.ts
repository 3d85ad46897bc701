// @huggingface/jinja set up as Home Assistant's template environment would need it, for the template-engine
// measurement (bench/template-engines.ts): Jinja's default whitespace handling (the library's Template turns
// on lstrip_blocks and trim_blocks), and Home Assistant's filters, functions and tests registered where the
// library lets them in. The library has no API for custom filters, so its private applyFilter is wrapped;
// functions are global variables; tests go into its tests map. The implementations are this project's own
// (the interpreter's builtins, called on converted values), so the measurement is of the library's core:
// its parser, evaluator and value model.
import { FILTERS } from '../../src/protocol/template/filters.js';
import { FUNCTIONS, TESTS } from '../../src/protocol/template/functions.js';
import { HostObject, PyFloat } from '../../src/protocol/template/index.js';
import { invoke, type Builtin } from '../../src/protocol/template/signature.js';
import { makeTuple, newDict, PyUndefined, isTuple, isDict, keyOf } from '../../src/protocol/template/python-values.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Runtime = { type: string; value: any };
type HfModule = { Template: any; tokenize: any; parse: any; Environment: any; Interpreter: any };

/** Filters Home Assistant adds or replaces (Jinja's own ones stay the library's). */
const HA_FILTERS = [
  'float',
  'int',
  'round',
  'bool',
  'is_defined',
  'iif',
  'multiply',
  'add',
  'log',
  'sqrt',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'average',
  'from_json',
  'to_json',
  'regex_match',
  'regex_search',
  'regex_replace',
  'regex_findall',
  'regex_findall_index',
  'timestamp_custom',
  'timestamp_local',
  'timestamp_utc',
  'as_timestamp',
  'as_datetime',
  'as_local',
  'is_number',
  'ordinal',
  'ord',
  'contains',
  'bitwise_and',
  'bitwise_or',
  'bitwise_xor',
  'base64_encode',
  'base64_decode',
];
const HA_FUNCTIONS = [
  'float',
  'int',
  'bool',
  'iif',
  'is_number',
  'log',
  'sqrt',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'average',
  'min',
  'max',
  'as_timestamp',
  'as_datetime',
  'as_local',
  'strptime',
  'timedelta',
  'zip',
];
const HA_TESTS = ['is_number', 'match', 'search', 'contains', 'datetime'];

export interface HfEngine {
  compile(source: string): unknown;
  render(compiled: unknown, vars: Record<string, unknown>): string;
}

type Clock = Record<string, (args: unknown[], kw: object) => unknown>;

export function setUpHuggingFace(hf: HfModule, clock: Clock): HfEngine {
  const scratch = new hf.Environment();
  let n = 0;
  const toRuntime = (v: unknown): Runtime => scratch.set(`v${n++}`, v) as Runtime;
  const cls = (v: unknown): (new (value: unknown) => Runtime) => toRuntime(v).constructor as never;
  const [FloatValue, IntegerValue, StringValue, ArrayValue, ObjectValue, FunctionValue, UndefinedValue] = [
    cls(0.5),
    cls(1),
    cls(''),
    cls([]),
    cls({}),
    cls(() => 0),
    cls(undefined),
  ];

  /** a library value -> the interpreter's Python value */
  const toPy = (r: Runtime): unknown => {
    switch (r.type) {
      case 'FloatValue':
        return new PyFloat(r.value as number);
      case 'ArrayValue':
        return (r.value as Runtime[]).map(toPy);
      case 'TupleValue':
        return makeTuple((r.value as Runtime[]).map(toPy));
      case 'ObjectValue':
      case 'KeywordArgumentsValue': {
        const d = newDict();
        for (const [k, v] of r.value as Map<string, Runtime>) d[k] = toPy(v);
        return d;
      }
      case 'UndefinedValue':
        return new PyUndefined('value is undefined');
      default:
        return r.value;
    }
  };
  /** the interpreter's Python value -> a library value (datetimes and other objects as their str()) */
  const fromPy = (v: unknown): Runtime => {
    if (v instanceof PyFloat) return new FloatValue(v.value);
    if (typeof v === 'bigint') return new IntegerValue(Number(v));
    if (v instanceof PyUndefined || v === undefined) return new UndefinedValue(undefined);
    if (v instanceof HostObject) return new StringValue(v.toPyString());
    if (Array.isArray(v)) return new ArrayValue((isTuple(v) ? [...v] : v).map(fromPy));
    if (isDict(v)) return new ObjectValue(new Map(Object.keys(v).map((k) => [String(keyOf(k)), fromPy(v[k])])));
    return toRuntime(v);
  };
  const call = (label: string, b: Builtin, args: Runtime[], kwargs: Map<string, Runtime>): Runtime => {
    const kw = new Map([...kwargs].map(([k, v]) => [k, toPy(v)]));
    return fromPy(invoke(label, b, args.map(toPy), kw));
  };

  const original = hf.Interpreter.prototype.applyFilter;
  hf.Interpreter.prototype.applyFilter = function (this: any, operand: Runtime, node: any, env: unknown): Runtime {
    const name: string = node.type === 'Identifier' ? node.value : node.callee?.value;
    if (!HA_FILTERS.includes(name)) return original.call(this, operand, node, env);
    const [args, kwargs] = node.type === 'Identifier' ? [[], new Map()] : this.evaluateArguments(node.args, env);
    return call(`filter '${name}'`, FILTERS[name] as Builtin, [operand, ...args], kwargs);
  };
  for (const name of HA_TESTS) {
    const test = TESTS[name] as Builtin;
    hf.Environment.TESTS.set(name, (...values: Runtime[]) => Boolean(invoke(name, test, values.map(toPy), new Map())));
  }
  const functionValue = (fn: (args: Runtime[], kwargs: Map<string, Runtime>) => Runtime): Runtime =>
    new FunctionValue((all: Runtime[]) => {
      const last = all[all.length - 1];
      const keywords = last?.type === 'KeywordArgumentsValue';
      const kw = keywords ? (last.value as Map<string, Runtime>) : new Map<string, Runtime>();
      return fn(keywords ? all.slice(0, -1) : all, kw);
    });
  const globals = new Map<string, Runtime>();
  for (const name of HA_FUNCTIONS) {
    globals.set(
      name,
      functionValue((args, kw) => call(`function '${name}'`, FUNCTIONS[name] as Builtin, args, kw)),
    );
  }
  for (const [name, fn] of Object.entries(clock)) {
    const keywords = (kw: Map<string, Runtime>): object => Object.fromEntries([...kw].map(([k, v]) => [k, toPy(v)]));
    globals.set(
      name,
      functionValue((args, kw) => fromPy(fn(args.map(toPy), keywords(kw)))),
    );
  }
  globals.set('pi', new FloatValue(Math.PI));
  globals.set('e', new FloatValue(Math.E));
  globals.set('tau', new FloatValue(2 * Math.PI));

  // Template.render sets the library's own globals up; ours and the variables join them as it runs
  let pending: Map<string, Runtime> | undefined;
  const run = hf.Interpreter.prototype.run;
  hf.Interpreter.prototype.run = function (this: any, program: unknown): Runtime {
    for (const [name, value] of pending ?? []) this.global.variables.set(name, value);
    return run.call(this, program);
  };
  return {
    compile: (source) => {
      const template = new hf.Template('');
      template.parsed = hf.parse(hf.tokenize(source.trim(), { lstrip_blocks: false, trim_blocks: false }));
      return template;
    },
    render: (template, vars) => {
      pending = new Map([...globals, ...Object.entries(vars).map(([k, v]) => [k, fromPy(v)] as const)]);
      try {
        return String((template as { render(): string }).render()).trim();
      } finally {
        pending = undefined;
      }
    },
  };
}
