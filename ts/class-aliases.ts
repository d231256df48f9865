// Keras' lower-case names of its classes (`keras.initializers.glorot_uniform`,
// `keras.constraints.max_norm`, ...) are the classes themselves, called like functions in Python.
// A JavaScript class cannot be called without `new`, so the alias is a function that makes an
// instance either way, and whose `prototype` is the class's (so `instanceof` holds too).

/** A class's constructor usable with or without `new`. */
export type ClassAlias<A extends unknown[], T> = {
  (...args: A): T;
  new (...args: A): T;
};

/** `Cls` callable without `new`: `alias(...args)` and `new alias(...args)` are `new Cls(...args)`. */
export function classAlias<A extends unknown[], T extends object>(Cls: new (...args: A) => T): ClassAlias<A, T> {
  const alias = function (...args: A): T {
    return new Cls(...args);
  };
  alias.prototype = Cls.prototype;
  return alias as unknown as ClassAlias<A, T>;
}
