// TensorFlow's tf.Module (module/module.py): a base class that finds the variables and modules
// an object holds by walking its own properties, as TensorFlow's `_flatten_module` walks an
// object's attributes.

import { valueError } from './debugging';
import { checkOptions, describe, isPlainObject } from './describe';
import { withNameScope } from './name-scope';
import { Variable } from './variable';

/** Options of `new tf.Module(options)`. */
export interface ModuleOptions {
  /** The module's name, a valid identifier (TensorFlow's rule); by default the class name in
   * snake_case (`class DenseLayer` gives `'dense_layer'`). */
  name?: string | null;
}

/** TensorFlow's camel_to_snake: 'DenseLayer' -> 'dense_layer', 'MLP' -> 'mlp', 'HTTPServer' -> 'http_server'. */
const camelToSnake = (name: string): string => name.replace(/((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))/g, '_$1').toLowerCase();

/** TensorFlow's valid_identifier: what module names must match. */
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The keys of a Map in nest's order: sorted when they are all strings or all numbers (as
 * TensorFlow's nest sorts a mapping's keys), else in insertion order. */
function mapKeys(map: Map<unknown, unknown>): unknown[] {
  const keys = [...map.keys()];
  if (keys.every((k) => typeof k === 'string')) return (keys as string[]).sort();
  if (keys.every((k) => typeof k === 'number')) return (keys as number[]).sort((a, b) => a - b);
  return keys;
}

/** The leaves of `value` in TensorFlow's nest order: arrays in order, plain objects and Maps by
 * sorted key; every other value (a Variable, a Module, a tensor, a number) is a leaf. Containers
 * already being walked (`open`) are skipped, so cyclic structures end. */
function pushLeaves(value: unknown, leaves: unknown[], open: Set<object>): void {
  const container = Array.isArray(value) || isPlainObject(value) || value instanceof Map;
  if (!container) {
    leaves.push(value);
    return;
  }
  if (open.has(value)) return;
  open.add(value);
  if (Array.isArray(value)) for (const v of value) pushLeaves(v, leaves, open);
  else if (value instanceof Map) for (const k of mapKeys(value)) pushLeaves(value.get(k), leaves, open);
  else for (const k of Object.keys(value).sort()) pushLeaves(value[k], leaves, open);
  open.delete(value);
}

/** TensorFlow's _flatten_module: the leaves of `module`'s own properties (sorted by name) that
 * match `predicate`, then, recursively, those of the modules among them, each object once. */
function flattenModule(module: Module, predicate: (leaf: unknown) => boolean, seen: Set<unknown>, out: unknown[]): void {
  const submodules: Module[] = [];
  for (const key of Object.keys(module).sort()) {
    const leaves: unknown[] = [];
    pushLeaves((module as unknown as Record<string, unknown>)[key], leaves, new Set());
    for (const leaf of leaves) {
      if (leaf !== null && typeof leaf === 'object') {
        if (seen.has(leaf)) continue;
        seen.add(leaf);
      }
      if (predicate(leaf)) out.push(leaf);
      if (leaf instanceof Module) submodules.push(leaf); // its own properties after this module's
    }
  }
  for (const m of submodules) flattenModule(m, predicate, seen, out);
}

/** @internal Set (to the method that runs a call) on the prototype of a class whose instances are
 * called like functions, as Keras layers are (`layer(x)`). */
export const CALL_INSTANCE: unique symbol = Symbol('gradtape.callInstance');

/** Module's base. Its constructor returns the object that Module's fields and every subclass's
 * fields are then defined on (JavaScript runs a derived class's field initializers on the object
 * its base constructor returns): `this`, or, for a class whose prototype has [CALL_INSTANCE], a
 * function with that prototype, which a call runs through [CALL_INSTANCE]. */
class CallableBase {
  constructor() {
    const proto = new.target.prototype as { [CALL_INSTANCE]?: (...args: unknown[]) => unknown };
    if (!(CALL_INSTANCE in proto)) return;
    const instance = (...args: unknown[]): unknown => (instance as unknown as typeof proto)[CALL_INSTANCE]!(...args);
    // A function's own `name` and `length` would hide the class's (Module's `name` getter).
    delete (instance as { name?: string }).name;
    delete (instance as { length?: number }).length;
    Object.setPrototypeOf(instance, proto);
    return instance;
  }
}

/**
 * TensorFlow's `tf.Module`: a base class for objects that hold variables and other modules.
 * `variables`, `trainableVariables` and `submodules` find them by walking the object's own
 * properties, recursively: Variables, Modules, and arrays, plain objects and Maps of them, in
 * TensorFlow's order (properties sorted by name, a module's own variables before its
 * submodules'), each object once (cycles are safe). Properties of other kinds of objects are
 * not walked.
 *
 * @example
 * ```ts
 * class Dense extends tf.Module {
 *   w = new tf.Variable(tf.ones([2, 3]), { name: 'w' });
 *   b = new tf.Variable(tf.zeros([3]), { name: 'b' });
 *   call(x: tf.Tensor) { return tf.matmul(x, this.w).add(this.b); }
 * }
 * class MLP extends tf.Module {
 *   layers = [new Dense(), new Dense({ name: 'out' })];
 *   steps = new tf.Variable(0, { trainable: false, name: 'steps' });
 * }
 * const mlp = new MLP();
 * console.log(mlp.name, mlp.submodules.map((m) => m.name));          // mlp [ 'dense', 'out' ]
 * console.log(mlp.trainableVariables.map((v) => v.name).join(' '));  // b w b w
 * console.log(mlp.nonTrainableVariables.map((v) => v.name));         // [ 'steps' ]
 * ```
 */
export class Module extends CallableBase {
  readonly #name: string;
  #nameScope: string;

  /**
   * @param options `{ name }` (or the name alone): a valid identifier; by default the class name
   * in snake_case.
   */
  constructor(options: ModuleOptions | string | null = {}) {
    super();
    const given = typeof options === 'string' || options === null ? { name: options } : checkOptions(options, 'Module', ['name'], "{name: 'encoder'}");
    const requested: unknown = given.name;
    let name: string;
    // (Module itself by its own name: a bundler may rename the class.)
    if (requested === undefined || requested === null) name = new.target === Module ? 'module' : camelToSnake(new.target.name || 'Module');
    else if (typeof requested !== 'string') throw new Error(`Module: name must be a string, got ${describe(requested)}.`);
    else name = requested;
    const invalid = (new.target as typeof Module)._invalidName(name);
    if (invalid !== null) throw valueError(invalid);
    this.#name = name;
    this.#nameScope = withNameScope('Module', name, (scope) => scope);
  }

  /** @internal Why `name` cannot name an instance of this class, or null when it can: TensorFlow's
   * rule, a Python identifier. Keras layers, which are not tf.Modules in Keras 3, override it. */
  static _invalidName(name: string): string | null {
    return IDENTIFIER.test(name) ? null : `'${name}' is not a valid module name. Module names must be valid Python identifiers (e.g. a valid class name).`;
  }

  /** @internal Moves the module's name scope under `parentScope` ('bidirectional/'): a Keras
   * wrapper layer does this to the layer it wraps before the weights are made, since Keras 3 names
   * a weight by where it is built ('bidirectional/backward_lstm/lstm_cell/kernel'). */
  _rescope(parentScope: string): void {
    this.#nameScope = `${parentScope}${this.#name}/`;
  }

  /** The module's name (the `name` option, or the class name in snake_case). */
  get name(): string {
    return this.#name;
  }

  /** The name scope the module was made in followed by its name and '/' (`'mlp/'`): TensorFlow's
   * `module.name_scope.name`. `tf.nameScope(module.nameScope, fn)` runs `fn` in it, as
   * `with module.name_scope:` does; see also {@link Module.withNameScope}. */
  get nameScope(): string {
    return this.#nameScope;
  }

  /** Every Variable the module holds, its submodules' too, each once, in TensorFlow's order. */
  get variables(): Variable[] {
    return this.flatten((v) => v instanceof Variable) as Variable[];
  }

  /** The trainable ones of `variables`. */
  get trainableVariables(): Variable[] {
    return this.flatten((v) => v instanceof Variable && v.trainable) as Variable[];
  }

  /** The non-trainable ones of `variables`. */
  get nonTrainableVariables(): Variable[] {
    return this.flatten((v) => v instanceof Variable && !v.trainable) as Variable[];
  }

  /** Every Module the module holds, directly or through other modules, each once (not itself). */
  get submodules(): Module[] {
    return this.flatten((m) => m instanceof Module) as Module[];
  }

  private flatten(predicate: (leaf: unknown) => boolean): unknown[] {
    const out: unknown[] = [];
    flattenModule(this, predicate, new Set([this]), out);
    return out;
  }

  /**
   * TensorFlow's `tf.Module.with_name_scope(method)`: `method` wrapped to run in its module's
   * name scope (variables it makes are named in it).
   *
   * @example
   * ```ts
   * class Layer extends tf.Module {
   *   w: tf.Variable | null = null;
   *   build = tf.Module.withNameScope(function (this: Layer) { this.w = new tf.Variable(1, { name: 'w' }); });
   * }
   * const layer = new Layer({ name: 'dense' });
   * layer.build();
   * console.log(layer.w!.name); // dense/w
   * ```
   */
  static withNameScope<A extends unknown[], R>(method: (this: never, ...args: A) => R): (this: Module, ...args: A) => R {
    if (typeof method !== 'function') throw new Error(`Module.withNameScope: expected a method, got ${describe(method)}.`);
    return function (this: Module, ...args: A): R {
      if (!(this instanceof Module)) throw new Error(`Module.withNameScope: the method must be called on a tf.Module, got ${describe(this)} as this.`);
      return withNameScope('Module.withNameScope', this.#nameScope, () => (method as (...a: A) => R).apply(this, args));
    };
  }
}
