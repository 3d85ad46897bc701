// Statement parser: text, {{ output }}, if/elif/else, for/else, set, break/continue.
import type { Expr, SetTarget, Stmt } from './ast.js';
import { tokenize } from './lexer.js';
import { ExprParser } from './parse-expr.js';
import { NO_HOST_NAMES, type HostNames } from './host.js';

const UNSUPPORTED_TAGS = new Set([
  'autoescape',
  'block',
  'call',
  'debug',
  'do',
  'extends',
  'filter',
  'from',
  'import',
  'include',
  'macro',
  'pluralize',
  'trans',
  'with',
]);

interface Body {
  readonly body: Stmt[];
  /** Name of the tag that ended the body, already consumed along with its block_begin. */
  readonly end: string;
}

const RESERVED_TARGETS = new Set(['true', 'false', 'none', 'True', 'False', 'None']);

export function parseTemplate(src: string, host: HostNames = NO_HOST_NAMES): Stmt[] {
  return new TemplateParser(src, host).parseRoot();
}

class TemplateParser extends ExprParser {
  private loopDepth = 0;

  constructor(src: string, host: HostNames) {
    super(src, tokenize(src), host);
  }

  parseRoot(): Stmt[] {
    return this.parseBody([], 0).body;
  }

  private parseBody(endTags: readonly string[], openPos: number): Body {
    const body: Stmt[] = [];
    for (;;) {
      const t = this.current;
      if (t.type === 'eof') {
        if (endTags.length === 0) return { body, end: '' };
        const expected = endTags.map((e) => `'${e}'`).join(' or ');
        throw this.fail(`unexpected end of template, expected ${expected} to close the tag opened here`, openPos);
      }
      if (t.type === 'text') {
        this.next();
        body.push({ kind: 'text', pos: t.pos, text: t.value });
      } else if (t.type === 'var_begin') {
        this.next();
        const expr = this.parseTuple();
        if (this.current.type !== 'var_end') throw this.fail(`expected end of print statement, got ${this.describe()}`);
        this.next();
        body.push({ kind: 'output', pos: t.pos, expr });
      } else if (t.type === 'block_begin') {
        this.next();
        const name = this.expectName();
        if (endTags.includes(name.value)) return { body, end: name.value };
        body.push(this.parseStatement(name.value, name.pos, endTags));
      } else {
        throw this.fail(`unexpected ${this.describe()}`);
      }
    }
  }

  private endBlock(): void {
    if (this.current.type !== 'block_end') throw this.fail(`expected end of statement block, got ${this.describe()}`);
    this.next();
  }

  private parseStatement(name: string, pos: number, endTags: readonly string[]): Stmt {
    switch (name) {
      case 'if':
        return this.parseIf(pos);
      case 'for':
        return this.parseFor(pos);
      case 'set':
        return this.parseSet(pos);
      case 'break':
      case 'continue':
        if (this.loopDepth === 0) throw this.fail(`'${name}' outside of a loop`, pos);
        this.endBlock();
        return { kind: name, pos };
      default:
        if (UNSUPPORTED_TAGS.has(name)) throw this.fail(`unsupported tag '${name}'`, pos);
        if (/^(end|el)/.test(name) || name === 'else') {
          const hint = endTags.length > 0 ? `, expected ${endTags.map((e) => `'${e}'`).join(' or ')}` : '';
          throw this.fail(`unexpected tag '${name}'${hint}`, pos);
        }
        throw this.fail(`unknown tag '${name}'`, pos);
    }
  }

  private parseIf(pos: number): Stmt {
    const branches: { test: Expr; body: Stmt[] }[] = [];
    let test = this.parseTuple(false);
    let otherwise: Stmt[] = [];
    for (;;) {
      this.endBlock();
      const { body, end } = this.parseBody(['elif', 'else', 'endif'], pos);
      branches.push({ test, body });
      if (end === 'elif') {
        test = this.parseTuple(false);
        continue;
      }
      if (end === 'else') {
        this.endBlock();
        otherwise = this.parseBody(['endif'], pos).body;
      }
      this.endBlock();
      return { kind: 'if', pos, branches, otherwise };
    }
  }

  private parseNames(endName: string): { names: string[]; unpack: boolean } {
    const parens = this.skipOp('(');
    const names: string[] = [];
    let unpack = parens;
    for (;;) {
      const t = this.expectName();
      if (RESERVED_TARGETS.has(t.value)) throw this.fail(`cannot assign to '${t.value}'`, t.pos);
      names.push(t.value);
      if (!this.skipOp(',')) break;
      unpack = true;
      if (this.isName(endName) || this.isOp(')') || this.isOp('=')) break;
    }
    if (parens) this.expectOp(')');
    return { names, unpack };
  }

  private parseFor(pos: number): Stmt {
    const { names, unpack } = this.parseNames('in');
    this.expectName('in');
    const iter = this.parseTuple(false, ['recursive']);
    const filter = this.skipName('if') ? this.parseExpression() : undefined;
    if (this.isName('recursive')) throw this.fail('recursive loops are not supported');
    this.endBlock();
    this.loopDepth++;
    const { body, end } = this.parseBody(['endfor', 'else'], pos);
    this.loopDepth--;
    let otherwise: Stmt[] = [];
    if (end === 'else') {
      this.endBlock();
      otherwise = this.parseBody(['endfor'], pos).body;
    }
    this.endBlock();
    return { kind: 'for', pos, target: names, unpack, iter, filter, body, otherwise };
  }

  private parseSet(pos: number): Stmt {
    let target: SetTarget;
    if (this.current.type === 'name' && this.look().type === 'op' && this.look().value === '.') {
      const ns = this.next().value;
      this.next();
      target = { kind: 'attr', name: ns, attr: this.expectName().value };
    } else {
      const { names, unpack } = this.parseNames('=');
      target = { kind: 'names', names, unpack };
    }
    if (!this.skipOp('=')) throw this.fail('block assignments ({% set x %}...{% endset %}) are not supported', pos);
    const value = this.parseTuple();
    this.endBlock();
    return { kind: 'set', pos, target, value };
  }
}
