// Variable scopes of a render (a for-loop's body is a child scope) and the `loop` variable of a for-loop.
import { GLOBAL_CONSTANTS } from './functions.js';
import { PyUndefined, newDict, type PyDict } from './python-values.js';

export type Vars = Readonly<Record<string, unknown>>;

export class Scope {
  private readonly locals = new Map<string, unknown>();

  constructor(
    private readonly parent: Scope | undefined,
    private readonly vars: Vars,
  ) {}

  lookup(name: string): unknown {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      if (s.locals.has(name)) return s.locals.get(name);
    }
    if (Object.hasOwn(this.vars, name) && this.vars[name] !== undefined) return this.vars[name];
    if (Object.hasOwn(GLOBAL_CONSTANTS, name)) return GLOBAL_CONSTANTS[name];
    return new PyUndefined(`'${name}' is undefined`);
  }

  set(name: string, value: unknown): void {
    this.locals.set(name, value);
  }

  child(): Scope {
    return new Scope(this, this.vars);
  }
}

/** Jinja's `loop` for item `i` of `items`. */
export function loopVariable(items: readonly unknown[], i: number): PyDict {
  const length = items.length;
  const loop = newDict();
  Object.assign(loop, {
    index: i + 1,
    index0: i,
    revindex: length - i,
    revindex0: length - i - 1,
    first: i === 0,
    last: i === length - 1,
    length,
    previtem: i > 0 ? items[i - 1] : new PyUndefined('there is no previous item'),
    nextitem: i < length - 1 ? items[i + 1] : new PyUndefined('there is no next item'),
  });
  return loop;
}
