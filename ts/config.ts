// tf.config: the devices gradtape runs on, its threads, soft device placement, and whether
// tf.function runs its functions as written. gradtape has one device, the CPU (WebAssembly), so it
// reports what TensorFlow reports on a machine without accelerators; the settings that would need
// another device are refused, as TensorFlow refuses them for a CPU.

import { describe } from './describe';
import { eagerSteps } from './tensor';
import { functionsRunEagerly as runEagerlyNow, setFunctionsRunEagerly } from './function';
import { requestedThreadsSetting, resetNumThreads, setNumThreads } from './wasm/runtime';

/** A device of the machine, as TensorFlow's `tf.config.PhysicalDevice` (a named tuple). */
export class PhysicalDevice {
  /** TensorFlow's name, '/physical_device:CPU:0'. */
  readonly name: string;
  /** 'CPU'. */
  readonly deviceType: string;
  /** The device of that name and type (gradtape has the CPU only: listPhysicalDevices gives it). */
  constructor(name: string, deviceType: string) {
    this.name = name;
    this.deviceType = deviceType;
  }

  /** TensorFlow's text, `PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')`. */
  toString(): string {
    return `PhysicalDevice(name='${this.name}', device_type='${this.deviceType}')`;
  }
}

/** A device ops run on, as TensorFlow's `tf.config.LogicalDevice` (a named tuple). */
export class LogicalDevice {
  /** TensorFlow's name, '/device:CPU:0'. */
  readonly name: string;
  /** 'CPU'. */
  readonly deviceType: string;
  /** The device of that name and type (gradtape has the CPU only: listLogicalDevices gives it). */
  constructor(name: string, deviceType: string) {
    this.name = name;
    this.deviceType = deviceType;
  }

  /** TensorFlow's text, `LogicalDevice(name='/device:CPU:0', device_type='CPU')`. */
  toString(): string {
    return `LogicalDevice(name='${this.name}', device_type='${this.deviceType}')`;
  }
}

const CPU = new PhysicalDevice('/physical_device:CPU:0', 'CPU');

/** TensorFlow compares devices as tuples: by value, not identity. */
const isCpu = (d: unknown): boolean =>
  d !== null && typeof d === 'object' && (d as PhysicalDevice).name === CPU.name && (d as PhysicalDevice).deviceType === CPU.deviceType;

const deviceText = (d: unknown): string => (d instanceof PhysicalDevice || d instanceof LogicalDevice ? String(d) : describe(d));

function checkDeviceType(deviceType: unknown, op: string): string | null {
  if (deviceType === undefined || deviceType === null) return null;
  if (typeof deviceType !== 'string') throw new Error(`${op}: deviceType must be a string such as 'CPU' or 'GPU', got ${describe(deviceType)}.`);
  return deviceType;
}

/**
 * tf.config.list_physical_devices(device_type=None): the machine's devices, here the one CPU;
 * with a type, those of that type ('GPU' gives [], as on a machine without GPUs; the type is
 * compared as written, so 'cpu' gives [] too, as in TensorFlow).
 *
 * @example
 * ```ts
 * console.log(tf.config.listPhysicalDevices().join()); // PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')
 * console.log(tf.config.listPhysicalDevices('GPU').length); // 0
 * ```
 */
export function listPhysicalDevices(deviceType?: string | null): PhysicalDevice[] {
  const type = checkDeviceType(deviceType, 'config.listPhysicalDevices');
  return type === null || type === CPU.deviceType ? [CPU] : [];
}

/**
 * tf.config.list_logical_devices(device_type=None): the devices ops run on, here the one CPU
 * ('/device:CPU:0'); 'GPU' gives [].
 *
 * @example
 * ```ts
 * const [cpu] = tf.config.listLogicalDevices();
 * console.log(cpu!.name, cpu!.deviceType); // /device:CPU:0 CPU
 * ```
 */
export function listLogicalDevices(deviceType?: string | null): LogicalDevice[] {
  const type = checkDeviceType(deviceType, 'config.listLogicalDevices');
  return type === null || type === CPU.deviceType ? [new LogicalDevice('/device:CPU:0', 'CPU')] : [];
}

/**
 * tf.config.get_visible_devices(device_type=None): the devices the runtime may use, here always
 * the CPU (setVisibleDevices cannot hide it).
 *
 * @example
 * ```ts
 * console.log(tf.config.getVisibleDevices('CPU').length, tf.config.getVisibleDevices('GPU').length); // 1 0
 * ```
 */
export function getVisibleDevices(deviceType?: string | null): PhysicalDevice[] {
  return listPhysicalDevices(checkDeviceType(deviceType, 'config.getVisibleDevices'));
}

/**
 * tf.config.set_visible_devices(devices, device_type=None): which devices the runtime may use.
 * gradtape runs on its one CPU, so it accepts what leaves the CPU visible: the CPU device (alone
 * or in a list, as listPhysicalDevices('CPU') gives it), and no devices of another type
 * (`setVisibleDevices([], 'GPU')`, the usual way to keep TensorFlow off GPUs). Hiding the CPU is
 * refused; a device that is not one of listPhysicalDevices' is refused as TensorFlow refuses it
 * ("Unrecognized device"), as is one whose type is not `deviceType`.
 *
 * @example
 * ```ts
 * tf.config.setVisibleDevices([], 'GPU');
 * tf.config.setVisibleDevices(tf.config.listPhysicalDevices('CPU'));
 * console.log(tf.config.getVisibleDevices().length); // 1
 * ```
 */
export function setVisibleDevices(devices: PhysicalDevice | readonly PhysicalDevice[], deviceType?: string | null): void {
  const op = 'config.setVisibleDevices';
  const type = checkDeviceType(deviceType, op);
  const list: readonly unknown[] = Array.isArray(devices) ? devices : [devices];
  for (const d of list) {
    if (!isCpu(d) || (type !== null && type !== CPU.deviceType)) throw new Error(`${op}: Unrecognized device: ${deviceText(d)}.`);
  }
  // What stays visible: the other types' devices (none) when a type is given, plus `devices`.
  if ((type === null || type === CPU.deviceType) && list.length === 0) {
    throw new Error(`${op}: gradtape runs every op on its one device, the CPU, which cannot be hidden: pass tf.config.listPhysicalDevices('CPU') (or no devices of another type, e.g. setVisibleDevices([], 'GPU')).`);
  }
}

function checkPhysicalDevice(device: unknown, op: string): void {
  if (!isCpu(device)) throw new Error(`${op}: Unrecognized device: ${deviceText(device)}.`);
}

/**
 * tf.config.experimental.get_memory_growth(device): a GPU setting. TensorFlow keeps none for a CPU
 * (its lookup fails with a KeyError), so gradtape's CPU device is refused the same way; any other
 * device is an "Unrecognized device" error.
 *
 * @example
 * ```ts
 * const [cpu] = tf.config.listPhysicalDevices('CPU');
 * let error: unknown;
 * try { tf.config.experimental.getMemoryGrowth(cpu!); } catch (e) { error = e; }
 * console.log((error as Error).name); // KeyError
 * ```
 */
export function getMemoryGrowth(device: PhysicalDevice): boolean {
  const op = 'config.experimental.getMemoryGrowth';
  checkPhysicalDevice(device, op);
  const error = new Error(`${op}: ${String(device)}: memory growth is a setting of GPUs (and pluggable devices); the CPU has none.`);
  error.name = 'KeyError';
  throw error;
}

/**
 * tf.config.experimental.set_memory_growth(device, enable): a GPU setting, refused for the CPU
 * with TensorFlow's message ("Cannot set memory growth on non-GPU and non-Pluggable devices");
 * gradtape's memory is governed by tf.setMemoryBudget instead.
 *
 * @example
 * ```ts
 * const [cpu] = tf.config.listPhysicalDevices('CPU');
 * let error: unknown;
 * try { tf.config.experimental.setMemoryGrowth(cpu!, true); } catch (e) { error = e; }
 * console.log((error as Error).message); // config.experimental.setMemoryGrowth: Cannot set memory growth on non-GPU and non-Pluggable devices (gradtape has one device, the CPU).
 * ```
 */
export function setMemoryGrowth(device: PhysicalDevice, enable: boolean): void {
  const op = 'config.experimental.setMemoryGrowth';
  checkPhysicalDevice(device, op);
  if (typeof enable !== 'boolean') throw new Error(`${op}: enable must be a boolean, got ${describe(enable)}.`);
  throw new Error(`${op}: Cannot set memory growth on non-GPU and non-Pluggable devices (gradtape has one device, the CPU).`);
}

/**
 * tf.config.run_functions_eagerly(run_eagerly): while true, every `tf.function` (and the steps of
 * `model.fit`, `evaluate` and `predict`, which are tf.functions) calls its function as written at
 * every call: no trace, no replay, no input-signature check, and JavaScript side effects happen at
 * every call, as in TensorFlow (for debugging). Traces made before stay cached and replay again
 * once it is set back to false. Eager training steps that repeat are not replayed either (see the
 * compiled-steps guide): each runs op by op, as written; the steps logged before are forgotten.
 *
 * @example
 * ```ts
 * let runs = 0;
 * const f = tf.function((x: tf.Tensor) => { runs++; return x.add(1); });
 * tf.config.runFunctionsEagerly(true);
 * f(tf.constant(1)); f(tf.constant(1));
 * tf.config.runFunctionsEagerly(false);
 * console.log(runs, f.experimentalGetTracingCount()); // 2 0
 * ```
 */
export function runFunctionsEagerly(runEagerly: boolean): void {
  if (typeof runEagerly !== 'boolean') throw new Error(`config.runFunctionsEagerly: expected true or false, got ${describe(runEagerly)}.`);
  setFunctionsRunEagerly(runEagerly);
  eagerSteps.restart();
}

/**
 * tf.config.functions_run_eagerly(): whether runFunctionsEagerly(true) is in effect (false by default).
 *
 * @example
 * ```ts
 * console.log(tf.config.functionsRunEagerly()); // false
 * ```
 */
export function functionsRunEagerly(): boolean {
  return runEagerlyNow();
}

let softPlacement = true;

/**
 * tf.config.get_soft_device_placement(): whether `tf.device` with a device gradtape lacks (a GPU,
 * a TPU) runs on the CPU (true, the default, as in TensorFlow) or is an error.
 *
 * @example
 * ```ts
 * console.log(tf.config.getSoftDevicePlacement()); // true
 * ```
 */
export function getSoftDevicePlacement(): boolean {
  return softPlacement;
}

/**
 * tf.config.set_soft_device_placement(enabled): with false, `tf.device('/GPU:0', fn)` (any device
 * but the CPU) is TensorFlow's InvalidArgumentError "Could not satisfy device specification" (here
 * raised as the device scope is entered, before `fn` runs; TensorFlow raises it at the scope's
 * first op); with true, such scopes run on the CPU.
 *
 * @example
 * ```ts
 * tf.config.setSoftDevicePlacement(false);
 * let error: unknown;
 * try { tf.device('/GPU:0', () => tf.constant(1)); } catch (e) { error = e; }
 * tf.config.setSoftDevicePlacement(true);
 * console.log((error as Error).name); // InvalidArgumentError
 * ```
 */
export function setSoftDevicePlacement(enabled: boolean): void {
  if (typeof enabled !== 'boolean') throw new Error(`config.setSoftDevicePlacement: expected true or false, got ${describe(enabled)}.`);
  softPlacement = enabled;
}

function checkThreads(n: unknown, op: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 255) throw new Error(`${op}: expected an integer from 0 (the default) to 255, got ${describe(n)}.`);
  return n;
}

/**
 * tf.config.threading.set_intra_op_parallelism_threads(num_threads): the threads one op's kernel
 * may use, gradtape's `tf.setNumThreads(n)`; 0 restores the default (the machine's cores, at
 * most 8). TensorFlow allows this only before its runtime starts; gradtape allows it at any time.
 *
 * @example
 * ```ts
 * tf.config.threading.setIntraOpParallelismThreads(1);
 * console.log(tf.config.threading.getIntraOpParallelismThreads(), tf.backendInfo().threads); // 1 1
 * tf.config.threading.setIntraOpParallelismThreads(0);
 * console.log(tf.config.threading.getIntraOpParallelismThreads()); // 0
 * ```
 */
export function setIntraOpParallelismThreads(numThreads: number): void {
  const n = checkThreads(numThreads, 'config.threading.setIntraOpParallelismThreads');
  if (n === 0) resetNumThreads();
  else setNumThreads(n);
}

/**
 * tf.config.threading.get_intra_op_parallelism_threads(): the number set by
 * setIntraOpParallelismThreads or tf.setNumThreads, 0 when none is (the default; as TensorFlow,
 * 0 means "the system picks", and `tf.backendInfo().threads` says how many run).
 *
 * @example
 * ```ts
 * tf.config.threading.setIntraOpParallelismThreads(0);
 * console.log(tf.config.threading.getIntraOpParallelismThreads()); // 0
 * tf.setNumThreads(3);
 * console.log(tf.config.threading.getIntraOpParallelismThreads()); // 3
 * tf.config.threading.setIntraOpParallelismThreads(0);
 * ```
 */
export function getIntraOpParallelismThreads(): number {
  return requestedThreadsSetting();
}

let interOpThreads = 0;

/**
 * tf.config.threading.set_inter_op_parallelism_threads(num_threads): accepted and recorded, with
 * no effect: TensorFlow runs independent ops of a graph concurrently on this many threads, while
 * gradtape runs ops one after the other on the calling thread (a kernel's own work is split by
 * setIntraOpParallelismThreads). 0 is the default.
 *
 * @example
 * ```ts
 * tf.config.threading.setInterOpParallelismThreads(2);
 * console.log(tf.config.threading.getInterOpParallelismThreads()); // 2
 * tf.config.threading.setInterOpParallelismThreads(0);
 * ```
 */
export function setInterOpParallelismThreads(numThreads: number): void {
  interOpThreads = checkThreads(numThreads, 'config.threading.setInterOpParallelismThreads');
}

/**
 * tf.config.threading.get_inter_op_parallelism_threads(): the number setInterOpParallelismThreads
 * recorded, 0 by default (it changes nothing in gradtape).
 *
 * @example
 * ```ts
 * console.log(tf.config.threading.getInterOpParallelismThreads()); // 0
 * ```
 */
export function getInterOpParallelismThreads(): number {
  return interOpThreads;
}

// The classes under distinct names, for the type namespace in index.ts: the .d.ts bundler would
// otherwise write `type PhysicalDevice = PhysicalDevice` inside `namespace config`.
export type PhysicalDeviceClass = PhysicalDevice;
export type LogicalDeviceClass = LogicalDevice;
