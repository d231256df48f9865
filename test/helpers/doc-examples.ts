// Runs documentation code: the ```ts blocks of Markdown files and the `@example` blocks of doc
// comments in ts/. Each program is written to a file inside the repository (so 'gradtape'
// resolves to the built package, as for a user) and run with tsx.
//
// The convention that lets a test check what a block prints: every `console.log(...)` line ends
// with a `// comment` stating exactly what it prints (one line per call), and the program's output
// is those comments, in order.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runTs(code: string): RunResult {
  const dir = mkdtempSync(join(root, 'test', '.docs-'));
  try {
    const file = join(dir, 'example.mts');
    writeFileSync(file, code);
    const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The ```ts blocks of a Markdown file. */
export function markdownBlocks(file: string): string[] {
  return [...readFileSync(join(root, file), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** What the block says it prints: the trailing comment of each console.log line, in order.
 * Throws when a console.log line states nothing, so every printed line is checked. */
export function statedOutput(code: string): string[] {
  const out: string[] = [];
  for (const line of code.split('\n')) {
    if (!line.includes('console.log(')) continue;
    const comment = /\)\s*;?\s*\/\/ (.*)$/.exec(line);
    if (!comment) throw new Error(`a console.log line without a "// what it prints" comment: ${line.trim()}`);
    out.push(comment[1]!.trimEnd());
  }
  return out;
}

export interface DocExample {
  /** Where it is: `ts/tensor.ts: Tensor.item` style label (file and line). */
  where: string;
  code: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The fenced code of every `@example` in the doc comments under ts/ (written with `tf.` for the
 * package, as if after `import * as tf from 'gradtape'`). */
export function docExamples(): DocExample[] {
  const out: DocExample[] = [];
  for (const file of tsFiles(join(root, 'ts'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)) {
      const line = text.slice(0, m.index).split('\n').length;
      const code = m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
      out.push({ where: `${relative(root, file)}:${line}`, code });
    }
  }
  return out;
}

/** Runs every example in one process, each in its own block; returns each one's output or error. */
export function runExamples(examples: DocExample[]): { output: string[]; error: string | null }[] {
  const program = [
    "import * as tf from 'gradtape';",
    ...examples.map((e, i) =>
      `console.log('@@example ${i}');\ntry {\n${e.code}\n} catch (e) { console.log('@@error ' + (e instanceof Error ? e.stack : String(e)).replace(/\\n/g, ' | ')); }`,
    ),
  ].join('\n');
  const r = runTs(program);
  if (r.status !== 0) throw new Error(`the examples' program failed: ${r.stderr}`);
  const results = examples.map(() => ({ output: [] as string[], error: null as string | null }));
  let current = -1;
  for (const line of r.stdout.split('\n')) {
    const marker = /^@@example (\d+)$/.exec(line);
    if (marker) current = Number(marker[1]);
    else if (line.startsWith('@@error ')) results[current]!.error = line.slice(8);
    else if (current >= 0 && line !== '') results[current]!.output.push(line);
  }
  return results;
}
