// What layers keep in a `.keras` archive's `assets/` (keras/src/saving/saving_lib.py: each
// layer's `save_assets(dir)` writes files into `assets/<its path>/`, the path as in the weights
// file without the trailing 'vars'; `load_assets(dir)` reads them back after the weights are
// loaded). Of gradtape's layers only IntegerLookup keeps any: a vocabulary not given in its config,
// `vocabulary.txt`. Layers without assets have no directory (zips hold no empty ones).

import type { Layer } from '../layers/layer';
import { kerasVarsGroups } from './keras-weights';

/** A layer that keeps files in the archive's assets (Keras' save_assets / load_assets). */
interface WithAssets {
  _kerasAssets(): Map<string, Uint8Array>;
  _kerasLoadAssets(files: Map<string, Uint8Array>, op: string): void;
}

const assetsOf = (layer: Layer): WithAssets | null => (typeof (layer as Partial<WithAssets>)._kerasAssets === 'function' ? (layer as unknown as WithAssets) : null);

/** A layer's directory in `assets/`: its weights path without 'vars' ('layers/integer_lookup'). */
const directoryOf = (varsPath: string): string => `assets/${varsPath.replace(/(^|\/)vars$/, '')}`.replace(/\/$/, '');

/** The archive members of every layer's assets, `[assets/<path>/<file>, bytes]`, in the weights' order. */
export function kerasAssetMembers(model: Layer): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (const { path, layer } of kerasVarsGroups(model)) {
    for (const [name, bytes] of assetsOf(layer)?._kerasAssets() ?? []) out.push([`${directoryOf(path)}/${name}`, bytes]);
  }
  return out;
}

/** Gives every layer that keeps assets the files of its directory (`read` finds a member's bytes). */
export function loadKerasAssets(model: Layer, read: (member: string) => Uint8Array | undefined, list: readonly string[], op: string): void {
  for (const { path, layer } of kerasVarsGroups(model)) {
    const withAssets = assetsOf(layer);
    if (withAssets === null) continue;
    const prefix = `${directoryOf(path)}/`;
    const files = new Map<string, Uint8Array>();
    for (const member of list) {
      const name = member.startsWith(prefix) ? member.slice(prefix.length) : null;
      if (name === null || name === '' || name.includes('/')) continue;
      const bytes = read(member);
      if (bytes !== undefined) files.set(name, bytes);
    }
    withAssets._kerasLoadAssets(files, op);
  }
}
