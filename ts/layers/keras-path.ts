// Keras 3's name scopes for variable paths (keras/src/backend/common/name_scope.py): a stack of
// layer names that a layer's build, call and add_weight enter. A weight's path is the stack when it
// is made, then its name: 'sequential/dense/kernel' for a Sequential's Dense (the Sequential builds
// it), 'dense/kernel' for a functional model's (built by its call on a KerasTensor, before the
// model exists), 'block/inner/kernel' for a layer a custom layer calls. This is apart from
// TensorFlow's name scope (ts/name-scope.ts), which gives variables their `name`.

interface Scope {
  name: string;
  /** The layer that entered the scope: it does not enter its own scope twice in a row. */
  caller: object;
  /** Where the caller was first scoped: its scopes sit there, wherever it is called from later. */
  parent: string | null;
}

const stack: Scope[] = [];

/** Keras' `current_path()`: the scopes' names joined by '/' ('' at the top level). */
export function currentPath(): string {
  let parts: string[] = [];
  for (const scope of stack) {
    if (scope.parent !== null) parts = scope.parent.split('/').filter((p) => p !== '');
    parts.push(scope.name);
  }
  return parts.join('/');
}

/** Runs `fn` in the scope `name` of `caller` (Keras' `name_scope(name, caller=...)`), whose parts
 * before it are `parent` when given; a caller already innermost under that name enters nothing. */
export function withPathScope<T>(name: string, caller: object, parent: string | null, fn: () => T): T {
  const top = stack[stack.length - 1];
  if (top !== undefined && top.caller === caller && top.name === name) return fn();
  stack.push({ name, caller, parent });
  try {
    return fn();
  } finally {
    stack.pop();
  }
}

/** A variable's path: the current scopes, then its name. */
export const pathFor = (name: string): string => {
  const scope = currentPath();
  return scope === '' ? name : `${scope}/${name}`;
};
