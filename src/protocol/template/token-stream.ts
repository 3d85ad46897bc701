// Cursor over the token list: Jinja-style expect/skip helpers, error reporting, and the
// bracketed-list and call-argument shapes shared by the expression grammar.
import { errorAt, type TemplateError } from './errors.js';
import type { Expr } from './ast.js';
import type { Token } from './lexer.js';

export interface Args {
  readonly args: Expr[];
  readonly kwargs: [string, Expr][];
  readonly pos: number;
}

export abstract class TokenStream {
  protected i = 0;

  constructor(
    protected readonly src: string,
    protected readonly tokens: readonly Token[],
  ) {}

  protected get current(): Token {
    return this.tokens[Math.min(this.i, this.tokens.length - 1)] as Token;
  }

  protected look(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)] as Token;
  }

  protected next(): Token {
    const t = this.current;
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  protected isOp(v: string): boolean {
    return this.current.type === 'op' && this.current.value === v;
  }

  protected isName(v: string): boolean {
    return this.current.type === 'name' && this.current.value === v;
  }

  protected skipOp(v: string): boolean {
    if (!this.isOp(v)) return false;
    this.next();
    return true;
  }

  protected skipName(v: string): boolean {
    if (!this.isName(v)) return false;
    this.next();
    return true;
  }

  protected fail(message: string, pos = this.current.pos): TemplateError {
    return errorAt(this.src, pos, message);
  }

  protected describe(t: Token = this.current): string {
    switch (t.type) {
      case 'var_end':
        return 'end of print statement';
      case 'block_end':
        return 'end of statement block';
      case 'eof':
        return 'end of template';
      case 'string':
        return 'string literal';
      case 'int':
      case 'float':
        return `number ${t.value}`;
      default:
        return `'${t.value}'`;
    }
  }

  protected expectOp(v: string): Token {
    if (!this.isOp(v)) throw this.fail(`expected '${v}', got ${this.describe()}`);
    return this.next();
  }

  protected expectName(v?: string): Token {
    if (this.current.type !== 'name' || (v !== undefined && this.current.value !== v)) {
      throw this.fail(`expected ${v === undefined ? 'a name' : `'${v}'`}, got ${this.describe()}`);
    }
    return this.next();
  }

  abstract parseExpression(withCondexpr?: boolean): Expr;

  /** `open item, item, ... close`, trailing comma allowed. */
  protected delimited<T>(open: string, close: string, item: () => T): { pos: number; items: T[] } {
    const pos = this.expectOp(open).pos;
    const items: T[] = [];
    while (!this.isOp(close)) {
      if (items.length > 0) this.expectOp(',');
      if (this.isOp(close)) break;
      items.push(item());
    }
    this.expectOp(close);
    return { pos, items };
  }

  protected parseArgs(): Args {
    const pos = this.expectOp('(').pos;
    const args: Expr[] = [];
    const kwargs: [string, Expr][] = [];
    while (!this.isOp(')')) {
      if (args.length + kwargs.length > 0) {
        this.expectOp(',');
        if (this.isOp(')')) break;
      }
      if (this.isOp('*') || this.isOp('**')) throw this.fail('*args and **kwargs in calls are not supported');
      if (this.current.type === 'name' && this.look().type === 'op' && this.look().value === '=') {
        const key = this.next().value;
        this.next();
        kwargs.push([key, this.parseExpression()]);
      } else {
        if (kwargs.length > 0) throw this.fail('positional argument follows keyword argument');
        args.push(this.parseExpression());
      }
    }
    this.expectOp(')');
    return { args, kwargs, pos };
  }
}
