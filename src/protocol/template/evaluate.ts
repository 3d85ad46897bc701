// Tree-walking evaluator for the parsed template.
import type { Call, CompareStep, Expr, SetTarget, Stmt } from './ast.js';
import { PyError, TemplateError, errorAt } from './errors.js';
import { ALL_FILTERS as FILTERS } from './higher-order.js';
import { FUNCTIONS, TESTS, methodFor } from './functions.js';
import { arithmetic, concat, contains, getAttr, getItem, getSlice, negate } from './operators.js';
import {
  PyNamespace,
  PyUndefined,
  iterate,
  makeTuple,
  newDict,
  pyStr,
  truthy,
  typeName,
  storedKey,
} from './python-values.js';
import { pyCompare, pyEquals } from './compare.js';
import { invoke, type Builtin } from './signature.js';
import { hostCallable } from './host.js';
import { LIMITS, RenderBudget } from './render-budget.js';
import type { TemplateCaches } from './caches.js';
import { Scope, loopVariable, type Vars } from './scope.js';

type Flow = 'break' | 'continue' | undefined;
type CallArgs = Pick<Call, 'args' | 'kwargs'>;

/** Renders `body` with `vars`; the builtins it calls keep what they cache in `env`, the environment's. */
export function render(source: string, body: readonly Stmt[], vars: Vars, env: TemplateCaches): string {
  return new Renderer(source, env).run(body, vars);
}

class Renderer {
  private readonly out: string[] = [];
  private outLength = 0;
  private iterations = 0;
  private readonly budget: RenderBudget;

  constructor(
    private readonly src: string,
    private readonly env: TemplateCaches,
  ) {
    this.budget = new RenderBudget(src);
  }

  run(body: readonly Stmt[], vars: Vars): string {
    this.budget.start();
    this.exec(body, new Scope(undefined, vars));
    return this.out.join('');
  }

  private locate(err: unknown, pos: number): TemplateError {
    if (err instanceof TemplateError) return err;
    if (err instanceof PyError) return errorAt(this.src, pos, err.message, err);
    if (err instanceof RangeError) return errorAt(this.src, pos, `template too complex: ${err.message}`, err, false);
    return errorAt(this.src, pos, `internal error: ${String(err)}`, err);
  }

  private emit(s: string, pos: number): void {
    this.outLength += s.length;
    if (this.outLength > LIMITS.maxOutputLength) {
      const message = `template output exceeded maximum size of ${LIMITS.maxOutputLength} characters`;
      throw errorAt(this.src, pos, message, undefined, false);
    }
    this.out.push(s);
  }

  private exec(body: readonly Stmt[], scope: Scope): Flow {
    for (const stmt of body) {
      switch (stmt.kind) {
        case 'text':
          this.emit(stmt.text, stmt.pos);
          break;
        case 'output':
          this.emit(
            this.guard(stmt.pos, () => pyStr(this.expr(stmt.expr, scope))),
            stmt.pos,
          );
          break;
        case 'if': {
          const branch = stmt.branches.find((b) => truthy(this.expr(b.test, scope)));
          const flow = this.exec(branch ? branch.body : stmt.otherwise, scope);
          if (flow !== undefined) return flow;
          break;
        }
        case 'for':
          this.loop(stmt, scope);
          break;
        case 'set':
          this.assign(stmt.target, this.expr(stmt.value, scope), scope, stmt.pos);
          break;
        case 'break':
        case 'continue':
          return stmt.kind;
      }
    }
    return undefined;
  }

  private guard<T>(pos: number, f: () => T): T {
    try {
      return f();
    } catch (err) {
      throw this.locate(err, pos);
    }
  }

  private bind(scope: Scope, names: readonly string[], unpack: boolean, value: unknown, pos: number): void {
    if (!unpack) {
      scope.set(names[0] ?? '', value);
      return;
    }
    const items = this.guard(pos, () => iterate(value));
    if (items.length !== names.length) {
      const problem = items.length > names.length ? 'too many values to unpack' : 'not enough values to unpack';
      throw errorAt(this.src, pos, `${problem} (expected ${names.length}, got ${items.length})`, undefined, false);
    }
    for (const [i, name] of names.entries()) scope.set(name, items[i]);
  }

  private assign(target: SetTarget, value: unknown, scope: Scope, pos: number): void {
    if (target.kind === 'names') {
      this.bind(scope, target.names, target.unpack, value, pos);
      return;
    }
    const ns = scope.lookup(target.name);
    if (!(ns instanceof PyNamespace)) {
      const what = `non-namespace object '${target.name}' (${typeName(ns)})`;
      throw errorAt(this.src, pos, `cannot assign attribute '${target.attr}' on ${what}`);
    }
    ns.attrs[target.attr] = value;
  }

  private loop(stmt: Extract<Stmt, { kind: 'for' }>, scope: Scope): void {
    const iterable = this.expr(stmt.iter, scope);
    let items = this.guard(stmt.iter.pos, () => iterate(iterable));
    const { filter } = stmt;
    if (filter !== undefined) {
      items = items.filter((item) => {
        const s = scope.child();
        this.bind(s, stmt.target, stmt.unpack, item, stmt.pos);
        return truthy(this.expr(filter, s));
      });
    }
    if (items.length === 0) {
      this.exec(stmt.otherwise, scope.child());
      return;
    }
    const length = items.length;
    for (let i = 0; i < length; i++) {
      if (++this.iterations > LIMITS.maxLoopIterations) {
        const message = `loop iteration limit of ${LIMITS.maxLoopIterations} exceeded`;
        throw errorAt(this.src, stmt.pos, message, undefined, false);
      }
      const s = scope.child();
      this.bind(s, stmt.target, stmt.unpack, items[i], stmt.pos);
      s.set('loop', loopVariable(items, i));
      if (this.exec(stmt.body, s) === 'break') break;
    }
  }

  private expr(e: Expr, scope: Scope): unknown {
    this.budget.charge(1, 0, e.pos);
    let value: unknown;
    try {
      value = this.evaluate(e, scope);
    } catch (err) {
      throw this.locate(err, e.pos);
    }
    // what was built (a name or a constant builds nothing)
    if (e.kind !== 'name' && e.kind !== 'const') {
      if (typeof value === 'string') {
        if (value.length > 64) this.budget.charge(0, value.length, e.pos);
      } else if (Array.isArray(value) && value.length > 4) this.budget.charge(0, value.length * 16, e.pos);
    }
    return value;
  }

  private call(label: string, b: Builtin, positional: unknown[], e: CallArgs, scope: Scope): unknown {
    for (const a of e.args) positional.push(this.expr(a, scope));
    const kwargs = new Map<string, unknown>();
    for (const [k, v] of e.kwargs) kwargs.set(k, this.expr(v, scope));
    // a call costs as much as what it works on, charged before it runs
    const subject = positional[0];
    const size = Array.isArray(subject) ? subject.length : typeof subject === 'string' ? subject.length >> 4 : 0;
    if (size > 0) this.budget.charge(size, 0, (e as { pos?: number }).pos ?? 0);
    return invoke(label, b, positional, kwargs, this.env);
  }

  private evaluate(e: Expr, scope: Scope): unknown {
    switch (e.kind) {
      case 'const':
        return e.value;
      case 'name':
        return scope.lookup(e.name);
      case 'list':
        return e.items.map((item) => this.expr(item, scope));
      case 'tuple':
        return makeTuple(e.items.map((item) => this.expr(item, scope)));
      case 'dict': {
        const d = newDict();
        for (const [k, v] of e.entries) {
          const key = storedKey(d, this.expr(k, scope));
          d[key] = this.expr(v, scope);
        }
        return d;
      }
      case 'getattr':
        return getAttr(this.expr(e.obj, scope), e.name);
      case 'getitem':
        return getItem(this.expr(e.obj, scope), this.expr(e.key, scope));
      case 'slice': {
        const obj = this.expr(e.obj, scope);
        const bound = (b: Expr | undefined): unknown => (b === undefined ? null : this.expr(b, scope));
        return getSlice(obj, bound(e.start), bound(e.stop), bound(e.step));
      }
      case 'unary': {
        const v = this.expr(e.operand, scope);
        return e.op === 'not' ? !truthy(v) : negate(v, e.op);
      }
      case 'binary': {
        const left = this.expr(e.left, scope);
        const right = this.expr(e.right, scope);
        return e.op === '~' ? concat(left, right) : arithmetic(e.op, left, right);
      }
      case 'and': {
        const left = this.expr(e.left, scope);
        return truthy(left) ? this.expr(e.right, scope) : left;
      }
      case 'or': {
        const left = this.expr(e.left, scope);
        return truthy(left) ? left : this.expr(e.right, scope);
      }
      case 'compare':
        return this.compare(this.expr(e.first, scope), e.rest, scope);
      case 'cond':
        if (truthy(this.expr(e.test, scope))) return this.expr(e.then, scope);
        if (e.otherwise !== undefined) return this.expr(e.otherwise, scope);
        return new PyUndefined('the inline if-expression evaluated to false and no else section was defined.');
      case 'filter': {
        const builtin = Object.hasOwn(FILTERS, e.name) ? FILTERS[e.name] : undefined;
        const filter = builtin ?? hostCallable(e.name, scope.lookup(e.name));
        return this.call(`filter '${e.name}'`, filter, [this.expr(e.subject, scope)], e, scope);
      }
      case 'test': {
        const subject = this.expr(e.subject, scope);
        const result = truthy(this.call(`test '${e.name}'`, TESTS[e.name] as Builtin, [subject], e, scope));
        return e.negated ? !result : result;
      }
      case 'call':
        if (Object.hasOwn(FUNCTIONS, e.name)) {
          return this.call(`function '${e.name}'`, FUNCTIONS[e.name] as Builtin, [], e, scope);
        }
        return this.call(`function '${e.name}'`, hostCallable(e.name, scope.lookup(e.name)), [], e, scope);
      case 'method': {
        const obj = this.expr(e.obj, scope);
        return this.call(`method '${e.name}'`, methodFor(obj, e.name), [obj], e, scope);
      }
    }
  }

  private compare(first: unknown, steps: readonly CompareStep[], scope: Scope): boolean {
    let left = first;
    for (const step of steps) {
      const right = this.expr(step.right, scope);
      const ok = this.guard(step.pos, () => {
        switch (step.op) {
          case '==':
            return pyEquals(left, right);
          case '!=':
            return !pyEquals(left, right);
          case 'in':
            return contains(right, left);
          case 'notin':
            return !contains(right, left);
          default:
            return pyCompare(step.op, left, right);
        }
      });
      if (!ok) return false;
      left = right;
    }
    return true;
  }
}
