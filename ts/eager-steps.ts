// Eager training steps replayed as one compiled program.
//
// A loop of small eager steps (`new GradientTape()`, ops in `record`, `gradient`,
// `applyGradients`) spends its time on per-op overhead, not arithmetic: each op is a wasm call, a
// tape record, a tensor to wrap and later evict. When the same step comes round again, this module
// runs it the way `tf.function` runs a compiled step, without changing what the user's code sees:
//
// 1. A step whose tape is made with no other tape recording, outside traces, is logged as it runs
//    eagerly: each op (its code, parameters and operands: the step's inputs, earlier results,
//    variables, numbers), the tape's start and stop, the gradient and the optimizer step.
// 2. The next step is checked against the log, event by event. Each op that matches returns a
//    pending tensor (shape and dtype known, no data yet) instead of running. When the optimizer
//    step matches too, the first time its pending ops run as written (a step met once may be
//    chance); from the second, the logged step is compiled once with `tf.function` (its first
//    call traces it on this step's inputs) and replayed in one call; its results give the
//    pending tensors their data, and the optimizer has stepped as the eager step would have, bit
//    for bit.
// 3. A step that goes another way at some event goes on with another log that did the same so
//    far, or else runs its pending ops as written and is logged from there: the last four logs
//    are kept, for loops that alternate between steps or batch shapes.
// 4. A log of the step an earlier log compiled, on other variables of the same shapes and dtypes
//    and another optimizer of the same kind (a fresh model, fit after the first), takes that
//    log's compiled step rebound to its variables and optimizer instead of a trace of its own.
// 5. Anything else the log does not predict interrupts the step before it happens: a pending
//    tensor read (its values, or as the operand of any other call), a variable assigned, another
//    tape, an op the log cannot see. The pending ops then run as written, on the user's tape, in
//    their order, and the step goes on eagerly. So a pending tensor has exactly the value, tape
//    record and errors it would have had.
//
// What is logged is limited to what the replay can reproduce exactly: ops through the op table's
// four entry points (ts/call.ts) with tensor and number operands and fresh results of at most
// MAX_SIZE elements, one tape with the default options (recording one or more times), a gradient
// of one result with respect to variables, and `applyGradients` of those gradients or of ops on
// them. Steps that do more run eagerly, as before.

import { binaryOp, callOp, numberOperand, unaryOp } from './call';
import { type DType } from './dtype';
import { compileFunction, functionsRunEagerly, outputSink, rebindFunction } from './function';
import type { Optimizer } from './optimizers';
import { GradientTape } from './tape';
import { OpEntry, Tensor, activeTapes, eagerSteps, fulfil, fulfilFromPairs, pendingTensor, scopes, stepTick } from './tensor';
import { Variable } from './variable';
import { tracing } from './wasm/runtime';

const enum Kind {
  Op,
  Start,
  Exit,
  Gradient,
  Apply,
}

/** How an operand is found: a step input (by order of first use), an earlier op's result, a
 * gradient, a variable of the log, or a number (a boolean stays a boolean). */
const enum Ref {
  Input,
  Result,
  Grad,
  Variable,
  Number,
  Boolean,
}

/** Op results and gradients larger than this are not logged: the replay's outputs would keep
 * every large intermediate in wasm, which an eager step's tape frees (see evictTemporaries). */
const MAX_SIZE = 4096;
/** A log of more events than this is not kept: a step is small, and code that makes a tape and
 * never finishes its step (no `applyGradients`) should not pay for logging every op after it. */
const MAX_EVENTS = 256;

interface Operand {
  ref: Ref;
  /** The index (input, result, gradient, variable) or the number. */
  value: number;
}

interface OpEvent {
  kind: Kind.Op;
  entry: OpEntry;
  code: number;
  operands: Operand[];
  params: readonly number[];
  /** Whether the step's tape recorded it (1) or no tape did (0). */
  recorded: 0 | 1;
  shape: number[];
  dtype: DType;
}

interface GradientEvent {
  kind: Kind.Gradient;
  target: Operand;
  /** Indices into the log's variables. */
  sources: number[];
  /** `sources` was one variable, not an array. */
  single: boolean;
  shapes: number[][];
  dtypes: DType[];
}

interface ApplyEvent {
  kind: Kind.Apply;
  optimizer: Optimizer;
  grads: Operand[];
  /** Indices into the log's variables. */
  variables: number[];
}

type StepEvent = OpEvent | GradientEvent | ApplyEvent | { kind: Kind.Start | Kind.Exit };

/** One step, as logged. */
interface StepLog {
  events: StepEvent[];
  variables: Variable[];
  inputs: { shape: number[]; dtype: DType }[];
  results: number;
  grads: number;
  /** The step compiled (made on its first replay). */
  compiled: ((...inputs: Tensor[]) => Tensor[]) | null;
  /** Its variables' handles when it was compiled (for a log of the same step elsewhere). */
  handles: number[];
  /** How many times a step matched it to its end (the first runs as written: see replay). */
  matches: number;
  /** How many times it was replayed. */
  replays: number;
}

const enum Mode {
  Off,
  Logging,
  Checking,
}

/** The step in progress. */
const step = {
  mode: Mode.Off,
  tape: null as GradientTape | null,
  log: null as StepLog | null,
  /** The next event (Checking), or the events so far (Logging). */
  at: 0,
  inputs: [] as Tensor[],
  results: [] as Tensor[],
  grads: [] as Tensor[],
  /** The clock after the latest event: any tensor made since by code the log does not see moves it. */
  tick: 0,
  /** Logging: the tensors the log knows, as refs. */
  known: new Map<Tensor, Operand>(),
};

/** The latest complete logs, most recent first: a step is checked against the first, and goes on
 * with another where it differs (see diverge): a loop may alternate between steps or batch shapes. */
const logs: StepLog[] = [];
/** How many logs are kept. */
const LOGS = 4;

/** Puts `log` first among the logs. */
function remember(log: StepLog): void {
  const i = logs.indexOf(log);
  if (i !== -1) logs.splice(i, 1);
  logs.unshift(log);
  if (logs.length > LOGS) logs.pop();
}

/** Drops `log`, which did not predict its step. */
function forget(log: StepLog): void {
  const i = logs.indexOf(log);
  if (i !== -1) logs.splice(i, 1);
}

/** Logs completed since the latest replay. */
let loggedSinceReplay = 0;

/** Steps to run without speculation after speculation failed (doubling each time in a row). */
let coolDown = 0;
let failuresInRow = 0;

function reset(): void {
  step.mode = Mode.Off;
  step.tape = null;
  step.log = null;
  step.at = 0;
  // (Only those not empty, as takePending leaves them: setting a length is a builtin call.)
  if (step.inputs.length !== 0) step.inputs.length = 0;
  if (step.results.length !== 0) step.results.length = 0;
  if (step.grads.length !== 0) step.grads.length = 0;
  if (step.known.size !== 0) step.known.clear();
  eagerSteps.active = false;
}

function fail(): void {
  failuresInRow = Math.min(failuresInRow + 1, 10);
  coolDown = 1 << failuresInRow;
}

/** tf.config.runFunctionsEagerly was called: the logs and pauses start afresh. */
function restart(): void {
  if (step.mode !== Mode.Off) interrupt();
  logs.length = 0;
  coolDown = failuresInRow = loggedSinceReplay = 0;
}

/** Logging: the step cannot be replayed; it goes on eagerly, unlogged. */
function giveUp(): void {
  if (step.mode === Mode.Logging) fail();
  reset();
}

// ---- the hooks ----------------------------------------------------------------------------------

/** A tape was made. One made while no tape records, outside traces and tidy scopes, begins a step. */
function tapeMade(tape: GradientTape): void {
  if (step.mode !== Mode.Off) interrupt();
  if (replaying || activeTapes.length !== 0 || tracing.active || scopes.length !== 0 || tape.persistent || !tape.watchAccessedVariables || functionsRunEagerly()) return;
  if (coolDown > 0) {
    coolDown--;
    return;
  }
  step.tape = tape;
  step.tick = stepTick();
  if (logs.length !== 0) {
    step.mode = Mode.Checking;
    step.log = logs[0]!;
  } else beginLog([]);
  eagerSteps.active = true;
}

/** Logs the step in progress from here, after `events` (the tape events it has had). */
function beginLog(events: StepEvent[]): void {
  step.mode = Mode.Logging;
  step.log = { events, variables: [], inputs: [], results: 0, grads: 0, compiled: null, handles: [], matches: 0, replays: 0 };
  step.at = events.length;
  step.inputs.length = 0;
}

/** Anything the log does not predict: run the pending ops as written (Checking), or stop logging. */
function interrupt(): void {
  if (step.mode === Mode.Checking) runPending();
  else giveUp();
}

/** A tensor is disposed: one a checked step's pending ops read runs them first. */
function disposing(t: Tensor): void {
  if (step.mode === Mode.Checking && step.inputs.indexOf(t) !== -1) interrupt();
}

/** Whether the step was interrupted (diverge's other outcome being logging from there on). */
const interrupted = (): boolean => step.mode === Mode.Off;

/** Whether code the log does not see made a tensor since the latest event. */
const unseen = (): boolean => stepTick() !== step.tick;

/** The number of operands of an op through `entry` (the list's for callOp). */
const operandCount = (entry: OpEntry, inputs: readonly Tensor[] | null): number => (entry === OpEntry.Call ? inputs!.length : entry === OpEntry.Unary ? 1 : 2);

/** Operand `i` of an op through `entry`: `inputs[i]` (callOp), or `a` and `b`. */
const operandAt = (entry: OpEntry, i: number, a: unknown, b: unknown, inputs: readonly Tensor[] | null): unknown => (entry === OpEntry.Call ? inputs![i] : i === 0 ? a : b);

/** An op through one of the op table's entry points: a pending result (Checking, when it is the
 * logged op), the result after running it (Logging), or null when the caller must run it itself. */
function op(entry: OpEntry, code: number, a: unknown, b: unknown, inputs: readonly Tensor[] | null, params: readonly number[]): Tensor | null {
  if (step.mode === Mode.Checking) {
    const e = step.log!.events[step.at];
    if ((e !== undefined && opMatches(e, entry, code, a, b, inputs, params)) || divergeAtOp(entry, code, a, b, inputs, params)) {
      const e = step.log!.events[step.at++] as OpEvent;
      const t = pendingTensor(e.shape, e.dtype);
      step.results.push(t);
      return t;
    }
    if (interrupted()) return null;
  }
  // Logging.
  const log = step.log!;
  if (unseen() || log.events.length >= MAX_EVENTS) {
    giveUp();
    return null;
  }
  const operands: unknown[] = [];
  for (let i = 0; i < operandCount(entry, inputs); i++) operands.push(operandAt(entry, i, a, b, inputs));
  const refs: Operand[] = [];
  for (let i = 0; i < operands.length; i++) {
    const r = refOf(operands[i]);
    if (r === null) {
      giveUp();
      return null;
    }
    refs.push(r);
  }
  const recorded = recording();
  if (recorded === 2) {
    giveUp();
    return null;
  }
  const result = runNow(entry, code, operands, params);
  if (step.mode !== Mode.Logging) return result; // (the op itself gave up, e.g. it read a variable's values)
  if (!fresh(result, operands) || result.size > MAX_SIZE) {
    giveUp();
    return result;
  }
  // Operands seen for the first time become the log's inputs only now that the op ran.
  commitRefs(operands, refs);
  log.events.push({ kind: Kind.Op, entry, code, operands: refs, params: params.slice(), recorded, shape: result.shape.slice(), dtype: result.dtype });
  step.known.set(result, { ref: Ref.Result, value: log.results++ });
  step.tick = stepTick();
  return result;
}

/** The step's tape starts (`record`, `enter`) or stops recording. True when the tape need not
 * make its wasm tape: a checked step's ops are pending (runPending makes it if they run). */
function tapeEvent(tape: GradientTape, kind: Kind.Start | Kind.Exit): boolean {
  if (tape !== step.tape) {
    interrupt(); // (a use of a tape other than the step's own events)
    return false;
  }
  if (step.mode === Mode.Checking) {
    const e = step.log!.events[step.at];
    if ((e !== undefined && e.kind === kind && !unseen()) || divergeAtTapeEvent(kind)) {
      step.at++;
      return true;
    }
    if (interrupted()) return false;
  }
  if (unseen()) giveUp();
  else step.log!.events.push({ kind });
  return false;
}

/**
 * The checked step differs from its log at the next event. If another log has the same events so
 * far and this one next (`matchesAt`, tried with that log as the step's), the step goes on with it:
 * true. Otherwise the step is logged from here, its pending ops run as written first (false, and
 * the caller logs the event), or, when code the log did not see ran, it is interrupted (false).
 */
function diverge(matchesAt: (log: StepLog) => boolean): boolean {
  const current = step.log!;
  if (!unseen()) {
    for (let i = 0; i < logs.length; i++) {
      const other = logs[i]!;
      if (other === current || other.events.length <= step.at || !samePrefix(other, current, step.at)) continue;
      step.log = other;
      if (matchesAt(other)) {
        remember(other);
        return true;
      }
      step.log = current;
    }
    branchLog();
    return false;
  }
  interrupt();
  return false;
}

/** The checked step goes on as a new log: what it did so far (the log's first events) is run as
 * written, and logged as it was. */
function branchLog(): void {
  const old = step.log!;
  const tape = step.tape!;
  const count = step.at;
  const inputs = step.inputs.slice();
  const results = step.results.slice();
  const grads = step.grads.slice();
  eagerSteps.active = false;
  runEvents({ log: old, tape, count, inputs, results, grads }, tape._isRecording());
  eagerSteps.active = true;
  // The events so far, with the variables they name (only those: a log that branches from a log
  // that branched keeps no variable of older steps).
  const variables: Variable[] = [];
  const variableRef = (r: Operand): Operand => {
    if (r.ref !== Ref.Variable) return r;
    const v = old.variables[r.value]!;
    const i = variables.indexOf(v);
    return { ref: Ref.Variable, value: i !== -1 ? i : variables.push(v) - 1 };
  };
  const events: StepEvent[] = [];
  for (let i = 0; i < count; i++) {
    const e = old.events[i]!;
    if (e.kind === Kind.Op) {
      events.push({ ...e, operands: e.operands.map(variableRef) });
    } else if (e.kind === Kind.Gradient) {
      events.push({ ...e, sources: e.sources.map((k) => variableRef({ ref: Ref.Variable, value: k }).value) });
    } else events.push(e);
  }
  step.mode = Mode.Logging;
  step.log = { events, variables, inputs: old.inputs.slice(0, inputs.length), results: results.length, grads: grads.length, compiled: null, handles: [], matches: 0, replays: 0 };
  step.known.clear();
  for (let i = 0; i < inputs.length; i++) step.known.set(inputs[i]!, { ref: Ref.Input, value: i });
  for (let i = 0; i < results.length; i++) step.known.set(results[i]!, { ref: Ref.Result, value: i });
  for (let i = 0; i < grads.length; i++) step.known.set(grads[i]!, { ref: Ref.Grad, value: i });
  step.inputs.length = 0;
  step.results.length = 0;
  step.grads.length = 0;
  step.tick = stepTick();
}

/** Whether logs `a` and `b` begin with the same `count` events (the same ops on the same operands;
 * with `byIndex`, on variables at the same index of each log's variables). */
function samePrefix(a: StepLog, b: StepLog, count: number, byIndex = false): boolean {
  for (let i = 0; i < count; i++) if (!sameEvent(a, a.events[i]!, b, b.events[i]!, byIndex)) return false;
  return true;
}

function sameEvent(la: StepLog, a: StepEvent, lb: StepLog, b: StepEvent, byIndex: boolean): boolean {
  switch (a.kind) {
    case Kind.Start:
    case Kind.Exit:
      return b.kind === a.kind;
    case Kind.Op:
      if (b.kind !== Kind.Op || a.entry !== b.entry || a.code !== b.code || a.recorded !== b.recorded || a.dtype !== b.dtype || !sameParams(a.params, b.params) || !sameParams(a.shape, b.shape)) return false;
      if (a.operands.length !== b.operands.length) return false;
      for (let i = 0; i < a.operands.length; i++) if (!sameOperand(la, a.operands[i]!, lb, b.operands[i]!, byIndex)) return false;
      return true;
    case Kind.Gradient:
      if (b.kind !== Kind.Gradient || a.single !== b.single || a.sources.length !== b.sources.length || !sameOperand(la, a.target, lb, b.target, byIndex)) return false;
      for (let i = 0; i < a.sources.length; i++) {
        if (byIndex ? a.sources[i] !== b.sources[i] : la.variables[a.sources[i]!] !== lb.variables[b.sources[i]!]) return false;
      }
      return true;
    case Kind.Apply:
      return false; // (a log's last event)
  }
}

function sameOperand(la: StepLog, a: Operand, lb: StepLog, b: Operand, byIndex: boolean): boolean {
  if (a.ref !== b.ref) return false;
  switch (a.ref) {
    case Ref.Variable:
      return byIndex ? a.value === b.value : la.variables[a.value] === lb.variables[b.value];
    case Ref.Input: {
      const sa = la.inputs[a.value]!, sb = lb.inputs[b.value]!;
      return a.value === b.value && sa.dtype === sb.dtype && sameParams(sa.shape, sb.shape);
    }
    default:
      return Object.is(a.value, b.value);
  }
}

// `diverge` at each kind of event. (Functions of their own: a closure over the hook's arguments in
// the hook's body would make every call of the hook allocate a context for them, matched or not.)
function divergeAtOp(entry: OpEntry, code: number, a: unknown, b: unknown, inputs: readonly Tensor[] | null, params: readonly number[]): boolean {
  return diverge((log) => opMatches(log.events[step.at]!, entry, code, a, b, inputs, params));
}
function divergeAtTapeEvent(kind: Kind.Start | Kind.Exit): boolean {
  return diverge((log) => log.events[step.at]!.kind === kind);
}
function divergeAtGradient(single: boolean, target: unknown, list: unknown): boolean {
  return diverge((log) => gradientMatches(log.events[step.at], single, target, list));
}
function divergeAtApply(optimizer: Optimizer, pairs: unknown): boolean {
  return diverge((log) => applyMatches(log, optimizer, pairs));
}

/** After a tape event: what it made (the tape's own bookkeeping) is not an unseen op. */
function settle(): void {
  step.tick = stepTick();
}

/** `tape.gradient(target, sources)` on the step's tape (no other arguments): pending gradients
 * (Checking, when logged so), the gradients (Logging), or undefined when the caller must take them. */
function gradient(tape: GradientTape, target: unknown, sources: unknown, extra: boolean): Tensor | null | (Tensor | null)[] | undefined {
  if (tape !== step.tape || extra) {
    interrupt();
    return undefined;
  }
  const single = sources instanceof Variable;
  const list = single ? [sources] : sources;
  if (step.mode === Mode.Checking) {
    if (gradientMatches(step.log!.events[step.at], single, target, list) || divergeAtGradient(single, target, list)) {
      const e = step.log!.events[step.at++] as GradientEvent;
      const grads: Tensor[] = [];
      for (let i = 0; i < e.shapes.length; i++) grads.push(pendingTensor(e.shapes[i]!, e.dtypes[i]!));
      for (let i = 0; i < grads.length; i++) step.grads.push(grads[i]!);
      tape._spend();
      step.tick = stepTick();
      return single ? grads[0]! : grads;
    }
    if (interrupted()) return undefined;
  }
  // Logging.
  const log = step.log!;
  const targetRef = target instanceof Tensor ? step.known.get(target) : undefined;
  if (unseen() || recording() !== 0 || targetRef === undefined || targetRef.ref !== Ref.Result || !Array.isArray(list) || list.length === 0) {
    giveUp();
    return undefined;
  }
  const indices: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!(v instanceof Variable) || v._disposed || list.indexOf(v) !== i) {
      giveUp();
      return undefined;
    }
    indices.push(variableIndex(v));
  }
  eagerSteps.active = false;
  let grads: Tensor | null | (Tensor | null)[];
  try {
    grads = tape.gradient(target as Tensor, sources as Variable | Variable[]);
  } catch (e) {
    reset();
    throw e;
  }
  eagerSteps.active = true;
  const flat = single ? [grads as Tensor | null] : (grads as (Tensor | null)[]);
  const shapes: number[][] = [];
  const dtypes: DType[] = [];
  for (let i = 0; i < flat.length; i++) {
    const g = flat[i];
    if (!(g instanceof Tensor) || g._isVar || step.known.has(g) || g.size > MAX_SIZE) {
      giveUp();
      return grads;
    }
    shapes.push(g.shape.slice());
    dtypes.push(g.dtype);
  }
  for (let i = 0; i < flat.length; i++) step.known.set(flat[i]!, { ref: Ref.Grad, value: log.grads++ });
  log.events.push({ kind: Kind.Gradient, target: targetRef, sources: indices, single, shapes, dtypes });
  step.tick = stepTick();
  return grads;
}

/** Whether `e` is the gradient taken now. */
function gradientMatches(e: StepEvent | undefined, single: boolean, target: unknown, list: unknown): boolean {
  return e !== undefined && e.kind === Kind.Gradient && e.single === single && !unseen() && recording() === 0 && operandMatches(e.target, target) && sourcesMatch(e.sources, list);
}

/** `optimizer.applyGradients(pairs)`: the step's end. Checking: the step replayed, returning the
 * optimizer's call count; Logging: the log completed after the eager update; null when the caller
 * must run it itself. */
function apply(optimizer: Optimizer, pairs: unknown): number | null {
  if (step.mode === Mode.Checking) {
    if (applyMatches(step.log!, optimizer, pairs) || divergeAtApply(optimizer, pairs)) return replay(step.log!, optimizer);
    if (interrupted()) return null;
  }
  // Logging.
  const log = step.log!;
  if (unseen() || activeTapes.length !== 0 || !Array.isArray(pairs) || pairs.length === 0) {
    giveUp();
    return null;
  }
  const grads: Operand[] = [];
  const variables: number[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const p: unknown = pairs[i];
    if (!Array.isArray(p) || p.length !== 2 || !(p[0] instanceof Tensor) || !(p[1] instanceof Variable)) {
      giveUp();
      return null;
    }
    const r = step.known.get(p[0]);
    if (r === undefined || (r.ref !== Ref.Result && r.ref !== Ref.Grad)) {
      giveUp();
      return null;
    }
    grads.push(r);
    variables.push(variableIndex(p[1]));
  }
  eagerSteps.active = false;
  let calls: number;
  try {
    calls = optimizer.applyGradients(pairs as [Tensor, Variable][]);
  } catch (e) {
    reset();
    throw e;
  }
  log.events.push({ kind: Kind.Apply, optimizer, grads, variables });
  {
    remember(log);
    // Steps that differ every time (a number computed anew at each step, say) are logged and never
    // replayed: after a few in a row, the pause before the next try grows as for a failure.
    if (++loggedSinceReplay > LOGS) fail();
    else failuresInRow = 0;
  }
  reset();
  return calls;
}

// ---- matching -------------------------------------------------------------------------------

/** Whether `log`'s next event is this update, its last. */
function applyMatches(log: StepLog, optimizer: Optimizer, pairs: unknown): boolean {
  const e = log.events[step.at];
  return e !== undefined && e.kind === Kind.Apply && e.optimizer === optimizer && step.at === log.events.length - 1 && !unseen() && activeTapes.length === 0 && pairsMatch(e, log, pairs);
}

/** Whether the op is the logged op `e` in this step (its new inputs then taken on). */
function opMatches(e: StepEvent, entry: OpEntry, code: number, a: unknown, b: unknown, inputs: readonly Tensor[] | null, params: readonly number[]): boolean {
  if (e.kind !== Kind.Op || e.entry !== entry || e.code !== code || unseen() || e.recorded !== recording() || !sameParams(e.params, params)) return false;
  const refs = e.operands;
  if (refs.length !== operandCount(entry, inputs)) return false;
  const taken = step.inputs.length;
  for (let i = 0; i < refs.length; i++) {
    if (!operandMatches(refs[i]!, operandAt(entry, i, a, b, inputs))) {
      step.inputs.length = taken;
      return false;
    }
  }
  return true;
}

/** Whether an op now is recorded on the step's tape: 0 no tape records, 1 the step's tape alone,
 * 2 another (a customGradient's variable watcher), which no logged op had. */
const recording = (): 0 | 1 | 2 => (activeTapes.length === 0 ? 0 : activeTapes.length === 1 && activeTapes[0] === step.tape ? 1 : 2);

function sameParams(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Whether `v` is what the log's operand `r` was, in this step (a new input is taken on). */
function operandMatches(r: Operand, v: unknown): boolean {
  switch (r.ref) {
    case Ref.Result:
      return v === step.results[r.value];
    case Ref.Grad:
      return v === step.grads[r.value];
    case Ref.Variable:
      return v === step.log!.variables[r.value] && !(v as Variable)._disposed;
    case Ref.Number:
      return typeof v === 'number' && Object.is(v, r.value);
    case Ref.Boolean:
      return typeof v === 'boolean' && v === (r.value === 1);
    case Ref.Input: {
      if (!(v instanceof Tensor) || v._isVar || v._pending || v._disposed) return false;
      const inputs = step.inputs;
      if (r.value < inputs.length) return inputs[r.value] === v;
      if (r.value !== inputs.length || inputs.indexOf(v) !== -1) return false;
      const spec = step.log!.inputs[r.value]!;
      if (v.dtype !== spec.dtype || v.shape.length !== spec.shape.length) return false;
      for (let i = 0; i < spec.shape.length; i++) if (v.shape[i] !== spec.shape[i]) return false;
      inputs.push(v);
      return true;
    }
  }
}

function sourcesMatch(indices: readonly number[], list: unknown): boolean {
  if (!Array.isArray(list) || list.length !== indices.length) return false;
  const variables = step.log!.variables;
  for (let i = 0; i < indices.length; i++) if (list[i] !== variables[indices[i]!] || (list[i] as Variable)._disposed) return false;
  return true;
}

function pairsMatch(e: ApplyEvent, log: StepLog, pairs: unknown): boolean {
  if (!Array.isArray(pairs) || pairs.length !== e.grads.length) return false;
  for (let i = 0; i < pairs.length; i++) {
    const p: unknown = pairs[i];
    if (!Array.isArray(p) || p.length !== 2 || !operandMatches(e.grads[i]!, p[0]) || p[1] !== log.variables[e.variables[i]!]) return false;
  }
  return true;
}

// ---- logging ---------------------------------------------------------------------------------

/** The operand as the log will know it, or null when it cannot be logged (arrays, typed arrays,
 * a tensor of this step the log did not see made). Inputs get their index in commitRefs. */
function refOf(v: unknown): Operand | null {
  if (typeof v === 'number') return { ref: Ref.Number, value: v };
  if (typeof v === 'boolean') return { ref: Ref.Boolean, value: v ? 1 : 0 };
  if (v instanceof Variable) return v._disposed ? null : { ref: Ref.Variable, value: -1 };
  if (!(v instanceof Tensor) || v._disposed) return null;
  return step.known.get(v) ?? { ref: Ref.Input, value: -1 };
}

/** Gives the new inputs and variables among an op's operands their indices. */
function commitRefs(operands: readonly unknown[], refs: Operand[]): void {
  const log = step.log!;
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i]!;
    if (r.value !== -1) continue;
    const v = operands[i] as Tensor;
    if (r.ref === Ref.Variable) r.value = variableIndex(v as Variable);
    else if (r.ref === Ref.Input) {
      const known = step.known.get(v);
      if (known !== undefined) refs[i] = known; // (the same new input twice in one op)
      else {
        r.value = log.inputs.length;
        log.inputs.push({ shape: v.shape.slice(), dtype: v.dtype });
        step.known.set(v, r);
      }
    }
  }
}

function variableIndex(v: Variable): number {
  const variables = step.log!.variables;
  const i = variables.indexOf(v);
  if (i !== -1) return i;
  variables.push(v);
  return variables.length - 1;
}

/** Whether `result` is a tensor made by the op (not an operand, a variable or one the log knows). */
function fresh(result: Tensor, operands: readonly unknown[]): boolean {
  return !result._isVar && !step.known.has(result) && operands.indexOf(result) === -1;
}

/** Runs an op through its entry point with the hooks off. */
function runNow(entry: OpEntry, code: number, operands: readonly unknown[], params: readonly number[]): Tensor {
  const active = eagerSteps.active;
  eagerSteps.active = false;
  try {
    return opThrough(entry, code, operands, params);
  } finally {
    eagerSteps.active = active && step.mode !== Mode.Off;
  }
}

function opThrough(entry: OpEntry, code: number, operands: readonly unknown[], params: readonly number[]): Tensor {
  switch (entry) {
    case OpEntry.Call:
      return callOp(code, operands as Tensor[], params);
    case OpEntry.Unary:
      return unaryOp(code, operands[0] as Tensor);
    case OpEntry.Binary:
      return binaryOp(code, operands[0] as Tensor, operands[1] as Tensor);
    case OpEntry.Number:
      return numberOperand(code, operands[0] as Tensor, operands[1] as number, params[0]!);
  }
}

// ---- running ---------------------------------------------------------------------------------

/** The operands of a logged op, in this step (Checking) or in the compiled step (`results`, `grads`, `inputs`). */
function resolve(r: Operand, log: StepLog, inputs: readonly Tensor[], results: readonly Tensor[], grads: readonly Tensor[]): unknown {
  switch (r.ref) {
    case Ref.Input:
      return inputs[r.value];
    case Ref.Result:
      return results[r.value];
    case Ref.Grad:
      return grads[r.value];
    case Ref.Variable:
      return log.variables[r.value];
    case Ref.Number:
      return r.value;
    case Ref.Boolean:
      return r.value === 1;
  }
}

/** Runs a logged op on its operands in this step (Checking) or in the compiled step. */
function runOp(e: OpEvent, log: StepLog, inputs: readonly Tensor[], results: readonly Tensor[], grads: readonly Tensor[]): Tensor {
  return opThrough(e.entry, e.code, e.operands.map((r) => resolve(r, log, inputs, results, grads)), e.params);
}

/** Takes a logged gradient on `tape`: the gradients, one per source. */
function takeGradient(e: GradientEvent, tape: GradientTape, log: StepLog, inputs: readonly Tensor[], results: readonly Tensor[], grads: readonly Tensor[]): Tensor[] {
  const target = resolve(e.target, log, inputs, results, grads) as Tensor;
  const sources = e.sources.map((i) => log.variables[i]!);
  const g = tape.gradient(target, e.single ? sources[0]! : sources) as Tensor | Tensor[];
  return e.single ? [g as Tensor] : (g as Tensor[]);
}

/** The logged step as a function of its inputs, returning every op result and gradient, compiled:
 * the compiled step of a log of the same step on other variables (a fresh model) and optimizer
 * rebound to this one's when there is one (no trace), else traced on its first call. */
function compiledStep(log: StepLog): (...inputs: Tensor[]) => Tensor[] {
  const run = stepFunction(log);
  for (let i = 0; i < logs.length; i++) {
    const donor = logs[i]!;
    if (donor === log || donor.compiled === null || donor.replays === 0 || !sameStepElsewhere(donor, log)) continue;
    const variables = donor.variables.map((from, k) => ({ from, handle: donor.handles[k]!, to: log.variables[k]! }));
    const optimizers = new Map([[lastEvent(donor).optimizer, lastEvent(log).optimizer] as const]);
    const rebound = rebindFunction(donor.compiled, run, STEP_NAME, variables, optimizers);
    if (rebound !== null) return rebound;
  }
  // (Interpreted, not generated: each generated module stays installed for the process's life, at
  // most 1,024 of them, which compiled functions should have; an implicit step gains ~5% from one.)
  return compileFunction(run, { name: STEP_NAME }, false);
}

const STEP_NAME = 'eager training step';

/** A complete log's update. */
const lastEvent = (log: StepLog): ApplyEvent => log.events[log.events.length - 1] as ApplyEvent;

/**
 * Whether complete logs `a` and `b` are the same step on variables of the same shapes and dtypes
 * (none with a constraint, which is the user's code) at the same places, and optimizers of one
 * class and configuration (but the name and learning rate, which each call brings): then a
 * program traced for `a` replays `b` with `b`'s variables and optimizer in their places.
 */
function sameStepElsewhere(a: StepLog, b: StepLog): boolean {
  if (a.events.length !== b.events.length || a.variables.length !== b.variables.length || a.inputs.length !== b.inputs.length) return false;
  for (let i = 0; i < a.variables.length; i++) {
    const va = a.variables[i]!, vb = b.variables[i]!;
    if (va.dtype !== vb.dtype || !sameParams(va.shape, vb.shape) || va.constraint !== null || vb.constraint !== null) return false;
  }
  if (!samePrefix(a, b, a.events.length - 1, true)) return false;
  const ea = lastEvent(a), eb = lastEvent(b);
  if (eb.kind !== Kind.Apply || !sameParams(ea.variables, eb.variables) || ea.grads.length !== eb.grads.length) return false;
  for (let i = 0; i < ea.grads.length; i++) if (!sameOperand(a, ea.grads[i]!, b, eb.grads[i]!, true)) return false;
  return sameOptimizerKind(ea.optimizer, eb.optimizer);
}

/** Same class and configuration but the name and learning rate; every other value a number, a
 * boolean, a string or null (anything else, such as a schedule, is not compared: false). */
function sameOptimizerKind(a: Optimizer, b: Optimizer): boolean {
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ca = a.getConfig(), cb = b.getConfig();
  const keys = Object.keys(ca);
  if (keys.length !== Object.keys(cb).length) return false;
  for (const key of keys) {
    if (key === 'name' || key === 'learningRate') continue;
    const x = ca[key], y = cb[key];
    if ((x !== null && typeof x === 'object') || typeof x === 'function' || !Object.is(x, y)) return false;
  }
  return true;
}

/** The logged step as a function of its inputs, returning every op result and gradient. */
function stepFunction(log: StepLog): (...inputs: Tensor[]) => Tensor[] {
  return (...inputs: Tensor[]): Tensor[] => {
    const tape = new GradientTape();
    const results: Tensor[] = [];
    const grads: Tensor[] = [];
    for (const e of log.events) {
      switch (e.kind) {
        case Kind.Start:
          tape.enter();
          break;
        case Kind.Exit:
          tape.exit();
          break;
        case Kind.Op:
          results.push(runOp(e, log, inputs, results, grads));
          break;
        case Kind.Gradient:
          grads.push(...takeGradient(e, tape, log, inputs, results, grads));
          break;
        case Kind.Apply:
          e.optimizer.applyGradients(e.grads.map((r, i) => [resolve(r, log, inputs, results, grads) as Tensor, log.variables[e.variables[i]!]!] as const));
          break;
      }
    }
    return [...results, ...grads];
  };
}

/** A step's pending state, taken out of `step` when it runs. */
interface Pending {
  log: StepLog;
  tape: GradientTape;
  /** The events that happened (all pending). */
  count: number;
  inputs: Tensor[];
  results: Tensor[];
  grads: Tensor[];
}

/** Takes the step's pending state and ends the step (the hooks are off from here). */
function takePending(): Pending {
  // (The step's lists are handed over, not copied; the next step starts new ones.)
  const pending = { log: step.log!, tape: step.tape!, count: step.at, inputs: step.inputs, results: step.results, grads: step.grads };
  step.inputs = [];
  step.results = [];
  step.grads = [];
  reset();
  return pending;
}

/** The pending tensors of the step being replayed, for `takeOutputs`. */
let replayed: Tensor[] = [];
/** A replay's outputs, taken by the pending tensors (see outputSink). */
const takeOutputs = (scratch: Float64Array): null => {
  fulfilFromPairs(replayed, scratch);
  return null;
};
/** A compiled step is running: a tape its function makes (when it runs as written) begins no step. */
let replaying = false;

/** Runs the checked step as one compiled call and gives the pending tensors their data; null,
 * after the pending ops ran as written (the caller then runs the update), the first time the log
 * matched or if the call failed. */
function replay(log: StepLog, optimizer: Optimizer): number | null {
  if (log.compiled === null) {
    // A step that has come round once may be chance (a loop through more steps than the logs
    // kept, such as SGD over samples given as numbers, meets one again after a pause), and its
    // trace would cost a hundred steps: it runs as written, and the log is compiled when its
    // step comes round again.
    if (log.matches++ === 0) {
      runEvents(takePending(), false);
      return null;
    }
    log.compiled = compiledStep(log);
    log.handles = log.variables.map((v) => v._h);
  }
  const compiled = log.compiled;
  const pending = takePending();
  // (Copied by hand: `concat`, a builtin call, cost a small step more.)
  const { results, grads } = pending;
  const all = new Array<Tensor>(results.length + grads.length);
  for (let i = 0; i < results.length; i++) all[i] = results[i]!;
  for (let i = 0; i < grads.length; i++) all[results.length + i] = grads[i]!;
  replayed = all;
  outputSink.next = takeOutputs;
  replaying = true;
  let made: Tensor[] | null;
  try {
    made = compiled(...pending.inputs) as Tensor[] | null; // (null: a replay, whose outputs the sink took)
  } catch {
    // As written instead: the same error, if any, comes from the eager update.
    outputSink.next = null;
    forget(log);
    fail();
    runEvents(pending, false);
    return null;
  } finally {
    replaying = false;
    replayed = [];
  }
  if (made !== null) for (let i = 0; i < all.length; i++) fulfil(all[i]!, made[i]!);
  log.replays++;
  failuresInRow = 0;
  loggedSinceReplay = 0;
  return optimizer._calls();
}

/** Runs the pending ops (and gradient) of the step as written, on the step's tape, in order; the
 * program then goes on eagerly. */
function runPending(): void {
  const wasRecording = step.tape!._isRecording();
  const pending = takePending();
  if (pending.log.replays === 0) {
    // (It never replayed: the next such step is logged afresh, after a pause.)
    forget(pending.log);
    fail();
  }
  runEvents(pending, wasRecording);
}

/** Runs a step's pending events as written and leaves its tape recording or not. */
function runEvents(pending: Pending, recordingAfter: boolean): void {
  const { log, tape, inputs, results, grads } = pending;
  tape._makeLive(); // (a recording tape of a checked step has no wasm tape yet: see tapeEvent)
  // The ops ran with the step's tape alone recording, or none: a customGradient's variable watcher
  // active now steps aside, so that it does not see the variables they read.
  const watchers = activeTapes.splice(activeTapes.indexOf(tape) + 1);
  const setRecording = (on: boolean): void => {
    if (on === tape._isRecording()) return;
    if (on) tape.enter();
    else tape.exit();
  };
  // What later events read: each pending tensor given its data, or, for one the program disposed
  // meanwhile (a temporary of a tf.tidy whose reader was called before it ended), the op's own
  // result in its place until the events are done, as the tensor was when its reader was called.
  const readResults: Tensor[] = [];
  const readGrads: Tensor[] = [];
  const standIns: Tensor[] = [];
  const take = (t: Tensor, made: Tensor, read: Tensor[]): void => {
    if (t._disposed) {
      t._pending = false;
      standIns.push(made);
      read.push(made);
    } else {
      fulfil(t, made);
      read.push(t);
    }
  };
  try {
    let done = 0;
    let gradsDone = 0;
    for (let k = 0; k < pending.count; k++) {
      const e = log.events[k]!;
      if (e.kind === Kind.Op) {
        setRecording(e.recorded === 1);
        take(results[done++]!, runOp(e, log, inputs, readResults, readGrads), readResults);
      } else if (e.kind === Kind.Gradient) {
        setRecording(false);
        tape._unspend();
        const made = takeGradient(e, tape, log, inputs, readResults, readGrads);
        for (let i = 0; i < made.length; i++) take(grads[gradsDone++]!, made[i]!, readGrads);
      }
    }
  } finally {
    for (let i = 0; i < standIns.length; i++) standIns[i]!.dispose();
    setRecording(recordingAfter);
    for (let i = 0; i < watchers.length; i++) activeTapes.push(watchers[i]!);
  }
}

eagerSteps.tapeMade = tapeMade;
eagerSteps.tapeEvent = tapeEvent;
eagerSteps.settle = settle;
eagerSteps.op = op;
eagerSteps.gradient = gradient;
eagerSteps.apply = apply;
eagerSteps.interrupt = interrupt;
eagerSteps.disposing = disposing;
eagerSteps.restart = restart;
