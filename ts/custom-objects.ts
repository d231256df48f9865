// Keras' global custom objects (keras/src/saving/object_registration.py): classes and functions
// that deserialization finds by name without a `customObjects` option, registered with
// registerKerasSerializable, put in getCustomObjects()'s object, or in force inside a
// customObjectScope. They are not a second registry of their own: checkCustomObjects
// (layers/serialization.ts), which every loader and deserializer calls, adds them under the
// call's own `customObjects`, so everything that takes customObjects finds them.

import { describe, isPlainObject } from './describe';

/** Keras' GLOBAL_CUSTOM_OBJECTS: objects by registered name ('Custom>MyLayer'), or by the names users put in it. */
const GLOBAL_CUSTOM_OBJECTS: Record<string, unknown> = {};
/** Keras' GLOBAL_CUSTOM_NAMES: each registered object's name. */
const GLOBAL_CUSTOM_NAMES = new Map<unknown, string>();
/** The objects of the innermost customObjectScope in force (Keras' custom_objects_scope_dict). */
let scopeObjects: Record<string, unknown> = {};

function checkObjects(objects: unknown, op: string): Record<string, unknown> {
  const o = objects ?? {};
  if (!isPlainObject(o)) throw new Error(`${op}: expected an object of classes and functions by name, got ${describe(objects)}.`);
  return o;
}

/**
 * keras.utils.get_custom_objects(): the global object of custom objects by name, itself (so
 * `getCustomObjects().MyLayer = MyLayer` registers MyLayer, as in Keras). registerKerasSerializable
 * adds to it under 'package>name'; customObjectScope's objects are not in it.
 *
 * @example
 * ```ts
 * class Doubler extends tf.keras.layers.Layer { call(x: tf.Tensor) { return x.mul(2); } }
 * tf.keras.utils.getCustomObjects().Doubler = Doubler;
 * const copy = tf.keras.layers.deserialize(tf.keras.layers.serialize(new Doubler()));
 * console.log(copy instanceof Doubler); // true
 * delete tf.keras.utils.getCustomObjects().Doubler;
 * ```
 */
export function getCustomObjects(): Record<string, unknown> {
  return GLOBAL_CUSTOM_OBJECTS;
}

/** Whether `f` is a class (written with `class`), as Python's inspect.isclass tells classes from functions. */
const isClass = (f: unknown): boolean => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));

/**
 * keras.utils.register_keras_serializable(package='Custom', name=None): a decorator (call it on a
 * class or function, or use it as `@`) that registers the object under 'package>name' (`name`
 * defaults to the object's own `name`): getRegisteredName gives that name, and deserialization
 * finds the object by it, or by its plain name, without `customObjects`. A class needs a
 * `getConfig` method, as in Keras.
 *
 * @example
 * ```ts
 * class Tripler extends tf.keras.layers.Layer { call(x: tf.Tensor) { return x.mul(3); } }
 * tf.keras.utils.registerKerasSerializable('my_package')(Tripler);
 * console.log(tf.keras.utils.getRegisteredName(Tripler)); // my_package>Tripler
 * console.log(tf.keras.utils.getRegisteredObject('my_package>Tripler') === Tripler); // true
 * ```
 */
export function registerKerasSerializable(pkg = 'Custom', name: string | null = null): <T>(object: T) => T {
  const op = 'keras.utils.registerKerasSerializable';
  if (typeof pkg !== 'string') throw new Error(`${op}: package must be a string, got ${describe(pkg)}.`);
  if (name !== null && typeof name !== 'string') throw new Error(`${op}: name must be a string or null, got ${describe(name)}.`);
  return <T>(object: T): T => {
    if (typeof object !== 'function') throw new Error(`${op}: expected a class or a function to register, got ${describe(object)}.`);
    const registeredName = `${pkg}>${name ?? object.name}`;
    if (isClass(object) && typeof (object.prototype as { getConfig?: unknown } | undefined)?.getConfig !== 'function') {
      throw new Error(`${op}: Cannot register a class that does not have a get_config() method (getConfig).`);
    }
    GLOBAL_CUSTOM_OBJECTS[registeredName] = object;
    GLOBAL_CUSTOM_NAMES.set(object, registeredName);
    return object;
  };
}

/**
 * keras.utils.get_registered_name(obj): the name registerKerasSerializable registered `obj`
 * under, else its own `name`.
 *
 * @example
 * ```ts
 * console.log(tf.keras.utils.getRegisteredName(tf.keras.layers.Dense)); // Dense
 * ```
 */
export function getRegisteredName(object: unknown): string {
  const registered = GLOBAL_CUSTOM_NAMES.get(object);
  if (registered !== undefined) return registered;
  if (typeof object !== 'function') throw new Error(`keras.utils.getRegisteredName: expected a class or a function, got ${describe(object)}.`);
  return object.name;
}

/**
 * keras.utils.get_registered_object(name, custom_objects=None, module_objects=None): the object
 * of that name: from the customObjectScope in force, else the global custom objects, else
 * `customObjects`, else `moduleObjects`; null when none has it.
 *
 * @example
 * ```ts
 * const relu = tf.keras.activations.relu;
 * console.log(tf.keras.utils.getRegisteredObject('act', { act: relu }) === relu, tf.keras.utils.getRegisteredObject('act')); // true null
 * ```
 */
export function getRegisteredObject(name: string, customObjects: Record<string, unknown> | null = null, moduleObjects: Record<string, unknown> | null = null): unknown {
  const op = 'keras.utils.getRegisteredObject';
  if (typeof name !== 'string') throw new Error(`${op}: name must be a string, got ${describe(name)}.`);
  for (const objects of [scopeObjects, GLOBAL_CUSTOM_OBJECTS, checkObjects(customObjects, op), checkObjects(moduleObjects, op)]) {
    if (Object.hasOwn(objects, name)) return objects[name];
  }
  return null;
}

/**
 * keras.utils.CustomObjectScope(custom_objects): while entered (`enter()` ... `exit()`, or
 * `run(fn)`, Python's `with`), deserialization finds these objects by name without
 * `customObjects`. Entering replaces the objects of an outer scope, and exiting restores them, as
 * in Keras.
 *
 * @example
 * ```ts
 * const scope = new tf.keras.utils.CustomObjectScope({ my_act: tf.keras.activations.relu });
 * console.log(scope.run(() => tf.keras.utils.getRegisteredObject('my_act')) === tf.keras.activations.relu); // true
 * ```
 */
export class CustomObjectScope {
  /** The objects this scope puts in force, by name. */
  readonly customObjects: Record<string, unknown>;
  private backup: Record<string, unknown> | null = null;

  /** A scope of `customObjects` (classes and functions by name), not yet entered. */
  constructor(customObjects: Record<string, unknown> | null = null) {
    this.customObjects = { ...checkObjects(customObjects, 'keras.utils.CustomObjectScope') };
  }

  /** Puts the objects in force (Python's `__enter__`), replacing an outer scope's. */
  enter(): this {
    this.backup = { ...scopeObjects };
    scopeObjects = { ...this.customObjects };
    return this;
  }

  /** Restores what was in force before `enter()` (Python's `__exit__`). */
  exit(): void {
    scopeObjects = { ...(this.backup ?? {}) };
    this.backup = null;
  }

  /** Runs `fn` inside the scope and returns its result (the scope is exited even if fn throws). */
  run<T>(fn: () => T): T {
    if (typeof fn !== 'function') throw new Error(`keras.utils.CustomObjectScope.run: expected a function, got ${describe(fn)}.`);
    this.enter();
    try {
      return fn();
    } finally {
      this.exit();
    }
  }
}

/**
 * keras.utils.custom_object_scope(custom_objects) as a function of the scope's body:
 * `customObjectScope(objects, fn)` runs fn with the objects in force (`new
 * CustomObjectScope(objects).run(fn)`).
 *
 * @example
 * ```ts
 * class Halver extends tf.keras.layers.Layer { call(x: tf.Tensor) { return x.div(2); } }
 * const config = tf.keras.layers.serialize(new Halver());
 * const copy = tf.keras.utils.customObjectScope({ Halver }, () => tf.keras.layers.deserialize(config));
 * console.log(copy instanceof Halver); // true
 * ```
 */
export function customObjectScope<T>(customObjects: Record<string, unknown> | null, fn: () => T): T {
  return new CustomObjectScope(customObjects).run(fn);
}

/** The custom objects deserialization sees besides a call's own `customObjects`: the global ones
 * (by registered name, and registered ones by their plain name too: 'Custom>MyLayer' is also
 * 'MyLayer', the name a layer's class is serialized under) and the scope's, which take precedence. */
export function ambientCustomObjects(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(GLOBAL_CUSTOM_OBJECTS)) {
    out[key] = value;
    const plain = key.slice(key.indexOf('>') + 1);
    if (plain !== key && !Object.hasOwn(GLOBAL_CUSTOM_OBJECTS, plain)) out[plain] = value;
  }
  return Object.assign(out, scopeObjects);
}
