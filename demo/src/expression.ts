// The demo's typed models: a tiny parser for expressions such as `a * exp(-b * x) + c`, and a
// compiler from the parsed tree to gradtape ops. A hand-written parser rather than `eval` or
// `new Function`, so that the page runs under a Content Security Policy without 'unsafe-eval'
// and a typed model can only ever compute arithmetic.
//
// Grammar (usual precedence; `^` binds tighter than unary minus and is right-associative, so
// `-x^2` is -(x²) and `2^3^2` is 2^9):
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := ('-' | '+') unary | power
//   power   := primary ('^' unary)?
//   primary := number | 'x' | 'pi' | parameter | function '(' sum ')' | '(' sum ')'
// Every other name is a parameter, numbered in order of first appearance.
import type * as tf from 'gradtape';

export const FUNCTIONS = ['exp', 'log', 'sin', 'cos', 'tanh', 'sqrt', 'abs'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export type Expression =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'x' }
  | { readonly kind: 'parameter'; readonly name: string; readonly index: number }
  | { readonly kind: 'negate'; readonly operand: Expression }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/' | '^'; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly argument: Expression };

export interface ParsedModel {
  readonly source: string;
  readonly tree: Expression;
  /** The parameters' names, in order of first appearance: the order curveFit receives them. */
  readonly parameters: readonly string[];
  readonly usesX: boolean;
}

/** A parse error, with the 1-based column it points at. */
export class ExpressionError extends Error {
  constructor(message: string, readonly column: number) {
    super(`${message} (column ${column})`);
    this.name = 'ExpressionError';
  }
}

const MAX_LENGTH = 500;
const RESERVED = new Set<string>(['x', 'pi', ...FUNCTIONS]);

type Token =
  | { kind: 'number'; value: number; text: string; start: number }
  | { kind: 'name'; text: string; start: number }
  | { kind: 'symbol'; text: string; start: number }
  | { kind: 'end'; text: string; start: number };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0], start: i });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], start: i });
      i += name[0].length;
      continue;
    }
    if ('+-*/^()'.includes(ch)) {
      tokens.push({ kind: 'symbol', text: ch, start: i });
      i++;
      continue;
    }
    throw new ExpressionError(`unexpected character '${ch}'`, i + 1);
  }
  tokens.push({ kind: 'end', text: 'end of input', start: source.length });
  return tokens;
}

/** Parses a model expression; throws ExpressionError with the column of the first problem. */
export function parseExpression(source: string): ParsedModel {
  if (source.length > MAX_LENGTH) throw new ExpressionError(`the expression is longer than ${MAX_LENGTH} characters`, MAX_LENGTH + 1);
  const tokens = tokenize(source);
  if (tokens.length === 1) throw new ExpressionError('the expression is empty', 1);
  const parameters: string[] = [];
  let usesX = false;
  let pos = 0;
  const peek = () => tokens[pos]!;
  const describe = (t: Token) => (t.kind === 'end' ? 'the end of the expression' : `'${t.text}'`);
  const isSymbol = (text: string) => peek().kind === 'symbol' && peek().text === text;
  const expect = (text: string, context: string) => {
    if (!isSymbol(text)) throw new ExpressionError(`expected '${text}' ${context}, found ${describe(peek())}`, peek().start + 1);
    pos++;
  };

  const sum = (): Expression => {
    let left = product();
    while (isSymbol('+') || isSymbol('-')) {
      const op = tokens[pos++]!.text as '+' | '-';
      left = { kind: 'binary', op, left, right: product() };
    }
    return left;
  };
  const product = (): Expression => {
    let left = unary();
    while (isSymbol('*') || isSymbol('/')) {
      const op = tokens[pos++]!.text as '*' | '/';
      left = { kind: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Expression => {
    if (isSymbol('-')) {
      pos++;
      return { kind: 'negate', operand: unary() };
    }
    if (isSymbol('+')) {
      pos++;
      return unary();
    }
    return power();
  };
  const power = (): Expression => {
    const base = primary();
    if (!isSymbol('^')) return base;
    pos++;
    return { kind: 'binary', op: '^', left: base, right: unary() };
  };
  const primary = (): Expression => {
    const t = peek();
    if (t.kind === 'number') {
      pos++;
      return { kind: 'number', value: t.value };
    }
    if (t.kind === 'name') {
      pos++;
      const called = isSymbol('(');
      if ((FUNCTIONS as readonly string[]).includes(t.text)) {
        if (!called) throw new ExpressionError(`'${t.text}' is a function: write ${t.text}(...)`, t.start + 1);
        pos++;
        const argument = sum();
        expect(')', `to close ${t.text}(`);
        return { kind: 'call', fn: t.text as FunctionName, argument };
      }
      if (called) {
        throw new ExpressionError(`unknown function '${t.text}' (known: ${FUNCTIONS.join(', ')}); for a product write ${t.text} * (...)`, t.start + 1);
      }
      if (t.text === 'x') {
        usesX = true;
        return { kind: 'x' };
      }
      if (t.text === 'pi') return { kind: 'number', value: Math.PI };
      let index = parameters.indexOf(t.text);
      if (index < 0) index = parameters.push(t.text) - 1;
      return { kind: 'parameter', name: t.text, index };
    }
    if (t.kind === 'symbol' && t.text === '(') {
      pos++;
      const inner = sum();
      expect(')', "to close '('");
      return inner;
    }
    throw new ExpressionError(`expected a number, x, a parameter, a function or '(', found ${describe(t)}`, t.start + 1);
  };

  const tree = sum();
  const after = peek();
  if (after.kind !== 'end') {
    const previous = tokens[pos - 1]!;
    throw new ExpressionError(`expected an operator between '${previous.text}' and '${after.text}'`, after.start + 1);
  }
  if (parameters.length === 0) throw new ExpressionError('the model has no parameters to fit: use a name such as a or b', 1);
  return { source, tree, parameters, usesX };
}

/** True when `name` may be used as a parameter name. */
export function isParameterName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name);
}

type Value = tf.Tensor | number;

/**
 * Turns a parsed expression into a curveFit model `(x, ...params) => values`, built from gradtape
 * ops so that the fit's Jacobian is exact. The result always has x's shape, even for a model that
 * does not use x (a constant `a` fits the mean).
 */
export function compileModel(model: ParsedModel, gt: typeof tf): (x: tf.Tensor, ...params: tf.Tensor[]) => tf.Tensor {
  const evaluate = (e: Expression, x: tf.Tensor, params: tf.Tensor[]): Value => {
    switch (e.kind) {
      case 'number':
        return e.value;
      case 'x':
        return x;
      case 'parameter':
        return params[e.index]!;
      case 'negate': {
        const v = evaluate(e.operand, x, params);
        return typeof v === 'number' ? -v : gt.neg(v);
      }
      case 'call': {
        const v = evaluate(e.argument, x, params);
        return typeof v === 'number' ? Math[e.fn](v) : gt[e.fn](v);
      }
      case 'binary': {
        const a = evaluate(e.left, x, params), b = evaluate(e.right, x, params);
        if (typeof a === 'number' && typeof b === 'number') return foldNumbers(e.op, a, b);
        switch (e.op) {
          case '+': return gt.add(a, b);
          case '-': return gt.sub(a, b);
          case '*': return gt.mul(a, b);
          case '/': return gt.div(a, b);
          // x^2 as a square keeps the gradient finite at x = 0 and for negative x.
          case '^': return b === 2 ? gt.square(a as tf.Tensor) : gt.pow(a, b);
        }
      }
    }
  };
  return (x, ...params) => {
    const v = evaluate(model.tree, x, params);
    // A model without x (or all numbers) still gives one value per point.
    return typeof v === 'number' ? gt.fill(x.shape, v, x.dtype) : model.usesX ? v : gt.add(v, gt.zerosLike(x));
  };
}

/** The model's value at one x, in plain JavaScript numbers: for drawing curves on the page
 * without loading gradtape on the main thread. */
export function evaluateAt(model: ParsedModel, x: number, params: readonly number[]): number {
  const evaluate = (e: Expression): number => {
    switch (e.kind) {
      case 'number': return e.value;
      case 'x': return x;
      case 'parameter': return params[e.index]!;
      case 'negate': return -evaluate(e.operand);
      case 'call': return Math[e.fn](evaluate(e.argument));
      case 'binary': return foldNumbers(e.op, evaluate(e.left), evaluate(e.right));
    }
  };
  return evaluate(model.tree);
}

function foldNumbers(op: '+' | '-' | '*' | '/' | '^', a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '^': return a ** b;
  }
}
