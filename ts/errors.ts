// tf.errors: TensorFlow's exception classes (tensorflow/python/framework/errors_impl.py) and its
// status codes (tensorflow/core/protobuf/error_codes.proto). gradtape throws them where TensorFlow
// raises them in eager mode: an op's bad argument, shape or dtype is an InvalidArgumentError, a
// failed allocation a ResourceExhaustedError, a missing file or checkpoint key a NotFoundError, a
// TensorArray read past its end an OutOfRangeError. (Where TensorFlow raises one of Python's own
// exceptions, ValueError or TypeError say, gradtape throws an Error whose `name` says which.)

/** tf.errors.OK: the status code of success. */
export const OK = 0;
/** tf.errors.CANCELLED. */
export const CANCELLED = 1;
/** tf.errors.UNKNOWN. */
export const UNKNOWN = 2;
/** tf.errors.INVALID_ARGUMENT. */
export const INVALID_ARGUMENT = 3;
/** tf.errors.DEADLINE_EXCEEDED. */
export const DEADLINE_EXCEEDED = 4;
/** tf.errors.NOT_FOUND. */
export const NOT_FOUND = 5;
/** tf.errors.ALREADY_EXISTS. */
export const ALREADY_EXISTS = 6;
/** tf.errors.PERMISSION_DENIED. */
export const PERMISSION_DENIED = 7;
/** tf.errors.RESOURCE_EXHAUSTED. */
export const RESOURCE_EXHAUSTED = 8;
/** tf.errors.FAILED_PRECONDITION. */
export const FAILED_PRECONDITION = 9;
/** tf.errors.ABORTED. */
export const ABORTED = 10;
/** tf.errors.OUT_OF_RANGE. */
export const OUT_OF_RANGE = 11;
/** tf.errors.UNIMPLEMENTED. */
export const UNIMPLEMENTED = 12;
/** tf.errors.INTERNAL. */
export const INTERNAL = 13;
/** tf.errors.UNAVAILABLE. */
export const UNAVAILABLE = 14;
/** tf.errors.DATA_LOSS. */
export const DATA_LOSS = 15;
/** tf.errors.UNAUTHENTICATED. */
export const UNAUTHENTICATED = 16;

/**
 * tf.errors.OpError(node_def, op, message, error_code): the base class of TensorFlow's runtime
 * errors. `errorCode` is its status code; `op` and `nodeDef` are null in eager execution (and in
 * every error gradtape throws).
 *
 * @example
 * ```ts
 * try {
 *   tf.add(tf.ones([2]), tf.ones([3]));
 * } catch (e) {
 *   console.log(e instanceof tf.errors.OpError, (e as tf.errors.OpError).errorCode === tf.errors.INVALID_ARGUMENT); // true true
 * }
 * ```
 */
export class OpError extends Error {
  /** TensorFlow's `node_def`: null in eager execution. */
  readonly nodeDef: unknown;
  /** TensorFlow's `op`: the graph operation that failed; null in eager execution. */
  readonly op: unknown;
  /** TensorFlow's `error_code`: one of the status codes (tf.errors.INVALID_ARGUMENT, ...). */
  readonly errorCode: number;
  /** TensorFlow's `experimental_payloads`: key-value pairs attached to the status (none here). */
  readonly experimentalPayloads: Readonly<Record<string, string>>;

  constructor(nodeDef: unknown, op: unknown, message: string, errorCode: number) {
    super(message);
    this.nodeDef = nodeDef ?? null;
    this.op = op ?? null;
    this.errorCode = errorCode;
    this.experimentalPayloads = {};
  }
}

/** tf.errors.CancelledError: an operation was cancelled. */
export class CancelledError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, CANCELLED);
  }
}
/** tf.errors.UnknownError: an error of no other class. */
export class UnknownError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, UNKNOWN);
  }
}
/** tf.errors.InvalidArgumentError: an op received an argument it cannot take (a value, a shape that
 * does not fit, a dtype it has no kernel for); also a failed tf.debugging assertion. */
export class InvalidArgumentError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, INVALID_ARGUMENT);
  }
}
/** tf.errors.DeadlineExceededError: a deadline expired before the operation could complete. */
export class DeadlineExceededError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, DEADLINE_EXCEEDED);
  }
}
/** tf.errors.NotFoundError: a requested entity (a file, a checkpoint key, a kernel) was not found. */
export class NotFoundError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, NOT_FOUND);
  }
}
/** tf.errors.AlreadyExistsError: an entity that an operation tried to create already exists. */
export class AlreadyExistsError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, ALREADY_EXISTS);
  }
}
/** tf.errors.PermissionDeniedError: the caller may not run the operation. */
export class PermissionDeniedError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, PERMISSION_DENIED);
  }
}
/** tf.errors.UnauthenticatedError: the request has no valid credentials. */
export class UnauthenticatedError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, UNAUTHENTICATED);
  }
}
/** tf.errors.ResourceExhaustedError: a resource ran out; in gradtape, WebAssembly memory for a
 * result (TensorFlow's "OOM when allocating tensor"). */
export class ResourceExhaustedError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, RESOURCE_EXHAUSTED);
  }
}
/** tf.errors.FailedPreconditionError: the system is not in a state to run the operation. */
export class FailedPreconditionError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, FAILED_PRECONDITION);
  }
}
/** tf.errors.AbortedError: an operation was aborted, typically by a concurrent action. */
export class AbortedError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, ABORTED);
  }
}
/** tf.errors.OutOfRangeError: an operation went past the valid range (a TensorArray index, the end
 * of input). */
export class OutOfRangeError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, OUT_OF_RANGE);
  }
}
/** tf.errors.UnimplementedError: the operation is not implemented or not supported. */
export class UnimplementedError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, UNIMPLEMENTED);
  }
}
/** tf.errors.InternalError: an invariant of the system did not hold (a bug; please report it). */
export class InternalError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, INTERNAL);
  }
}
/** tf.errors.UnavailableError: the runtime is unavailable for now. */
export class UnavailableError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, UNAVAILABLE);
  }
}
/** tf.errors.DataLossError: unrecoverable data loss or corruption (a corrupt record or file). */
export class DataLossError extends OpError {
  constructor(nodeDef: unknown, op: unknown, message: string) {
    super(nodeDef, op, message, DATA_LOSS);
  }
}

/** One of TensorFlow's error classes, as the library constructs them. */
export type ErrorClass = new (nodeDef: unknown, op: unknown, message: string) => OpError;

/** The classes with their names, set on each prototype as built-in errors have theirs (minifiers
 * and bundlers may rename the classes themselves). */
const CLASSES: readonly (readonly [ErrorClass, string])[] = [
  [CancelledError, 'CancelledError'],
  [UnknownError, 'UnknownError'],
  [InvalidArgumentError, 'InvalidArgumentError'],
  [DeadlineExceededError, 'DeadlineExceededError'],
  [NotFoundError, 'NotFoundError'],
  [AlreadyExistsError, 'AlreadyExistsError'],
  [PermissionDeniedError, 'PermissionDeniedError'],
  [ResourceExhaustedError, 'ResourceExhaustedError'],
  [FailedPreconditionError, 'FailedPreconditionError'],
  [AbortedError, 'AbortedError'],
  [OutOfRangeError, 'OutOfRangeError'],
  [UnimplementedError, 'UnimplementedError'],
  [InternalError, 'InternalError'],
  [UnavailableError, 'UnavailableError'],
  [DataLossError, 'DataLossError'],
  [UnauthenticatedError, 'UnauthenticatedError'],
];
Object.defineProperty(OpError.prototype, 'name', { value: 'OpError', writable: true, configurable: true });
for (const [cls, name] of CLASSES) Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });

/** The library's way to throw one: `throw tfError(InvalidArgumentError, 'reshape: ...')`. */
export function tfError(cls: ErrorClass, message: string): OpError {
  return new cls(null, null, message);
}

/** `e` with another message: the same class for TensorFlow's errors (so that an op's error
 * re-thrown under the public function's name is still an InvalidArgumentError), else an Error
 * of e's name. */
export function withMessage(e: Error, message: string): Error {
  if (e instanceof OpError) {
    return e.constructor === OpError ? new OpError(e.nodeDef, e.op, message, e.errorCode) : new (e.constructor as ErrorClass)(e.nodeDef, e.op, message);
  }
  const err = new Error(message);
  err.name = e.name;
  return err;
}
