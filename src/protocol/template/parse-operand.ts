// The operands of Jinja's expression grammar (jinja2/parser.py parse_primary, parse_postfix,
// parse_filter_expr): literals, names, brackets, subscripts, calls, filters and tests, each checked against
// the supported builtins and the host's names. The operator precedence above them is parse-expr.ts's.
import type { Expr } from './ast.js';
import { ALL_FILTERS as FILTERS } from './higher-order.js';
import { FUNCTIONS, METHODS, TESTS } from './functions.js';
import { PyFloat } from './python-values.js';
import { parsePyInt } from './number-format.js';
import { arityProblem, type Builtin } from './signature.js';
import { TokenStream, type Args } from './token-stream.js';
import { NO_HOST_NAMES, type HostNames } from './host.js';
import type { Token } from './lexer.js';

const MAX_NESTING = 100;
const TEST_ARG_START = new Set(['name', 'string', 'int', 'float']);

export abstract class OperandParser extends TokenStream {
  private depth = 0;

  constructor(
    src: string,
    tokens: readonly Token[],
    /** function and method names the host provides (see host.ts) */
    protected readonly host: HostNames = NO_HOST_NAMES,
  ) {
    super(src, tokens);
  }

  /** Comma-separated expressions; a tuple when a comma appears. */
  abstract parseTuple(withCondexpr?: boolean, extraEnd?: readonly string[], explicitParens?: boolean): Expr;

  protected nested<T>(f: () => T): T {
    if (++this.depth > MAX_NESTING) throw this.fail('expression nested too deeply');
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  protected parsePrimary(): Expr {
    const t = this.current;
    if (t.type === 'name') {
      this.next();
      if (t.value === 'true' || t.value === 'True') return { kind: 'const', pos: t.pos, value: true };
      if (t.value === 'false' || t.value === 'False') return { kind: 'const', pos: t.pos, value: false };
      if (t.value === 'none' || t.value === 'None') return { kind: 'const', pos: t.pos, value: null };
      return { kind: 'name', pos: t.pos, name: t.value };
    }
    if (t.type === 'string') {
      let value = '';
      while (this.current.type === 'string') value += this.next().value;
      return { kind: 'const', pos: t.pos, value };
    }
    if (t.type === 'int' || t.type === 'float') {
      this.next();
      // int literals are exact at any size (a bigint past 2**53), as Python's
      const value = t.type === 'float' ? new PyFloat(t.num) : (parsePyInt(t.value, 0) ?? t.num);
      return { kind: 'const', pos: t.pos, value };
    }
    if (this.isOp('(')) {
      this.next();
      const inner = this.nested(() => this.parseTuple(true, [], true));
      this.expectOp(')');
      return inner;
    }
    if (this.isOp('[')) return this.nested(() => this.parseList());
    if (this.isOp('{')) return this.nested(() => this.parseDict());
    throw this.fail(`unexpected ${this.describe()}`);
  }

  private parseList(): Expr {
    return { kind: 'list', ...this.delimited('[', ']', () => this.parseExpression()) };
  }

  private parseDict(): Expr {
    const { pos, items } = this.delimited('{', '}', (): [Expr, Expr] => {
      const key = this.parseExpression();
      this.expectOp(':');
      return [key, this.parseExpression()];
    });
    return { kind: 'dict', pos, entries: items };
  }

  protected parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.isOp('.') || this.isOp('[')) node = this.parseSubscript(node);
      else if (this.isOp('(')) node = this.parseCall(node);
      else return node;
    }
  }

  protected parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.isOp('|')) node = this.parseFilter(node);
      else if (this.isName('is')) node = this.parseTest(node);
      else if (this.isOp('(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: Expr): Expr {
    const t = this.next();
    if (t.value === '.') {
      const attr = this.next();
      if (attr.type === 'name') return { kind: 'getattr', pos: t.pos, obj: node, name: attr.value };
      if (attr.type !== 'int') throw this.fail('expected name or number', attr.pos);
      return { kind: 'getitem', pos: t.pos, obj: node, key: { kind: 'const', pos: attr.pos, value: attr.num } };
    }
    const bound = (): Expr | undefined => (this.isOp(':') || this.isOp(']') ? undefined : this.parseExpression());
    const start = bound();
    if (!this.skipOp(':')) {
      if (start === undefined) throw this.fail(`expected an expression, got ${this.describe()}`);
      if (this.isOp(',')) throw this.fail('multiple subscripts are not supported');
      this.expectOp(']');
      return { kind: 'getitem', pos: t.pos, obj: node, key: start };
    }
    const stop = bound();
    const step = this.skipOp(':') ? bound() : undefined;
    this.expectOp(']');
    return { kind: 'slice', pos: t.pos, obj: node, start, stop, step };
  }

  private check(label: string, b: Builtin | undefined, positional: number, a: Args, pos: number): void {
    if (b === undefined) throw this.fail(`unsupported ${label}`, pos);
    const problem = arityProblem(
      label,
      b,
      positional,
      a.kwargs.map(([k]) => k),
    );
    if (problem !== undefined) throw this.fail(problem, pos);
  }

  private parseCall(node: Expr): Expr {
    const a = this.nested(() => this.parseArgs());
    if (node.kind === 'name') {
      const fn = Object.hasOwn(FUNCTIONS, node.name) ? FUNCTIONS[node.name] : undefined;
      if (fn === undefined && this.host.globals.has(node.name)) {
        return { kind: 'call', pos: node.pos, name: node.name, args: a.args, kwargs: a.kwargs };
      }
      this.check(`function '${node.name}'`, fn, a.args.length, a, node.pos);
      return { kind: 'call', pos: node.pos, name: node.name, args: a.args, kwargs: a.kwargs };
    }
    if (node.kind === 'getattr' && node.obj.kind === 'name' && node.obj.name === 'dict') {
      // `dict.x(…)`: Python's dict['x'] is a generic alias that builds a dict (what Zigbee2MQTT's
      // `dict.from_keys(pairs)` relies on); only dict.fromkeys is the real classmethod
      const name = node.name === 'fromkeys' ? 'dict.fromkeys' : 'dict';
      this.check(`function '${name}'`, FUNCTIONS[name], a.args.length, a, node.pos);
      return { kind: 'call', pos: node.pos, name, args: a.args, kwargs: a.kwargs };
    }
    if (node.kind === 'getattr') {
      if (!Object.hasOwn(METHODS, node.name) && !this.host.methods.has(node.name)) {
        throw this.fail(`unsupported method '${node.name}'`, node.pos + 1);
      }
      return { kind: 'method', pos: node.pos + 1, obj: node.obj, name: node.name, args: a.args, kwargs: a.kwargs };
    }
    throw this.fail('only named functions and methods can be called', a.pos);
  }

  private parseFilter(node: Expr): Expr {
    this.expectOp('|');
    const t = this.expectName();
    if (this.isOp('.')) throw this.fail('dotted filter names are not supported');
    const a: Args = this.isOp('(') ? this.nested(() => this.parseArgs()) : { args: [], kwargs: [], pos: t.pos };
    const filter = Object.hasOwn(FILTERS, t.value) ? FILTERS[t.value] : undefined;
    // a function the host provides is a filter too (as Home Assistant registers now-dependent ones both ways)
    if (filter !== undefined || !this.host.globals.has(t.value)) {
      this.check(`filter '${t.value}'`, filter, a.args.length + 1, a, t.pos);
    }
    return { kind: 'filter', pos: t.pos, subject: node, name: t.value, args: a.args, kwargs: a.kwargs };
  }

  private parseTest(node: Expr): Expr {
    this.expectName('is');
    const negated = this.skipName('not');
    const t = this.expectName();
    let a: Args = { args: [], kwargs: [], pos: t.pos };
    if (this.isOp('(')) a = this.nested(() => this.parseArgs());
    else if (
      (TEST_ARG_START.has(this.current.type) || this.isOp('[') || this.isOp('{')) &&
      !(this.current.type === 'name' && ['else', 'or', 'and'].includes(this.current.value))
    ) {
      if (this.isName('is')) throw this.fail('You cannot chain multiple tests with is');
      a = { args: [this.nested(() => this.parsePostfix(this.parsePrimary()))], kwargs: [], pos: t.pos };
    }
    const test = Object.hasOwn(TESTS, t.value) ? TESTS[t.value] : undefined;
    this.check(`test '${t.value}'`, test, a.args.length + 1, a, t.pos);
    return { kind: 'test', pos: t.pos, subject: node, negated, name: t.value, args: a.args, kwargs: a.kwargs };
  }
}
