// The graph of a functional model (keras/src/models/functional.py, keras/src/ops/function.py):
// the layer calls recorded between a model's input KerasTensors and its outputs, found by walking
// back from the outputs (Keras' _build_map), checked to be computable from the inputs alone, and
// replayed in topological order on real tensors (Keras' _run_through_graph). A layer called twice
// (shared) has two nodes and one set of weights.

import { describe } from '../describe';
import { InputLayer } from '../layers/input-layer';
import { KerasTensor, type Node, isKerasTensor, mapOptionTensors } from '../layers/keras-tensor';
import { Layer, type LayerMask, type LayerTensors } from '../layers/layer';
import { type Nest, flatten, isStructure, mapNest, sortedKeys } from '../layers/nest';
import { expandDims, squeeze } from '../shape';
import { Tensor, kerasMasks } from '../tensor';

const isTensor = (value: unknown): value is Tensor => value instanceof Tensor;

/** The layer of a node (nodes are made by layers only). */
const layerOf = (node: Node): Layer => node.operation as Layer;

/** `inputs` or `outputs` of a functional model checked: KerasTensors, alone, in an array or in an object. */
function checkSymbolic(value: unknown, op: string, name: 'inputs' | 'outputs'): Nest<KerasTensor> {
  const structured = Array.isArray(value) || (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype);
  const flat: unknown[] = value instanceof KerasTensor ? [value] : structured ? flatten(value as Nest<unknown>, (v): v is never => false) : [value];
  if (flat.length === 0) throw new Error(`${op}: \`${name}\` must hold at least one KerasTensor, got ${describe(value)}.`);
  const bad = flat.find((v) => !(v instanceof KerasTensor));
  if (bad !== undefined) {
    throw new Error(`${op}: All \`${name}\` values must be KerasTensors (from tf.keras.Input, or a layer called on one). Received: ${name}=${describe(value)} including invalid value ${describe(bad)}.`);
  }
  return value as Nest<KerasTensor>;
}

/**
 * The recorded calls from a functional model's inputs to its outputs: the nodes in an order that
 * runs each after the calls it depends on, the layers in Keras' order (by depth from the outputs,
 * the inputs first), and whether the graph is a chain (its summary then has no "Connected to").
 */
export class FunctionalGraph {
  /** The inputs as given (a KerasTensor, an array or an object of them). */
  readonly inputs: Nest<KerasTensor>;
  /** The outputs as given. */
  readonly outputs: Nest<KerasTensor>;
  /** The inputs in flattening order. */
  readonly flatInputs: readonly KerasTensor[];
  /** The outputs in flattening order. */
  readonly flatOutputs: readonly KerasTensor[];
  /** The nodes the model runs, each after those it takes outputs from (input nodes left out). */
  readonly nodes: readonly Node[];
  /** Every node of the graph, input nodes included (for "Connected to": a layer's calls elsewhere are not listed). */
  readonly nodeSet: ReadonlySet<Node>;
  /** The layers, the InputLayers first, in Keras' order (decreasing depth, then order of discovery from the outputs). */
  readonly layers: readonly Layer[];
  /** Whether every node takes one tensor and no layer is called twice (Keras prints such a model's summary without "Connected to"). */
  readonly sequentialLike: boolean;

  constructor(inputs: unknown, outputs: unknown, op: string) {
    this.inputs = checkSymbolic(inputs, op, 'inputs');
    this.outputs = checkSymbolic(outputs, op, 'outputs');
    this.flatInputs = flatten(this.inputs, isKerasTensor);
    this.flatOutputs = flatten(this.outputs, isKerasTensor);
    const inputSet = new Set(this.flatInputs);

    // Keras' _build_map: depth-first from each output; a node is appended once all the nodes it
    // takes outputs from are, and a layer is numbered when first met.
    const finished = new Set<Node>();
    const inProgress = new Set<Node>();
    const ordered: Node[] = [];
    const layerIndex = new Map<Layer, number>();
    const visit = (tensor: KerasTensor): void => {
      const history = tensor._history;
      if (history === null) throw new Error(`${op}: ${String(tensor)} was not made by a layer call or tf.keras.Input.`);
      const node = history.node;
      if (finished.has(node)) return;
      if (inProgress.has(node)) throw new Error(`${op}: Tensor ${String(tensor)} from operation '${node.operation.name}' is part of a cycle.`);
      const layer = layerOf(node);
      if (!layerIndex.has(layer)) layerIndex.set(layer, layerIndex.size);
      inProgress.add(node);
      if (!node.isInput && !inputSet.has(tensor)) for (const t of node.inputTensors) visit(t);
      finished.add(node);
      inProgress.delete(node);
      ordered.push(node);
    };
    for (const output of this.flatOutputs) visit(output);

    // Keras' map_graph: a node's depth is one more than the deepest node taking its outputs; a
    // layer's is its deepest node's.
    const nodeDepth = new Map<Node, number>();
    const layerDepth = new Map<Layer, number>();
    for (const node of [...ordered].reverse()) {
      const layer = layerOf(node);
      const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(layer) ?? 0);
      layerDepth.set(layer, depth);
      nodeDepth.set(node, depth);
      for (const parent of node.parentNodes) nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
    }
    // Inputs that no output depends on are still the model's (depth 0, listed first among them).
    for (const input of this.flatInputs) {
      const node = input._history!.node;
      const layer = layerOf(node);
      if (!layerDepth.has(layer)) {
        layerDepth.set(layer, 0);
        layerIndex.set(layer, -1);
        nodeDepth.set(node, 0);
        ordered.unshift(node);
      }
    }
    this.layers = [...layerDepth.keys()].sort((a, b) => layerDepth.get(b)! - layerDepth.get(a)! || layerIndex.get(a)! - layerIndex.get(b)!);

    // Every node's inputs must come from the model's inputs (Keras' "Graph disconnected").
    const computable = new Set<KerasTensor>(this.flatInputs);
    const accessed: string[] = [];
    const nodes: Node[] = [];
    for (const node of ordered) {
      if (node.isInput || node.outputs.every((t) => inputSet.has(t))) continue;
      for (const x of node.inputTensors) {
        if (!computable.has(x)) {
          throw new Error(`${op}: Graph disconnected: cannot find parent for tensor ${String(x)} at operation '${String(layerOf(node))}'. The following previous operations were accessed without issue: [${accessed.map((n) => `'${n}'`).join(', ')}]`);
        }
      }
      for (const t of node.outputs) computable.add(t);
      accessed.push(node.operation.name);
      nodes.push(node);
    }
    this.nodes = nodes;
    this.nodeSet = new Set(ordered);

    const names = this.layers.map((l) => l.name);
    for (const name of names) {
      const count = names.filter((n) => n === name).length;
      if (count !== 1) throw new Error(`${op}: The name "${name}" is used ${count} times in the model. All operation names should be unique.`);
    }
    // Keras' print_summary test: one node per depth, each taking one tensor, no layer called twice.
    const perDepth = new Map<number, Node[]>();
    for (const node of ordered) perDepth.set(nodeDepth.get(node)!, [...(perDepth.get(nodeDepth.get(node)!) ?? []), node]);
    const chain = [...perDepth.values()].every((list) => list.length === 1 && list[0]!.inputTensors.length <= 1);
    this.sequentialLike = chain && this.layers.every((l) => l._inboundNodes.filter((n) => this.nodeSet.has(n)).length <= 1);
  }

  /** The real inputs in flattening order, checked against the model's input structure. */
  private flatValues(inputs: LayerTensors, op: string): Tensor[] {
    const expected = this.inputs;
    if (expected instanceof KerasTensor) {
      if (!(inputs instanceof Tensor)) throw new Error(`${op}: the model takes one input tensor, got ${describe(inputs)}.`);
      return [inputs];
    }
    if (Array.isArray(expected)) {
      if (!Array.isArray(inputs) || inputs.length !== expected.length) {
        throw new Error(`${op}: the model takes an array of ${expected.length} input tensors, got ${describe(inputs)}.`);
      }
      return (inputs as readonly Tensor[]).slice();
    }
    const keys = sortedKeys(expected);
    if (!isStructure(inputs, isTensor) || Array.isArray(inputs)) throw new Error(`${op}: the model takes an object of input tensors with keys ${keys.join(', ')}, got ${describe(inputs)}.`);
    const object = inputs as { readonly [name: string]: Tensor };
    const missing = keys.filter((k) => !(object[k] instanceof Tensor));
    if (missing.length > 0) throw new Error(`${op}: the model's input object lacks the tensors ${missing.join(', ')}.`);
    return keys.map((k) => object[k]!);
  }

  /**
   * The outputs for real `inputs` (structured as the model's inputs): each recorded call run on
   * the real tensors its KerasTensors stand for, with the model call's `training` unless it is null
   * (Keras' Functional.call passes a mode only when it has one), else the call's recorded
   * `training` (the layer's default recorded when none was given: Dropout's false, RandomFlip's
   * true), else none, the layer resolving its own.
   */
  run(inputs: LayerTensors, training: boolean | null, op: string, mask: LayerMask | null = null): LayerTensors {
    // Keras converts each input to its Input's dtype (int32 token ids given as floats).
    const flat = this.flatValues(inputs, op).map((x, i) => {
      const origin = this.flatInputs[i]?._history?.node.operation;
      return origin instanceof InputLayer ? origin.toInputDtype(x) : x;
    });
    // Keras' Functional.call: a mask given to the model call is attached to its inputs, where the
    // first layers find it.
    if (mask !== null) {
      const masks = mask instanceof Tensor ? [mask] : flatten(mask, (v): v is Tensor | null => v === null || v instanceof Tensor);
      flat.forEach((x, i) => {
        const m = masks[i];
        if (m !== undefined && m !== null) kerasMasks.set(x, m);
      });
    }
    const values = new Map<KerasTensor, Tensor>();
    this.flatInputs.forEach((k, i) => {
      const expected = k.shape;
      const x = adjustInputRank(flat[i]!, expected);
      if (x.rank !== expected.length || expected.some((d, j) => d !== null && d !== x.shape[j])) {
        const text = (s: readonly (number | null)[]): string => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`;
        throw new Error(`${op}: Input ${i} of layer "${k.name}" is incompatible with the layer: expected shape=${text(expected)}, found shape=${text(x.shape)}`);
      }
      values.set(k, x);
    });
    for (const node of this.nodes) {
      const args = mapNest(node.inputs!, isKerasTensor, (t) => values.get(t)!);
      const options = mapOptionTensors(node.callOptions, (t) => values.get(t)!);
      const out: LayerTensors = layerOf(node).apply(args, { ...options, training: training ?? node.callOptions.training });
      flatten(out, isTensor).forEach((t, i) => values.set(node.outputs[i]!, t));
    }
    return mapNest(this.outputs, isKerasTensor, (t) => values.get(t)!);
  }

}

/**
 * An input one rank off its Input's shape, brought to it where the difference is a trailing axis
 * of size 1 (Keras 3's `Functional._adjust_input_rank`): a (batch,) column given to an Input of
 * shape (1,) gets its trailing axis, and a (batch, 1) column given to an Input of shape () loses
 * it. Other inputs are returned as they are, for the shape check to judge.
 */
export function adjustInputRank(x: Tensor, expected: readonly (number | null)[]): Tensor {
  if (x.rank === expected.length + 1 && x.shape[x.rank - 1] === 1) return squeeze(x, -1);
  if (x.rank === expected.length - 1 && expected[expected.length - 1] === 1) return expandDims(x, -1);
  return x;
}
