// A functional model's config and back (keras/src/models/functional.py: get_config,
// functional_from_config, serialize_node, deserialize_node), in camelCase:
//   {name, trainable,
//    layers: [{className, config, buildConfig?, name, inboundNodes: [{args: [inputs], kwargs}]}],
//    inputLayers, outputLayers}
// A layer's inbound nodes are its calls in this model (calls elsewhere left out), numbered in
// order; a KerasTensor in a call's arguments is `{className: '__keras_tensor__', config: {shape,
// dtype, kerasHistory: [layer name, node index, tensor index]}}`, and the model's inputs and
// outputs are such triples, structured as the inputs and outputs were given.
//
// Unlike Keras, a functional model used as a layer has no node of its own before its calls, so its
// node indices start at 0 (Keras' start at 1).

import { describe, isPlainObject } from '../describe';
import { KerasTensor, type Node, isKerasTensor, mapOptionTensors } from '../layers/keras-tensor';
import type { Layer, LayerCallOptions } from '../layers/layer';
import { type Nest, mapNest } from '../layers/nest';
import { type DeserializeOptions, type SerializedLayer, deserialize, serialize } from '../layers/serialization';
import type { FunctionalGraph } from './functional';

/** Where a KerasTensor comes from: the layer's name, the call's index among the layer's calls, the output's index. */
export type TensorReference = [string, number, number];

/** A layer call in a functional config: the inputs (the call's first argument) and the options. */
export interface NodeConfig {
  /** `[inputs]`, the KerasTensors serialized. */
  args: unknown[];
  /** The call's options (`training` when the call gave it). */
  kwargs: Record<string, unknown>;
}

/** A layer's entry in a functional config. */
export interface FunctionalLayerConfig extends SerializedLayer {
  /** The layer's name. */
  name: string;
  /** Its calls in the model, in order. */
  inboundNodes: NodeConfig[];
}

/** A functional model's config (Keras' functional `get_config`). */
export interface FunctionalConfig {
  /** The model's name. */
  name: string;
  /** Whether the model is trainable. */
  trainable: boolean;
  /** Every layer, the InputLayers first, with its calls in the model. */
  layers: FunctionalLayerConfig[];
  /** The model's inputs, structured as given: `[layerName, nodeIndex, tensorIndex]` each. */
  inputLayers: Nest<TensorReference>;
  /** The model's outputs, structured as given. */
  outputLayers: Nest<TensorReference>;
}

const KERAS_TENSOR = '__keras_tensor__';

const layerOf = (node: Node): Layer => node.operation as Layer;

/** The config of a functional model of `graph`, named `name`. */
export function functionalConfig(graph: FunctionalGraph, name: string, trainable: boolean): FunctionalConfig {
  const own = graph.nodeSet;
  /** A node's index among its layer's calls in this model. */
  const nodeIndex = (node: Node): number => layerOf(node)._inboundNodes.filter((n) => own.has(n)).indexOf(node);
  const reference = (t: KerasTensor): TensorReference => {
    const history = t._history!;
    return [history.node.operation.name, nodeIndex(history.node), history.tensorIndex];
  };
  const serializeTensor = (t: KerasTensor): SerializedTensor => ({ className: KERAS_TENSOR, config: { shape: t.shape.slice(), dtype: t.dtype, kerasHistory: reference(t) } });
  const layers = graph.layers.map((layer): FunctionalLayerConfig => ({
    ...serialize(layer),
    name: layer.name,
    inboundNodes: layer._inboundNodes
      .filter((node) => own.has(node) && !node.isInput)
      .map((node) => ({
        args: [mapNest(node.inputs!, isKerasTensor, serializeTensor)],
        // KerasTensors among the options (an RNN's initialState, a mask) as Keras writes them in kwargs.
        kwargs: Object.fromEntries(Object.entries(mapOptionTensors(node.callOptions, serializeTensor)).filter(([, v]) => v !== undefined)),
      })),
  }));
  return {
    name,
    trainable,
    layers,
    inputLayers: mapNest(graph.inputs, isKerasTensor, reference),
    outputLayers: mapNest(graph.outputs, isKerasTensor, reference),
  };
}

/** Whether `config` is a functional model's (it has `layers`, `inputLayers` and `outputLayers`). */
export function isFunctionalConfig(config: unknown): boolean {
  return isPlainObject(config) && 'layers' in config && 'inputLayers' in config && 'outputLayers' in config;
}

/** Whether `value` is a tensor reference `[name, nodeIndex, tensorIndex]` (Keras' leaf test). */
const isReference = (value: unknown): value is TensorReference =>
  Array.isArray(value) && value.length === 3 && typeof value[0] === 'string' && Number.isInteger(value[1]) && Number.isInteger(value[2]);

/**
 * The layers of a functional config made again and called as recorded (Keras'
 * functional_from_config): every layer is deserialized first, then the calls are replayed layer
 * by layer in the config's order, a call waiting (to a later pass) until the calls it takes
 * tensors from have been made. Returns the inputs and outputs to make the model from.
 */
export function functionalFromConfig(config: Record<string, unknown>, options: DeserializeOptions, op: string): { inputs: Nest<KerasTensor>; outputs: Nest<KerasTensor>; name: string | undefined; trainable: boolean | undefined } {
  const layerConfigs = config.layers;
  if (!Array.isArray(layerConfigs)) throw new Error(`${op}: a functional config's layers must be an array, got ${describe(layerConfigs)}.`);
  const created = new Map<string, Layer>();
  const pending = new Map<Layer, NodeConfig[]>();
  for (const entry of layerConfigs as FunctionalLayerConfig[]) {
    if (!isPlainObject(entry) || typeof entry.name !== 'string' || !Array.isArray(entry.inboundNodes)) {
      throw new Error(`${op}: each entry of a functional config's layers must be {className, config, name, inboundNodes}, got ${describe(entry)}.`);
    }
    if (created.has(entry.name)) throw new Error(`${op}: the config names two layers '${entry.name}'; layer names in a model are unique.`);
    const layer = deserialize(entry, options);
    created.set(entry.name, layer);
    if (entry.inboundNodes.length > 0) pending.set(layer, entry.inboundNodes.slice());
  }

  /** The KerasTensor a reference names, or null when the call making it has not been replayed yet. */
  const tensorOf = (ref: unknown): KerasTensor | null => {
    if (!isReference(ref)) throw new Error(`${op}: expected a tensor reference [layerName, nodeIndex, tensorIndex], got ${describe(ref)}.`);
    const [name, nodeIndex, tensorIndex] = ref;
    const layer = created.get(name);
    if (layer === undefined) throw new Error(`${op}: the config refers to an unknown layer '${name}' (its layers are ${[...created.keys()].map((n) => `'${n}'`).join(', ')}).`);
    const node = layer._inboundNodes[nodeIndex];
    if (node === undefined) return null;
    const tensor = node.outputs[tensorIndex];
    if (tensor === undefined) throw new Error(`${op}: layer '${name}''s call ${nodeIndex} has ${node.outputs.length} output(s); the config refers to output ${tensorIndex}.`);
    return tensor;
  };
  /** A call's inputs as KerasTensors, or null when one is not made yet. */
  const inputsOf = (node: NodeConfig): Nest<KerasTensor> | null => {
    if (!isPlainObject(node) || !Array.isArray(node.args) || node.args.length !== 1) {
      throw new Error(`${op}: a layer call in the config must be {args: [inputs], kwargs}, got ${describe(node)}.`);
    }
    let ready = true;
    const inputs = mapNest(node.args[0] as Nest<SerializedTensor>, isSerializedTensor, (t: SerializedTensor) => {
      const tensor = tensorOf(t.config.kerasHistory);
      if (tensor === null) ready = false;
      return tensor!;
    });
    return ready ? inputs : null;
  };
  /** A call's options with their serialized KerasTensors made again, or null when one is not made yet. */
  const optionsOf = (node: NodeConfig): LayerCallOptions | null => {
    let ready = true;
    const leaf = (v: unknown): unknown => {
      if (!isSerializedTensor(v)) return v;
      const tensor = tensorOf(v.config.kerasHistory);
      if (tensor === null) ready = false;
      return tensor;
    };
    const options = Object.fromEntries(Object.entries((node.kwargs ?? {}) as Record<string, unknown>).map(([key, value]) => [key, Array.isArray(value) ? value.map(leaf) : leaf(value)]));
    return ready ? (options as LayerCallOptions) : null;
  };

  while (pending.size > 0) {
    let progress = false;
    for (const [layer, nodes] of pending) {
      while (nodes.length > 0) {
        const inputs = inputsOf(nodes[0]!);
        const kwargs = optionsOf(nodes[0]!);
        if (inputs === null || kwargs === null) break;
        layer.apply(inputs, kwargs);
        nodes.shift();
        progress = true;
      }
      if (nodes.length === 0) pending.delete(layer);
    }
    if (!progress) {
      const waiting = [...pending.keys()].map((l) => `'${l.name}'`).join(', ');
      throw new Error(`${op}: the config's layer calls cannot all be made: the calls of ${waiting} take tensors from calls that never come (a damaged or edited config?).`);
    }
  }

  const structure = (value: unknown, what: string): Nest<KerasTensor> => {
    const leaf = (ref: unknown): KerasTensor => {
      const t = tensorOf(ref);
      if (t === null) throw new Error(`${op}: the config's ${what} refer to a layer call that is not in its layers' inboundNodes.`);
      return t;
    };
    if (isReference(value)) return leaf(value);
    if (Array.isArray(value)) return value.map(leaf);
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, leaf(v)]));
    throw new Error(`${op}: the config's ${what} must be tensor references [layerName, nodeIndex, tensorIndex] (one, an array or an object), got ${describe(value)}.`);
  };
  const name = config.name;
  const trainable = config.trainable;
  if (name !== undefined && name !== null && typeof name !== 'string') throw new Error(`${op}: the config's name must be a string, got ${describe(name)}.`);
  if (trainable !== undefined && trainable !== null && typeof trainable !== 'boolean') throw new Error(`${op}: the config's trainable must be true or false, got ${describe(trainable)}.`);
  return {
    inputs: structure(config.inputLayers, 'inputLayers'),
    outputs: structure(config.outputLayers, 'outputLayers'),
    name: name ?? undefined,
    trainable: trainable ?? undefined,
  };
}

/** A KerasTensor as a config writes it. */
interface SerializedTensor { className: string; config: { shape?: (number | null)[]; dtype?: string; kerasHistory: unknown } }

/** Whether `value` is a KerasTensor as a config writes it. */
function isSerializedTensor(value: unknown): value is SerializedTensor {
  return isPlainObject(value) && value.className === KERAS_TENSOR && isPlainObject(value.config);
}
