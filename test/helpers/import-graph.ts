// The real import graph of src/, read with the TypeScript compiler's parser rather than regular expressions:
// static imports and re-exports (type-only ones too), `import x = require()`, dynamic `import()`, `require()`
// and functions made by `createRequire()` (calls and `.resolve()`), `declare module`. A specifier that is not
// a string literal cannot be checked, so it is reported as such.
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

export interface Import {
  /** the importing file, relative to src */
  from: string;
  /** the specifier as written */
  spec: string;
  /** the resolved file relative to src (`.ts`), or the package name / `node:` module */
  target: string;
  external: boolean;
  /** only types cross (`import type`, `export type`): no module is loaded at run time */
  typeOnly: boolean;
  /** 1-based line of the import */
  line: number;
}

export interface ImportScan {
  imports: Import[];
  /** `file:line: what` for each import whose specifier is computed at run time */
  computed: string[];
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

function resolveSpec(file: string, spec: string): Pick<Import, 'target' | 'external'> {
  if (spec.startsWith('.')) {
    const target = relative('.', normalize(join(dirname(file), spec)))
      .split('\\')
      .join('/')
      .replace(/\.js$/, '.ts');
    return { target, external: false };
  }
  return { target: spec.startsWith('node:') ? spec : packageName(spec), external: true };
}

const isCall = (node: ts.Node, name: string): node is ts.CallExpression =>
  ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name;

/** Every import of one source file (`file` relative to src, which only names and resolves them). */
export function scanImports(file: string, source: string): ImportScan {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const imports: Import[] = [];
  const computed: string[] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const add = (spec: string, node: ts.Node, typeOnly: boolean) =>
    imports.push({ from: file, spec, ...resolveSpec(file, spec), typeOnly, line: lineOf(node) });
  const literal = (arg: ts.Expression | undefined, node: ts.Node, what: string): string | undefined => {
    if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) return arg.text;
    computed.push(`${file}:${lineOf(node)}: ${what} with a specifier computed at run time`);
    return undefined;
  };
  // names bound to a require function: `require` itself and whatever createRequire() returned
  const requirers = new Set<string>(['require']);
  const isRequirer = (e: ts.Expression): boolean =>
    (ts.isIdentifier(e) && requirers.has(e.text)) || (ts.isCallExpression(e) && isCall(e, 'createRequire'));

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = clause !== undefined && (clause.isTypeOnly || allTypeOnly(clause));
      add(node.moduleSpecifier.text, node, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const spec = literal(node.moduleReference.expression, node, 'import = require()');
      if (spec !== undefined) add(spec, node, node.isTypeOnly);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      add(node.name.text, node, true);
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      isCall(node.initializer, 'createRequire')
    ) {
      requirers.add(node.name.text);
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const spec = literal(node.arguments[0], node, 'import()');
        if (spec !== undefined) add(spec, node, false);
      } else if (isRequirer(node.expression)) {
        const spec = literal(node.arguments[0], node, 'require()');
        if (spec !== undefined) add(spec, node, false);
      } else if (
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'resolve' &&
        isRequirer(node.expression.expression)
      ) {
        const spec = literal(node.arguments[0], node, 'require.resolve()');
        if (spec !== undefined) add(spec, node, false);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { imports, computed };
}

/** `import { type A, type B } from` brings in types only, like `import type`. */
function allTypeOnly(clause: ts.ImportClause): boolean {
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return (
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
}

/** The import circles among the files (type-only imports included): each as its files in order, first again last. */
export function importCircles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const imp of imports) {
    if (imp.external) continue;
    let to = edges.get(imp.from);
    if (!to) {
      to = new Set();
      edges.set(imp.from, to);
    }
    to.add(imp.target);
  }
  // Tarjan's strongly connected components; a component of two or more files (or a file importing itself) is a circle
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let next = 0;
  const strong = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (;;) {
      const w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1 || edges.get(v)?.has(v)) circles.push(pathThrough(component.sort(), edges));
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) strong(v);
  return circles;
}

/** the shortest circle through a component's first file (breadth first), for the message */
function pathThrough(component: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const start = component[0] as string;
  const members = new Set(component);
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const here = queue[i] as string;
    for (const to of [...(edges.get(here) ?? [])].sort()) {
      if (to === start) {
        const path = [start];
        for (let at = here; at !== start; at = parent.get(at) as string) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!members.has(to) || parent.has(to)) continue;
      parent.set(to, here);
      queue.push(to);
    }
  }
  return [...component, start];
}
