// Lists every public declaration of the package (what `import * as tf from 'gradtape'` reaches)
// and whether an editor's hover would show a doc comment for it. Used by test/doc-comments.test.ts;
// run it directly (`npx tsx scripts/public-api.ts`) to print the undocumented ones.
//
// Public means: every export of ts/index.ts; the public members of exported classes and
// interfaces (and of the classes and objects reachable through namespace objects such as
// `tf.keras.losses`); and the properties of namespace objects (`tf.math.exp`). Members whose name
// starts with `_`, private and protected members, and constructors' parameters are not public API.
// Documented means what an editor's hover shows: the declaration's own doc comment (or, for a
// re-export, the original's). A namespace property that points at a documented function
// (`tf.nn.relu: gen.relu`) or a const alias (`export const multiply = gen.mul`) needs its own:
// TypeScript's quick info and TypeDoc show nothing for it otherwise.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface PublicDeclaration {
  /** Dotted name as a user writes it: `GradientTape.gradient`, `keras.losses.Huber`. */
  name: string;
  documented: boolean;
  /** A function users call (`tf.exp`, `tf.nn.relu`), as opposed to a class, type, constant or member. */
  callable: boolean;
  /** The doc comment's first sentence (all of it when it has no period), or ''. */
  summary: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function summaryOf(symbols: (ts.Symbol | undefined)[], checker: ts.TypeChecker): string {
  for (const s of symbols) {
    if (!s) continue;
    const text = ts.displayPartsToString(s.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const sentence = /^(.*?(?<!\be\.g)(?<!\bi\.e)\.)(\s|$)/.exec(text); // not at 'e.g.' or 'i.e.'
    return sentence ? sentence[1]! : text;
  }
  return '';
}

function hasDoc(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  if (symbol.getDocumentationComment(checker).length > 0) return true;
  // Tags alone (`@example`, `@deprecated`) count: the hover shows them.
  return symbol.getJsDocTags(checker).length > 0;
}

function isHidden(symbol: ts.Symbol): boolean {
  if (symbol.name.startsWith('_') || symbol.name.startsWith('#')) return true;
  if (symbol.name === 'prototype' || symbol.name.startsWith('__@')) return true; // well-known symbols: Symbol.dispose
  return (symbol.declarations ?? []).some((d) => {
    const flags = ts.getCombinedModifierFlags(d as ts.Declaration);
    return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0 || ts.isPrivateIdentifier((d as ts.NamedDeclaration).name ?? d);
  });
}

/** The symbol a namespace property points at (`relu: gen.relu` gives gen.relu's symbol). */
function targetOf(symbol: ts.Symbol, checker: ts.TypeChecker): ts.Symbol | undefined {
  const decl = symbol.valueDeclaration;
  let expr: ts.Expression | undefined;
  if (decl && ts.isPropertyAssignment(decl)) expr = decl.initializer;
  else if (decl && ts.isShorthandPropertyAssignment(decl)) {
    const s = checker.getShorthandAssignmentValueSymbol(decl);
    return s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
  }
  else if (decl && ts.isVariableDeclaration(decl)) expr = decl.initializer;
  if (!expr || !(ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr))) return undefined;
  let s = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(expr) ? expr.name : expr);
  if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  return s;
}

export function publicDeclarations(): PublicDeclaration[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram([join(root, 'ts/index.ts')], parsed.options);
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(join(root, 'ts/index.ts'))!)!;
  const out = new Map<string, PublicDeclaration>();
  // A class or interface is walked once, under the first name it is reached by.
  const walked = new Set<ts.Symbol>();

  const record = (name: string, documented: boolean, ...symbols: (ts.Symbol | undefined)[]) => {
    if (out.has(name)) return;
    const value = symbols.find((s) => s && s.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Property));
    // A class alias callable without `new` (class-aliases.ts: Keras' lower-case class names) is
    // called as a function, so it counts as one; a class is not.
    const callable = value !== undefined && !(value.flags & ts.SymbolFlags.Class) && checker.getTypeOfSymbol(value).getCallSignatures().length > 0;
    out.set(name, { name, documented, callable, summary: summaryOf(symbols, checker) });
  };

  const members = (prefix: string, symbol: ts.Symbol) => {
    if (walked.has(symbol)) return;
    walked.add(symbol);
    const instance = checker.getDeclaredTypeOfSymbol(symbol);
    const props = [...checker.getPropertiesOfType(instance)];
    if (symbol.flags & ts.SymbolFlags.Class) {
      // Static members; `prototype` is hidden.
      props.push(...checker.getPropertiesOfType(checker.getTypeOfSymbol(symbol)));
    }
    for (const p of props) {
      if (isHidden(p)) continue;
      const owner = (p.declarations ?? [])[0]?.parent;
      // An inherited member is listed under the class that declares it.
      const ownerSymbol = owner && (ts.isClassDeclaration(owner) || ts.isInterfaceDeclaration(owner)) && owner.name
        ? checker.getSymbolAtLocation(owner.name)
        : undefined;
      if (ownerSymbol && ownerSymbol !== symbol && ownerSymbol.name !== symbol.name) {
        if ((ownerSymbol.declarations ?? []).some((d) => !d.getSourceFile().fileName.includes('node_modules'))) {
          members(ownerSymbol.name, ownerSymbol);
        }
        continue;
      }
      const target = targetOf(p, checker);
      record(`${prefix}.${p.name}`, hasDoc(p, checker), p, target);
      // Class and interface members are not functions of a namespace: `callable` is for `tf.x` and `tf.ns.x`.
      out.get(`${prefix}.${p.name}`)!.callable = false;
    }
  };

  const visit = (name: string, exported: ts.Symbol) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const target = targetOf(symbol, checker);
    record(name, hasDoc(exported, checker) || hasDoc(symbol, checker), exported, symbol, target);
    if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
      members(name, symbol);
      return;
    }
    if (target && target.flags & ts.SymbolFlags.Class) {
      members(name, target);
      return;
    }
    // Namespace objects (`tf.math`, `tf.keras`): walk their properties, recursing into nested objects.
    if (symbol.flags & ts.SymbolFlags.Variable && symbol.valueDeclaration && ts.isVariableDeclaration(symbol.valueDeclaration)) {
      const init = symbol.valueDeclaration.initializer;
      if (init && ts.isObjectLiteralExpression(init)) objectMembers(name, init);
    }
  };

  const objectMembers = (prefix: string, literal: ts.ObjectLiteralExpression) => {
    for (const element of literal.properties) {
      if (ts.isSpreadAssignment(element)) {
        // `...gen`: every export of the spread module is a property too. `...rest` from
        // `const { a, ...rest } = gen` is gen's exports without a.
        let s = checker.getSymbolAtLocation(element.expression);
        const excluded = new Set<string>();
        const declaration = s?.valueDeclaration;
        if (declaration && ts.isBindingElement(declaration) && declaration.dotDotDotToken && ts.isObjectBindingPattern(declaration.parent)) {
          for (const sibling of declaration.parent.elements) if (sibling !== declaration) excluded.add(sibling.name.getText());
          const holder = declaration.parent.parent;
          if (ts.isVariableDeclaration(holder) && holder.initializer) s = checker.getSymbolAtLocation(holder.initializer);
        }
        const spread = s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
        for (const e of spread ? checker.getExportsOfModule(spread) : []) {
          if (excluded.has(e.name)) continue;
          const resolved = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
          if (resolved.flags & ts.SymbolFlags.Function) record(`${prefix}.${e.name}`, hasDoc(resolved, checker), resolved);
        }
        continue;
      }
      if (!element.name || !ts.isIdentifier(element.name)) continue;
      const p = checker.getSymbolAtLocation(element.name);
      if (!p) continue;
      const name = `${prefix}.${p.name}`;
      if (ts.isMethodDeclaration(element)) continue; // tensorOps' methods: listed as Tensor's (TensorOps declares them)
      if (ts.isPropertyAssignment(element) && ts.isObjectLiteralExpression(element.initializer)) {
        record(name, hasDoc(p, checker), p);
        objectMembers(name, element.initializer);
        continue;
      }
      const target = targetOf(p, checker);
      if (target && target.flags & ts.SymbolFlags.Variable && target.valueDeclaration && ts.isVariableDeclaration(target.valueDeclaration)) {
        // `optimizers` inside `keras`: the same object as tf.optimizers, walked there. A namespace
        // object declared in its own module (`ops: kerasOps`, ts/keras-ops.ts) is walked here.
        record(name, hasDoc(p, checker), p, target);
        const init = target.valueDeclaration.initializer;
        const ownModule = target.valueDeclaration.getSourceFile().fileName !== join(root, 'ts/index.ts');
        if (ownModule && init && ts.isObjectLiteralExpression(init)) objectMembers(name, init);
        continue;
      }
      record(name, hasDoc(p, checker), p, target);
      if (target && target.flags & ts.SymbolFlags.Class) members(target.name, target);
    }
  };

  for (const e of checker.getExportsOfModule(moduleSymbol)) visit(e.name, e);
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const all = publicDeclarations();
  const missing = all.filter((d) => !d.documented);
  if (process.argv.includes('--missing')) for (const d of missing) console.log(d.name);
  console.log(`${all.length - missing.length}/${all.length} public declarations documented`);
}
