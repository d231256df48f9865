// An optimizer's state as Keras 3 keeps it in a weights file: the datasets `optimizer/vars/0`,
// `1`, ... are the optimizer's `variables` in order (keras/src/optimizers/base_optimizer.py
// `save_own_variables` / `load_own_variables`), as Keras 3.15.1 makes them:
//   iteration (int32 scalar, the calls so far), learning_rate (float32 scalar; none when the rate
//   is a schedule or a function), then, per build call (`add_optimizer_variables`) in order, a
//   slot of each trainable variable in the order the optimizer was built on them (several slots
//   made by one call interleaved per variable: Adam's momentum and velocity of the kernel, then of
//   the bias): the moving averages (use_ema), the gradient accumulators
//   (gradient_accumulation_steps), the optimizer's own slots, then its scalars beside the slots
//   (Nadam's u_product). An unbuilt optimizer has iteration and learning_rate only.
// gradtape keeps the same state per variable (Optimizer._checkpointState: its own slots in its
// update rule's order, which is Keras' order within a call, then the average and the
// accumulator); this is the permutation between the two.

import type { Hdf5DatasetSource } from '../io/hdf5-writer';
import { LossScaleOptimizer } from '../loss-scale-optimizer';
import type { Optimizer, OptimizerCheckpoint } from '../optimizers';
import type { Variable } from '../variable';

type HostArray = OptimizerCheckpoint['variables'][number]['slots'][number]['values'];

/** A value of the file: its shape and values (what an HDF5 dataset holds). */
export interface StateValue {
  shape: readonly number[];
  data: Float32Array | Float64Array | Int32Array;
}

/** Keras' calls making the optimizer's own slots: each a list of the slot indices it makes
 * (Adam's momentum and velocity together, then its amsgrad velocity_hat; RMSprop's velocity,
 * momentum and average_gradient each alone; the others all at once). */
function ownSlotCalls(optimizer: Optimizer, count: number): number[][] {
  const all = Array.from({ length: count }, (_, i) => i);
  const name = optimizer.constructor.name;
  if (name === 'RMSprop') return all.map((i) => [i]);
  if (name === 'Adam' || name === 'AdamW') return [all.slice(0, 2), ...all.slice(2).map((i) => [i])];
  return [all];
}

/** Where each of Keras' per-variable slots is among gradtape's per-variable slots, in Keras' order:
 * `[slot index, variable index]`, for `variables` of `slotCount` slots each. A slot Keras does not
 * make (Muon's velocity of a matrix it orthogonalises) is left out. */
function kerasSlotOrder(optimizer: Optimizer, slotCount: number, variables: readonly Variable[]): [number, number][] {
  const variableCount = variables.length;
  const base = (optimizer.useEma ? 1 : 0) + (optimizer.gradientAccumulationSteps !== null ? 1 : 0);
  const own = slotCount - base;
  // The base optimizer's build (average, then accumulator) comes first, one call each.
  const calls = [...Array.from({ length: base }, (_, i) => [own + i]), ...ownSlotCalls(optimizer, own)];
  const order: [number, number][] = [];
  for (const call of calls) for (let v = 0; v < variableCount; v++) for (const slot of call) order.push([slot, v]);
  return order.filter(([slot, v]) => slot >= own || optimizer._kerasHasSlot(variables[v]!, slot));
}

/** Adafactor's row and column slots of a variable of rank below 2 are, in Keras, int32 zeros
 * of shape [] it never uses (gradtape's are unused too). */
const isUnusedFactor = (optimizer: Optimizer, variable: Variable, slot: number): boolean =>
  optimizer.constructor.name === 'Adafactor' && variable.shape.length < 2 && slot < 2;

const asStateData = (values: HostArray): StateValue['data'] =>
  values instanceof Float32Array || values instanceof Float64Array || values instanceof Int32Array ? values : Float32Array.from(values as ArrayLike<number>);

/** The optimizer's `variables` as Keras 3 lists them, values for `optimizer/vars/<i>`. */
export function kerasOptimizerValues(optimizer: Optimizer): StateValue[] {
  if (optimizer instanceof LossScaleOptimizer) return lossScaleValues(optimizer);
  const state = optimizer._checkpointState();
  const out: StateValue[] = [{ shape: [], data: Int32Array.of(state.rawIterations) }];
  if (state.learningRate !== null) out.push({ shape: [], data: Float32Array.of(state.learningRate) });
  const variables = state.variables;
  if (variables.length === 0) return out; // not built yet: as Keras, no slots and no scalars beside them
  for (const [slot, v] of kerasSlotOrder(optimizer, variables[0]!.slots.length, variables.map((entry) => entry.variable))) {
    const { variable, slots } = variables[v]!;
    out.push(isUnusedFactor(optimizer, variable, slot) ? { shape: [], data: Int32Array.of(0) } : { shape: slots[slot]!.shape, data: asStateData(slots[slot]!.values) });
  }
  for (const value of state.extra) out.push({ shape: [], data: Float32Array.of(value) });
  return out;
}

/** The optimizer's values as HDF5 datasets named '0', '1', ... */
export function kerasOptimizerDatasets(optimizer: Optimizer): Map<string, Hdf5DatasetSource> {
  return new Map(kerasOptimizerValues(optimizer).map(({ shape, data }, i) => [String(i), { kind: 'dataset', shape, data }]));
}

/** What `restoreKerasOptimizer` reads: a value's shape and its numbers. */
export interface SavedValue {
  shape: readonly number[];
  read(): ArrayLike<number>;
}

/**
 * Restores the state Keras keeps (`values`, the file's `optimizer/vars/<i>` in order) into
 * `optimizer`, built on `variables` (the model's trainable variables, as Keras builds it when it
 * compiles a loaded model). A file of an unbuilt optimizer (iteration and learning rate only) sets
 * those. `asBuilt` (Keras' load_weights, `variables` those the optimizer is built on, none when it
 * is not): the file must have exactly the optimizer's variables, built or not, as Keras'
 * `load_own_variables` asks. Returns null when done, else why the values do not fit (Keras then
 * warns and skips them).
 */
export function restoreKerasOptimizer(optimizer: Optimizer, variables: readonly Variable[], values: readonly SavedValue[], asBuilt = false): string | null {
  if (optimizer instanceof LossScaleOptimizer) return restoreLossScale(optimizer, variables, values, asBuilt);
  const fresh = optimizer._checkpointState();
  const hasRate = fresh.learningRate !== null;
  const head = hasRate ? 2 : 1;
  const slotCount = variables.length === 0 ? 0 : optimizer._slotShapes(variables[0]!).length;
  const order = kerasSlotOrder(optimizer, slotCount, variables);
  const built = head + order.length + fresh.extra.length;
  const has = asBuilt && variables.length === 0 ? head : built;
  if (asBuilt ? values.length !== has : values.length !== head && values.length !== built) {
    return `Skipping variable loading for optimizer '${optimizer.name}', because it has ${has} variables whereas the saved optimizer has ${values.length} variables.`;
  }
  // The scalars (iteration, learning rate, the scalars beside the slots), checked to be numbers.
  const scalars = [0, ...(hasRate ? [1] : []), ...(values.length === built ? fresh.extra.map((_, k) => head + order.length + k) : [])];
  const scalar = new Map<number, number>();
  for (const i of scalars) {
    const data = values[i]!.shape.length === 0 ? values[i]!.read() : [];
    const value = data.length === 1 ? Number(data[0]) : NaN;
    if (!Number.isFinite(value) || (i === 0 && !(Number.isInteger(value) && value >= 0))) {
      return `Skipping variable loading for optimizer '${optimizer.name}': its value ${i} should be ${i === 0 ? 'a count of iterations' : 'a number'} of shape [], not one of shape [${values[i]!.shape.join(', ')}].`;
    }
    scalar.set(i, value);
  }
  const state: Omit<OptimizerCheckpoint, 'className'> = {
    rawIterations: scalar.get(0)!,
    extra: fresh.extra.slice(),
    learningRate: hasRate ? scalar.get(1)! : null,
    variables: [],
  };
  if (values.length === built && variables.length > 0) {
    // (Slots Keras does not keep start at zero.)
    const slots: { shape: number[]; values: HostArray }[][] = variables.map((v) =>
      optimizer._slotShapes(v).map((shape) => ({ shape, values: new (v.dtype === 'float64' ? Float64Array : Float32Array)(shape.reduce((a, b) => a * b, 1)) })),
    );
    let i = head;
    for (const [slot, v] of order) {
      const variable = variables[v]!;
      const value = values[i++]!;
      const expected = slots[v]![slot]!.shape;
      const Ctor = variable.dtype === 'float64' ? Float64Array : Float32Array;
      if (isUnusedFactor(optimizer, variable, slot)) {
        slots[v]![slot]!.values = new Ctor(expected.reduce((a, b) => a * b, 1));
        continue;
      }
      const data = value.read();
      if (value.shape.length !== expected.length || value.shape.some((d, k) => d !== expected[k]) || data.length !== expected.reduce((a, b) => a * b, 1)) {
        return `Skipping variable loading for optimizer '${optimizer.name}': its value ${i - 1} has shape [${value.shape.join(', ')}] where variable '${variable.name}''s slot needs [${expected.join(', ')}].`;
      }
      slots[v]![slot]!.values = Ctor.from(data);
    }
    state.extra = fresh.extra.map((_, k) => scalar.get(i + k)!);
    state.variables = variables.map((variable, v) => ({ variable, slots: slots[v]! }));
  }
  optimizer._restoreCheckpoint(state);
  return null;
}

/** A LossScaleOptimizer's `variables` as Keras lists them: its own iteration (never advanced)
 * and learning rate (0), once built its step counter and dynamic scale, then the inner
 * optimizer's. */
function lossScaleValues(optimizer: LossScaleOptimizer): StateValue[] {
  const own: StateValue[] = [{ shape: [], data: Int32Array.of(0) }, { shape: [], data: Float32Array.of(0) }];
  const inner = kerasOptimizerValues(optimizer.innerOptimizer);
  if (optimizer._builtOn().length === 0) return [...own, ...inner];
  const scalars: StateValue[] = [
    { shape: [], data: Int32Array.of(optimizer.stepCounter.item()) },
    { shape: [], data: Float32Array.of(optimizer.dynamicScale.item()) },
  ];
  return [...own, ...scalars, ...inner];
}

/** Restores `lossScaleValues`' layout: the inner optimizer's values, then the counter and scale. */
function restoreLossScale(optimizer: LossScaleOptimizer, variables: readonly Variable[], values: readonly SavedValue[], asBuilt: boolean): string | null {
  const inner = optimizer.innerOptimizer;
  const innerHead = inner._checkpointState().learningRate !== null ? 2 : 1;
  // An unbuilt optimizer's file has its two scalars and the inner optimizer's unbuilt ones.
  if (values.length === 2 + innerHead) return restoreKerasOptimizer(inner, variables, values.slice(2), asBuilt);
  const scalar = (i: number): number => {
    const data = values[i] !== undefined && values[i]!.shape.length === 0 ? values[i]!.read() : [];
    return data.length === 1 ? Number(data[0]) : NaN;
  };
  const [counter, scale] = [scalar(2), scalar(3)];
  if (!Number.isInteger(counter) || counter < 0 || !Number.isFinite(scale)) {
    return `Skipping variable loading for optimizer '${optimizer.name}': its values 2 and 3 should be its step counter and dynamic scale, numbers of shape [].`;
  }
  const why = restoreKerasOptimizer(inner, variables, values.slice(4), asBuilt);
  if (why !== null) return why;
  optimizer.stepCounter.assign(counter);
  optimizer.dynamicScale.assign(Math.fround(scale));
  return null;
}
