// Memory and worker threads (protocol item 15, crates/gradtape-wasm/src/threads.rs).
//
// The module imports its memory, declared shared. Where memory can be shared and workers started
// (Node's worker_threads; browsers and workers when the page is cross-origin isolated), the
// module gets a shared memory, and kernels large enough to gain (matrix products, long
// elementwise ops) split their work with workers that run the same module on the same memory.
// Elsewhere the import is declared unshared and everything runs on the calling thread. Results
// are the same bits either way: a kernel's tasks are disjoint parts of its output, each computed
// as the one-thread loop computes it.

/** A module's memory import: its limits, and where its flags byte is. */
interface MemoryImport {
  initial: number;
  maximum: number;
  flagsAt: number;
}

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[at++]!;
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
  }
}

/** Finds the memory import of a wasm binary (section 2; entries are module name, field name,
 * kind, then the kind's type; a memory's type is limits: flags, min, max if flags & 1). */
function memoryImport(bytes: Uint8Array): MemoryImport {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at]!;
    const [size, body] = readLeb(bytes, at + 1);
    if (id === 2) {
      let [count, p] = readLeb(bytes, body);
      for (; count > 0; count--) {
        for (let name = 0; name < 2; name++) {
          const [len, next] = readLeb(bytes, p);
          p = next + len;
        }
        const kind = bytes[p++]!;
        if (kind === 0) [, p] = readLeb(bytes, p); // function: type index
        else if (kind === 3) p += 2; // global: value type, mutability
        else {
          if (kind === 1) p++; // table: element type, then limits
          const flagsAt = p;
          const flags = bytes[p++]!;
          const [initial, afterMin] = readLeb(bytes, p);
          const [maximum, afterMax] = flags & 1 ? readLeb(bytes, afterMin) : [65536, afterMin];
          p = afterMax;
          if (kind === 2) return { initial, maximum, flagsAt };
        }
      }
    }
    at = body + size;
  }
  throw new Error('gradtape: the WebAssembly module imports no memory');
}

/** The module's bytes with its memory import declared shared or not (a copy when that changes
 * its flags byte), and the import's limits. */
export function withMemoryImport(bytes: Uint8Array, shared: boolean): { bytes: Uint8Array; initial: number; maximum: number } {
  const { initial, maximum, flagsAt } = memoryImport(bytes);
  const flags = bytes[flagsAt]!;
  const wanted = shared ? flags | 2 : flags & ~2;
  if (wanted === flags) return { bytes, initial, maximum };
  const copy = bytes.slice();
  copy[flagsAt] = wanted;
  return { bytes: copy, initial, maximum };
}

/** Starts a worker running `source` with `data` (a structured-clonable object). */
type WorkerStarter = (source: string, data: WorkerData) => void;

interface NodeWorker {
  on(event: 'error', listener: (e: unknown) => void): void;
  unref(): void;
}

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

/** How this platform starts a worker, or null where memory cannot be shared with one. */
function workerStarter(): WorkerStarter | null {
  const g = globalThis as { crossOriginIsolated?: boolean; process?: NodeProcess; Worker?: unknown };
  if (typeof SharedArrayBuffer !== 'function' || g.crossOriginIsolated === false) return null;
  const node = g.process?.versions?.node ? g.process.getBuiltinModule?.('node:worker_threads') : undefined;
  if (node) {
    const { Worker } = node as { Worker: new (source: string, options: object) => NodeWorker };
    return (source, workerData) => {
      // (The worker inherits the process's flags, --input-type=module among them, so its code
      // must run as a script and as a module alike: no `require`.)
      const worker = new Worker(`${source}\nstart(process.getBuiltinModule('node:worker_threads').workerData);`, { eval: true, workerData });
      // Nothing to report: a worker that fails to start leaves kernels to the other threads, and
      // one that traps in a task stops the waiting thread itself (WORKER_SOURCE).
      worker.on('error', () => {});
      // Workers wait for kernels forever: they must not keep the process alive.
      worker.unref();
    };
  }
  if (typeof g.Worker === 'function' && typeof Blob === 'function' && typeof URL?.createObjectURL === 'function') {
    const WebWorker = g.Worker as new (url: string) => { postMessage(data: unknown): void };
    let url: string | undefined;
    return (source, data) => {
      url ??= URL.createObjectURL(new Blob([`${source}\nonmessage = (e) => start(e.data);`], { type: 'text/javascript' }));
      new WebWorker(url).postMessage(data);
    };
  }
  return null;
}

/** What a worker needs to run the module beside the main thread. */
interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** The relaxed-SIMD kernels' module and their first table index, when the main thread uses them. */
  fma: WebAssembly.Module | null;
  fmaTableIndex: number;
  index: number;
  stackTop: number;
  tls: number;
}

/** The worker's code (plain JavaScript, run as a script): instantiate the module on the shared
 * memory (its start function sees the memory initialised and leaves it), give it its stack and
 * thread-local block, add the relaxed-SIMD kernels at the main thread's table indices, and run
 * the worker loop; if that traps, tell the waiting thread. */
const WORKER_SOURCE = `
function start(d) {
  const imports = { env: { memory: d.memory, gt_host_start_worker() { throw new Error('gradtape: a worker cannot start workers'); } } };
  const ex = new WebAssembly.Instance(d.module, imports).exports;
  ex.__stack_pointer.value = d.stackTop;
  ex.__wasm_init_tls(d.tls);
  if (d.fma) {
    const kernels = new WebAssembly.Instance(d.fma, { env: { memory: d.memory } }).exports;
    const table = ex.__indirect_function_table;
    const at = table.grow(2);
    if (at !== d.fmaTableIndex) throw new Error('gradtape: the function table differs from the main thread\\'s');
    table.set(at, kernels.gt_fma_tile_f32);
    table.set(at + 1, kernels.gt_fma_tile_f64);
  }
  // A worker that fails before this line never joins a kernel; one that traps in a task must
  // not leave the thread waiting for that task forever.
  const poisoned = new Int32Array(d.memory.buffer, ex.gt_worker_poisoned_ptr() >>> 0, 1);
  try {
    ex.gt_worker_main(d.index);
  } catch (e) {
    Atomics.store(poisoned, 0, 1);
    throw e;
  }
}`;

/** Threads kernels use by default: the machine's cores, at most 8 (beyond that a small library's
 * kernels gain little, and the memory-bound ones nothing). */
function defaultThreads(): number {
  const g = globalThis as { process?: NodeProcess; navigator?: { hardwareConcurrency?: number } };
  const os = g.process?.versions?.node ? (g.process.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined) : undefined;
  const cores = os?.availableParallelism?.() ?? g.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(8, cores));
}

/** The pool's state for the started module. */
export interface Pool {
  /** Memory is shared and workers can start. */
  shared: boolean;
  memory: WebAssembly.Memory;
  /** The module's import `env.gt_host_start_worker`. */
  startWorker(index: number, stackTop: number, tls: number): void;
  /** Completes the pool once the module runs: its compiled module and exports, and the
   * relaxed-SIMD kernels' module and table index if the main thread uses them. */
  attach(module: WebAssembly.Module, fma: WebAssembly.Module | null, fmaTableIndex: number): void;
}

/** The memory for a module with this memory import and the pool that goes with it. */
export function newPool(bytes: Uint8Array): { pool: Pool; bytes: Uint8Array } {
  let starter = workerStarter();
  let patched = withMemoryImport(bytes, starter != null);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: patched.initial, maximum: patched.maximum, shared: starter != null });
  } catch (e) {
    if (!starter) throw e;
    // A shared memory reserves its whole maximum (4 GiB) up front, which a 32-bit or constrained
    // process may refuse: then one thread, on an ordinary memory.
    starter = null;
    patched = withMemoryImport(bytes, false);
    memory = new WebAssembly.Memory({ initial: patched.initial, maximum: patched.maximum });
  }
  const shared = starter != null;
  let module: WebAssembly.Module | null = null;
  let fma: WebAssembly.Module | null = null;
  let fmaTableIndex = 0;
  const pool: Pool = {
    shared,
    memory,
    startWorker(index, stackTop, tls) {
      if (!starter || !module) return;
      try {
        starter(WORKER_SOURCE, { module, memory, fma, fmaTableIndex, index, stackTop, tls });
      } catch {
        // A platform that refuses a worker (a policy, a limit) leaves the kernels on this thread.
      }
    },
    attach(m, f, at) {
      module = m;
      fma = f;
      fmaTableIndex = at;
    },
  };
  return { pool, bytes: patched.bytes };
}

let wantedThreads: number | null = null;

/** The threads kernels are asked to use: `tf.setNumThreads`'s, or the default. */
export function requestedThreads(): number {
  return wantedThreads ?? defaultThreads();
}

/** Records `tf.setNumThreads(n)` (checked by the caller); null goes back to the default. */
export function requestThreads(n: number | null): void {
  wantedThreads = n;
}

/** The number `tf.setNumThreads` set, 0 while the default holds (tf.config.threading's reading). */
export function requestedThreadsSetting(): number {
  return wantedThreads ?? 0;
}

/** The module instantiated on a memory of its own, unshared, with no workers: for tools and
 * tests that call its exports directly. */
export function instantiateAlone(bytes: Uint8Array): { exports: WebAssembly.Exports; memory: WebAssembly.Memory } {
  const patched = withMemoryImport(bytes, false);
  const memory = new WebAssembly.Memory({ initial: patched.initial, maximum: patched.maximum });
  const imports = { env: { memory, gt_host_start_worker() {} } };
  const module = new WebAssembly.Module(patched.bytes as Uint8Array<ArrayBuffer>);
  return { exports: new WebAssembly.Instance(module, imports).exports, memory };
}
