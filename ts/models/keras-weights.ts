// Keras' own HDF5 weights into a gradtape model of the same architecture, and a gradtape model's
// weights as Keras 3's `.weights.h5`:
//
// Keras 3 (`model.save_weights('m.weights.h5')`, and `model.weights.h5` inside a `.keras` archive;
// keras/src/saving/saving_lib.py `_save_state`): each layer's own variables are datasets '0', '1',
// ... of a group `<path>/vars`, in the layer's order (trainable, then non-trainable, as created).
// A layer's path is its parent's plus, for a Sequential or functional model, `layers/<class in
// snake_case>` numbered in order within the model (dense, dense_1, ...; the layers' own names do
// not count), and for other layers the attribute holding the sublayer (Bidirectional's
// `forward_layer` and `backward_layer`, TimeDistributed's `layer`; a list of layers is numbered
// by class as a model's). A recurrent layer's variables belong to its cell (its `cell`
// attribute): `<path>/cell/vars`.
// A layer may store values by name in its `vars` group besides its variables, as Keras'
// `save_own_variables` of IntegerLookup stores 'idf_weights' in 'tf_idf' mode.
// As Keras, every layer must find exactly its number of variables (a layer without variables
// needs no group), groups the model does not have are ignored, and a shape that differs is an error.
// Written as Keras writes it: every layer's `vars` group, with the layer's name as its string
// attribute 'name' (the model's at the root's `vars`), variables or not; and, when an optimizer is
// given (a compiled model's: its `.weights.h5` and a `.keras` archive's model.weights.h5), the
// optimizer's variables in `optimizer/vars` named by the optimizer (./keras-optimizer-state.ts),
// which are read back into a compiled model's optimizer too. (Keras leaves a compiled model's
// optimizer as it is when they are missing.)
//
// Keras 2 / tf.keras (`model.save_weights('m.h5')`, or the `model_weights` group of a legacy
// whole-model `.h5`; keras/src/legacy/saving/legacy_h5_format.py): the root's `layer_names`
// attribute lists the layers in order, each a group whose `weight_names` attribute lists its
// datasets. Weights load by layer order as Keras does: the model's layers that have weights, in
// order, take the file's layers that have weights, each its weights in trainable-then-non-trainable
// order. (Keras 2's conversions of weights saved by Keras 1 or with other backends are not made.)
//
// Nothing is assigned until every value has been read and checked, so a file that does not fit
// leaves the model as it was (Keras assigns what fits and reports the rest).

import { type Hdf5AttributeValue, type Hdf5Dataset, type Hdf5Group, Hdf5Error, readHdf5 } from '../io/hdf5';
import { type Hdf5DatasetSource, type Hdf5GroupSource, writeHdf5 } from '../io/hdf5-writer';
import { Layer } from '../layers/layer';
import { toSnakeCase } from '../layers/names';
import { classNameOf } from '../layers/serialization';
import { isPlainObject } from '../describe';
import { type Tensor, fromHost } from '../tensor';
import type { Variable } from '../variable';
import type { Optimizer } from '../optimizers';
import { LossScaleOptimizer } from '../loss-scale-optimizer';
import { type SavedValue, kerasOptimizerDatasets, restoreKerasOptimizer } from './keras-optimizer-state';
import { Model } from './model';

/** What a layer's Keras `save_own_variables` stores besides its variables, by name, in its `vars`
 * group (IntegerLookup's 'idf_weights'), and reads back with `load_own_variables`. */
interface NamedValues {
  _kerasNamedValueNames(): string[];
  _kerasNamedValues(): Map<string, Float32Array>;
  _kerasLoadNamedValues(values: Map<string, ArrayLike<number>>): void;
}

const namedValuesOf = (layer: Layer): NamedValues | null => (typeof (layer as Partial<NamedValues>)._kerasNamedValueNames === 'function' ? (layer as unknown as NamedValues) : null);

/** A layer's own variables and the group Keras 3 keeps them in. */
interface VarsGroup {
  path: string;
  layer: Layer;
  variables: Variable[];
}

/** A layer's variables not held by its sublayers (or, for a layer saving others as Keras does, as
 * SpectralNormalization saves its wrapped kernel, its `_kerasOwnVariables()`). */
function ownVariables(layer: Layer): Variable[] {
  const saved = (layer as { _kerasOwnVariables?: () => Variable[] })._kerasOwnVariables;
  if (typeof saved === 'function') return saved.call(layer);
  const inSublayers = new Set<Variable>(layer._sublayers().flatMap((l) => l.weights));
  return layer.weights.filter((w) => !inSublayers.has(w));
}

const join = (path: string, name: string): string => (path === '' ? name : `${path}/${name}`);

/** Every layer's `vars` group in Keras 3's layout, depth first as Keras saves them. */
export function kerasVarsGroups(model: Layer): VarsGroup[] {
  const out: VarsGroup[] = [];
  const seen = new Set<Layer>();
  const container = (layers: Layer[], path: string): void => {
    const used = new Map<string, number>();
    for (const layer of layers) {
      // Keras numbers every entry, a layer already saved elsewhere too.
      // (By its Python class's name: a layer exported under another name says so, as
      // GroupQueryAttention, whose class is GroupedQueryAttention.)
      const pythonName = (layer as { _kerasSaveName?: string })._kerasSaveName;
      const base = pythonName ?? toSnakeCase(classNameOf(layer));
      const count = used.get(base);
      used.set(base, count === undefined ? 0 : count + 1);
      visit(layer, join(path, count === undefined ? base : `${base}_${count + 1}`));
    }
  };
  const visit = (layer: Layer, path: string): void => {
    if (seen.has(layer)) return; // a shared layer is saved where it is met first
    seen.add(layer);
    out.push({ path: join(path, 'vars'), layer, variables: ownVariables(layer) });
    if (layer instanceof Model) container(layer.layers, join(path, 'layers'));
    // Sublayers in attributes, by attribute name (JavaScript's camelCase as Python's snake_case),
    // sorted as Keras walks dir(), private ones last.
    const key = (name: string): string => (name.startsWith('_') ? `~${name}` : name);
    const attributes = Object.entries(layer as unknown as Record<string, unknown>)
      .map(([name, value]): [string, unknown] => [toSnakeCase(name), value])
      .sort(([a], [b]) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    for (const [name, value] of attributes) {
      if (value === layer) continue;
      if (isLayer(value)) visit(value, join(path, name));
      else if (Array.isArray(value) && value.some(isLayer)) container(value.filter(isLayer), join(path, name));
      else if (isPlainObject(value) && Object.values(value).some(isLayer)) container(Object.values(value).filter(isLayer), join(path, name));
    }
  };
  visit(model, '');
  return out;
}

const isLayer = (value: unknown): value is Layer => value instanceof Layer;

/** `model`'s weights as Keras 3's `.weights.h5` bytes (Keras' `model.save_weights`), with
 * `optimizer`'s variables when given (as Keras' model.weights.h5 of a compiled model). */
export function kerasHdf5WeightsBytes(model: Model, op: string, optimizer: Optimizer | null = null): Uint8Array {
  if (!model.built) {
    throw new Error(`${op}: You are saving a model that has not yet been built. Try building the model first by calling it on some data or by using \`build()\`.`);
  }
  const root: Hdf5GroupSource = { kind: 'group', children: new Map() };
  for (const { path, layer, variables } of kerasVarsGroups(model)) {
    const vars = groupAt(root, path);
    vars.attributes = new Map([['name', layer.name]]);
    variables.forEach((variable, i) => vars.children.set(String(i), datasetOf(variable, layer, op)));
    for (const [name, data] of namedValuesOf(layer)?._kerasNamedValues() ?? []) vars.children.set(name, { kind: 'dataset', shape: [data.length], data });
  }
  if (optimizer !== null) {
    const vars = groupAt(root, 'optimizer/vars');
    vars.attributes = new Map([['name', optimizer.name]]);
    vars.children = kerasOptimizerDatasets(optimizer);
    // Keras saves a LossScaleOptimizer's inner optimizer as an object of its own too (its
    // values are also the end of the wrapper's; reading, gradtape takes the wrapper's).
    if (optimizer instanceof LossScaleOptimizer) {
      const inner = groupAt(root, 'optimizer/inner_optimizer/vars');
      inner.attributes = new Map([['name', optimizer.innerOptimizer.name]]);
      inner.children = kerasOptimizerDatasets(optimizer.innerOptimizer);
    }
  }
  return writeHdf5(root);
}

/** The group at `path` under `root`, made with its parents when missing. */
function groupAt(root: Hdf5GroupSource, path: string): Hdf5GroupSource {
  let group = root;
  for (const name of path.split('/')) {
    // (Only `vars` groups hold datasets, and no path passes through one.)
    let next = group.children.get(name) as Hdf5GroupSource | undefined;
    if (next === undefined) group.children.set(name, next = { kind: 'group', children: new Map() });
    group = next;
  }
  return group;
}

function datasetOf(variable: Variable, layer: Layer, op: string): Hdf5DatasetSource {
  const data = variable.dataSync();
  if (!(data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array)) {
    throw new Error(`${op}: layer '${layer.name}' variable '${variable.name}' is of dtype ${variable.dtype}, which gradtape does not write to HDF5 (float32, float64 and int32 are written).`);
  }
  return { kind: 'dataset', shape: variable.shape.slice(), data };
}

/** Loads Keras HDF5 weights (`bytes`: a Keras 3 `.weights.h5` or a Keras 2 `.h5`) into `model`;
 * with `optimizer` (a compiled model's), Keras 3's optimizer variables too, when the file has them
 * (when they do not fit the optimizer, a warning says so and the optimizer is left as it is, as
 * Keras does). `build`: the optimizer is first built on the model's trainable variables, as Keras'
 * load_model builds a loaded model's; else it is taken as it is, as Keras' load_weights does (an
 * optimizer not built yet then takes the iterations and learning rate of an unbuilt one's file,
 * and skips a built one's with a warning). */
export function loadKerasHdf5Weights(model: Model, bytes: Uint8Array, op: string, optimizer: Optimizer | null = null, build = true): void {
  if (!model.built) {
    throw new Error(`${op}: the model '${model.name}' is not built, so it has no weights to load into yet; build it first (an Input or inputShape, or a call on data).`);
  }
  let root: Hdf5Group;
  try {
    root = readHdf5(bytes);
  } catch (e) {
    throw new Error(`${op}: cannot read the Keras weights file: ${(e as Error).message}.`);
  }
  const legacy = root.attributes.has('layer_names') ? root : child(root, 'model_weights');
  const isLegacy = legacy !== null && legacy.kind === 'group' && legacy.attributes.has('layer_names');
  const assignments = isLegacy ? legacyAssignments(model, legacy, op) : kerasAssignments(model, root, op);
  const named = isLegacy ? [] : namedValueReads(model, root, op);
  const saved = child(root, 'optimizer/vars');
  const optimizerValues = optimizer !== null && saved?.kind === 'group' ? readOptimizerValues(saved, op) : null;
  assignAll(assignments, op);
  for (const { layer, values } of named) layer._kerasLoadNamedValues(values);
  if (optimizerValues !== null) {
    const problem = build
      ? restoreKerasOptimizer(optimizer!, model.trainableWeights, optimizerValues)
      : restoreKerasOptimizer(optimizer!, optimizer!._builtOn(), optimizerValues, true);
    if (problem !== null) console.warn(problem);
  }
}

/** Keras 3's optimizer variables (`optimizer/vars/0`, `1`, ...), read (so a damaged one fails before anything changes). */
function readOptimizerValues(group: Hdf5Group, op: string): SavedValue[] {
  const values: SavedValue[] = [];
  for (let i = 0; group.children.has(String(i)); i++) {
    const dataset = group.children.get(String(i))!;
    if (dataset.kind !== 'dataset') throw new Error(`${op}: the file's optimizer variable 'optimizer/vars/${i}' is a group, not a dataset.`);
    try {
      const data = dataset.read();
      values.push({ shape: dataset.shape, read: () => data });
    } catch (e) {
      if (!(e instanceof Hdf5Error)) throw e;
      throw new Error(`${op}: cannot read the optimizer's variable 'optimizer/vars/${i}': ${e.message}.`);
    }
  }
  return values;
}

/** A variable and the file's dataset for it. */
interface Assignment {
  variable: Variable;
  dataset: Hdf5Dataset;
  /** Who the variable is, for errors: "layer 'dense' variable 'kernel'". */
  what: string;
}

function child(group: Hdf5Group, path: string): Hdf5Group | Hdf5Dataset | null {
  let node: Hdf5Group | Hdf5Dataset | null = group;
  for (const name of path.split('/')) node = node?.kind === 'group' ? node.children.get(name) ?? null : null;
  return node;
}

function kerasAssignments(model: Model, root: Hdf5Group, op: string): Assignment[] {
  if (!root.children.has('layers') && !root.children.has('vars')) {
    throw new Error(`${op}: the HDF5 file holds no Keras weights: neither Keras 3's 'layers' and 'vars' groups nor Keras 2's 'layer_names' attribute.`);
  }
  const out: Assignment[] = [];
  for (const { path, layer, variables } of kerasVarsGroups(model)) {
    const group = child(root, path);
    // (Values a layer stores by name, as IntegerLookup's 'idf_weights', are not variables.)
    const namedValues = new Set(namedValuesOf(layer)?._kerasNamedValueNames() ?? []);
    const datasets = group?.kind === 'group' ? [...group.children].filter(([name, c]) => c.kind === 'dataset' && !namedValues.has(name)) : [];
    if (datasets.length !== variables.length) {
      throw new Error(`${op}: layer '${layer.name}' expects ${variables.length} variable${variables.length === 1 ? '' : 's'} (${variables.map((v) => v.name).join(', ') || 'none'}) but the file has ${datasets.length} at '${path}'; the file was saved from a model of another architecture.`);
    }
    variables.forEach((variable, i) => {
      const dataset = group?.kind === 'group' ? group.children.get(String(i)) : undefined;
      if (dataset === undefined || dataset.kind !== 'dataset') throw new Error(`${op}: layer '${layer.name}': the file has no dataset '${path}/${i}' for variable '${variable.name}'.`);
      out.push({ variable, dataset, what: `layer '${layer.name}' variable '${variable.name}' ('${path}/${i}' in the file)` });
    });
  }
  return out;
}

/** The values layers store by name in their `vars` groups, read (a layer that expects one the
 * file lacks is an error, as Keras' KeyError). */
function namedValueReads(model: Model, root: Hdf5Group, op: string): { layer: NamedValues; values: Map<string, ArrayLike<number>> }[] {
  const out: { layer: NamedValues; values: Map<string, ArrayLike<number>> }[] = [];
  for (const { path, layer } of kerasVarsGroups(model)) {
    const named = namedValuesOf(layer);
    if (named === null || named._kerasNamedValueNames().length === 0) continue;
    const values = new Map<string, ArrayLike<number>>();
    for (const name of named._kerasNamedValueNames()) {
      const dataset = child(root, `${path}/${name}`);
      if (dataset === null || dataset.kind !== 'dataset') throw new Error(`${op}: layer '${layer.name}': the file has no dataset '${path}/${name}'.`);
      try {
        values.set(name, dataset.read());
      } catch (e) {
        if (!(e instanceof Hdf5Error)) throw e;
        throw new Error(`${op}: cannot read layer '${layer.name}''s '${path}/${name}': ${e.message}.`);
      }
    }
    out.push({ layer: named, values });
  }
  return out;
}

/** A string-list attribute of a legacy file, checked. */
function names(value: Hdf5AttributeValue | undefined, what: string, op: string): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (!list.every((n) => typeof n === 'string')) throw new Error(`${op}: the legacy Keras file's ${what} is not a list of names.`);
  return list as string[];
}

function legacyAssignments(model: Model, root: Hdf5Group, op: string): Assignment[] {
  const fileLayers = names(root.attributes.get('layer_names'), "'layer_names' attribute", op)
    .map((name) => {
      const group = root.children.get(name);
      if (group === undefined || group.kind !== 'group') throw new Error(`${op}: the legacy Keras file lists layer '${name}' but has no group for it.`);
      return { name, group, weightNames: names(group.attributes.get('weight_names'), `layer '${name}' 'weight_names' attribute`, op) };
    })
    .filter((l) => l.weightNames.length > 0);
  const layers = model.layers.filter((l) => l.weights.length > 0);
  if (layers.length !== fileLayers.length) {
    throw new Error(`${op}: Layer count mismatch when loading weights from a legacy Keras file: the model has ${layers.length} layers with weights, the file ${fileLayers.length} (${fileLayers.map((l) => l.name).join(', ')}).`);
  }
  const out: Assignment[] = [];
  layers.forEach((layer, k) => {
    const saved = fileLayers[k]!;
    const variables = [...layer.trainableWeights, ...layer.nonTrainableWeights];
    if (variables.length !== saved.weightNames.length) {
      throw new Error(`${op}: Weight count mismatch for layer #${k} (named '${layer.name}' in the model, '${saved.name}' in the file): the layer expects ${variables.length} weights (${variables.map((v) => v.name).join(', ')}), the file has ${saved.weightNames.length} (${saved.weightNames.join(', ')}).`);
    }
    variables.forEach((variable, i) => {
      const dataset = child(saved.group, saved.weightNames[i]!);
      if (dataset === null || dataset.kind !== 'dataset') throw new Error(`${op}: the legacy Keras file has no dataset '${saved.name}/${saved.weightNames[i]}' that its 'weight_names' lists.`);
      out.push({ variable, dataset, what: `layer '${layer.name}' variable '${variable.name}' ('${saved.name}/${saved.weightNames[i]}' in the file)` });
    });
  });
  return out;
}

/** Reads and checks every value, then assigns them all (nothing changes when any fails). */
function assignAll(assignments: Assignment[], op: string): void {
  const values: Tensor[] = [];
  try {
    for (const { variable, dataset, what } of assignments) {
      const expected = variable.shape;
      if (dataset.shape.length !== expected.length || dataset.shape.some((d, i) => d !== expected[i])) {
        throw new Error(`${op}: ${what} has shape [${expected.join(', ')}] but the file's value has shape [${dataset.shape.join(', ')}].`);
      }
      let raw: ArrayLike<number>;
      try {
        raw = dataset.read();
      } catch (e) {
        if (!(e instanceof Hdf5Error)) throw e;
        throw new Error(`${op}: cannot read ${what}: ${e.message}.`);
      }
      const data = variable.dtype === 'float64' ? Float64Array.from(raw)
        : variable.dtype === 'int32' ? Int32Array.from(raw)
          : variable.dtype === 'bool' ? Uint8Array.from(raw, (v) => (v === 0 ? 0 : 1))
            : Float32Array.from(raw);
      values.push(fromHost(data, expected.slice(), variable.dtype));
    }
    assignments.forEach(({ variable }, i) => variable.assign(values[i]!));
  } finally {
    for (const t of values) t.dispose();
  }
}
