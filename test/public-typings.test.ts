// The built typings show users only the public API: no `_`-prefixed member (the fields and methods
// ops share across modules are marked @internal and stripped by tsup's dts build), and no
// internal function (makeConstant, constant with the caller's name for its errors, which other
// functions call).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

describe.each(['dist/index.d.ts', 'dist/index.d.cts'])('%s', (file) => {
  const dts = readFileSync(join(root, file), 'utf8');

  it('declares no member whose name starts with an underscore', () => {
    const members = [...dts.matchAll(/^\s*(?:(?:readonly|static|get|set|protected|public|abstract)\s+)*(_\w+)\??\s*[(:]/gm)].map((m) => m[1]);
    expect(members).toEqual([]);
    expect(dts).not.toContain('@internal');
  });

  it("declares TensorFlow's constant(value, dtype?, shape?) only", () => {
    const signatures = [...dts.matchAll(/^declare function constant\((.*)\): Tensor;$/gm)].map((m) => m[1]);
    expect(signatures).toEqual(['values: TensorLike, dtype?: DType | null, shape?: ShapeLike | null']);
    expect(dts).not.toContain('makeConstant');
  });

  it('still declares the public members next to the stripped ones', () => {
    for (const member of ['dataSync(): HostArray;', 'dispose(): void;', '[Symbol.dispose](): void;', 'assign(value: TensorLike): this;', 'watchedVariables(): Variable[];']) {
      expect(dts, member).toContain(member);
    }
    expect(dts).toMatch(/declare global \{\s*interface SymbolConstructor \{\s*readonly dispose: unique symbol;/);
  });
});
