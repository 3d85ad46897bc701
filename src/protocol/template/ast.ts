// Syntax tree. Every node carries `pos`, its offset in the source, for error messages.

export type Expr =
  | { readonly kind: 'const'; readonly pos: number; readonly value: unknown }
  | { readonly kind: 'name'; readonly pos: number; readonly name: string }
  | { readonly kind: 'list' | 'tuple'; readonly pos: number; readonly items: readonly Expr[] }
  | { readonly kind: 'dict'; readonly pos: number; readonly entries: readonly (readonly [Expr, Expr])[] }
  | { readonly kind: 'getattr'; readonly pos: number; readonly obj: Expr; readonly name: string }
  | { readonly kind: 'getitem'; readonly pos: number; readonly obj: Expr; readonly key: Expr }
  | {
      readonly kind: 'slice';
      readonly pos: number;
      readonly obj: Expr;
      readonly start: Expr | undefined;
      readonly stop: Expr | undefined;
      readonly step: Expr | undefined;
    }
  | { readonly kind: 'unary'; readonly pos: number; readonly op: '-' | '+' | 'not'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly pos: number; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'and' | 'or'; readonly pos: number; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'compare'; readonly pos: number; readonly first: Expr; readonly rest: readonly CompareStep[] }
  | {
      readonly kind: 'cond';
      readonly pos: number;
      readonly test: Expr;
      readonly then: Expr;
      readonly otherwise: Expr | undefined;
    }
  | ({ readonly kind: 'filter'; readonly subject: Expr } & Call)
  | ({ readonly kind: 'test'; readonly subject: Expr; readonly negated: boolean } & Call)
  | ({ readonly kind: 'call' } & Call)
  | ({ readonly kind: 'method'; readonly obj: Expr } & Call);

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '~';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'notin';

export interface CompareStep {
  readonly op: CompareOp;
  readonly pos: number;
  readonly right: Expr;
}

export interface Call {
  readonly pos: number;
  readonly name: string;
  readonly args: readonly Expr[];
  readonly kwargs: readonly (readonly [string, Expr])[];
}

export type SetTarget =
  | { readonly kind: 'names'; readonly names: readonly string[]; readonly unpack: boolean }
  | { readonly kind: 'attr'; readonly name: string; readonly attr: string };

export type Stmt =
  | { readonly kind: 'text'; readonly pos: number; readonly text: string }
  | { readonly kind: 'output'; readonly pos: number; readonly expr: Expr }
  | {
      readonly kind: 'if';
      readonly pos: number;
      readonly branches: readonly { readonly test: Expr; readonly body: readonly Stmt[] }[];
      readonly otherwise: readonly Stmt[];
    }
  | {
      readonly kind: 'for';
      readonly pos: number;
      readonly target: readonly string[];
      readonly unpack: boolean;
      readonly iter: Expr;
      readonly filter: Expr | undefined;
      readonly body: readonly Stmt[];
      readonly otherwise: readonly Stmt[];
    }
  | { readonly kind: 'set'; readonly pos: number; readonly target: SetTarget; readonly value: Expr }
  | { readonly kind: 'break' | 'continue'; readonly pos: number };
