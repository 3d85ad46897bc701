// Expression parser following Jinja's grammar and precedence (jinja2/parser.py): tuples, conditional
// expressions, the boolean, comparison and arithmetic levels and unary signs. The operands they combine
// (literals, subscripts, calls, filters, tests) are parse-operand.ts's.
import type { BinaryOp, CompareOp, CompareStep, Expr } from './ast.js';
import { OperandParser } from './parse-operand.js';

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const ADD_OPS = new Set(['+', '-']);
const CONCAT_OPS = new Set(['~']);
const MUL_OPS = new Set(['*', '/', '//', '%']);
const POW_OPS = new Set(['**']);

export class ExprParser extends OperandParser {
  private isTupleEnd(extraEnd: readonly string[]): boolean {
    const t = this.current;
    if (t.type === 'var_end' || t.type === 'block_end' || t.type === 'eof' || this.isOp(')')) return true;
    return t.type === 'name' && extraEnd.includes(t.value);
  }

  /** Comma-separated expressions; a tuple when a comma appears. */
  override parseTuple(withCondexpr = true, extraEnd: readonly string[] = [], explicitParens = false): Expr {
    const pos = this.current.pos;
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) this.expectOp(',');
      if (this.isTupleEnd(extraEnd)) break;
      items.push(this.parseExpression(withCondexpr));
      if (!this.isOp(',')) break;
      isTuple = true;
    }
    if (!isTuple) {
      const [only] = items;
      if (only !== undefined) return only;
      if (!explicitParens) throw this.fail(`expected an expression, got ${this.describe()}`);
    }
    return { kind: 'tuple', pos, items };
  }

  override parseExpression(withCondexpr = true): Expr {
    return this.nested(() => (withCondexpr ? this.parseCondexpr() : this.parseOr()));
  }

  private parseCondexpr(): Expr {
    let expr = this.parseOr();
    while (this.isName('if')) {
      const pos = this.next().pos;
      const test = this.parseOr();
      const otherwise = this.skipName('else') ? this.parseCondexpr() : undefined;
      // biome-ignore lint/suspicious/noThenProperty: the AST field of `a if test else b`; nodes are never awaited
      expr = { kind: 'cond', pos, test, then: expr, otherwise };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isName('or')) {
      const pos = this.next().pos;
      left = { kind: 'or', pos, left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      const pos = this.next().pos;
      left = { kind: 'and', pos, left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isName('not')) {
      const pos = this.next().pos;
      return { kind: 'unary', pos, op: 'not', operand: this.nested(() => this.parseNot()) };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const first = this.parseMath1();
    const rest: CompareStep[] = [];
    for (;;) {
      const pos = this.current.pos;
      let op: CompareOp;
      if (this.current.type === 'op' && COMPARE_OPS.has(this.current.value)) op = this.next().value as CompareOp;
      else if (this.skipName('in')) op = 'in';
      else if (this.isName('not') && this.look().type === 'name' && this.look().value === 'in') {
        this.next();
        this.next();
        op = 'notin';
      } else break;
      rest.push({ op, pos, right: this.parseMath1() });
    }
    return rest.length === 0 ? first : { kind: 'compare', pos: first.pos, first, rest };
  }

  private binaryLoop(ops: ReadonlySet<string>, operand: () => Expr): Expr {
    let left = operand();
    while (this.current.type === 'op' && ops.has(this.current.value)) {
      const t = this.next();
      left = { kind: 'binary', pos: t.pos, op: t.value as BinaryOp, left, right: operand() };
    }
    return left;
  }

  // Jinja's levels, loosest first: + -, then ~, then * / // %, then ** (left-associative).
  private parseMath1(): Expr {
    const mul = (): Expr => this.binaryLoop(MUL_OPS, () => this.parsePow());
    return this.binaryLoop(ADD_OPS, () => this.binaryLoop(CONCAT_OPS, mul));
  }

  private parsePow(): Expr {
    return this.binaryLoop(POW_OPS, () => this.parseUnary());
  }

  private parseUnary(withFilter = true): Expr {
    let node: Expr;
    if (this.isOp('-') || this.isOp('+')) {
      const t = this.next();
      const operand = this.nested(() => this.parseUnary(false));
      node = { kind: 'unary', pos: t.pos, op: t.value as '-' | '+', operand };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }
}
