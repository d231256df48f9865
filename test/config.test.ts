// tf.config as TensorFlow 2.21 reports and checks it on a machine with one CPU and no GPU
// (answers recorded from TF 2.21: context.py's list_physical_devices, set_visible_devices,
// get/set_memory_growth, and polymorphic_function.py's run_functions_eagerly check).
import * as tf from 'gradtape';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => {
  tf.config.runFunctionsEagerly(false);
  tf.config.setSoftDevicePlacement(true);
  tf.config.threading.setIntraOpParallelismThreads(0);
  tf.config.threading.setInterOpParallelismThreads(0);
});

describe('devices', () => {
  it('one physical CPU device, as TensorFlow names it; GPU and other types give []', () => {
    const all = tf.config.listPhysicalDevices();
    expect(all.map((d) => [d.name, d.deviceType])).toEqual([['/physical_device:CPU:0', 'CPU']]);
    expect(String(all[0])).toBe("PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')");
    expect(all[0]).toBeInstanceOf(tf.config.PhysicalDevice);
    expect(tf.config.listPhysicalDevices('CPU')).toEqual(all);
    expect(tf.config.listPhysicalDevices('GPU')).toEqual([]);
    expect(tf.config.listPhysicalDevices('TPU')).toEqual([]);
    expect(tf.config.listPhysicalDevices('cpu')).toEqual([]); // compared as written, as in TF
    expect(tf.config.listPhysicalDevices(null)).toEqual(all);
    expect(tf.config.experimental.listPhysicalDevices).toBe(tf.config.listPhysicalDevices);
    expect(() => tf.config.listPhysicalDevices(3 as unknown as string)).toThrow(/listPhysicalDevices: deviceType must be a string/);
  });

  it('one logical CPU device, /device:CPU:0', () => {
    const [cpu, ...rest]: tf.config.LogicalDevice[] = tf.config.listLogicalDevices();
    expect(rest).toEqual([]);
    expect([cpu!.name, cpu!.deviceType, String(cpu)]).toEqual(['/device:CPU:0', 'CPU', "LogicalDevice(name='/device:CPU:0', device_type='CPU')"]);
    expect(tf.config.listLogicalDevices('GPU')).toEqual([]);
    expect(tf.config.listLogicalDevices('CPU').length).toBe(1);
  });

  it('visible devices: the CPU; setVisibleDevices accepts it and no devices of another type, and refuses the rest', () => {
    expect(tf.config.getVisibleDevices().map(String)).toEqual(["PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')"]);
    expect(tf.config.getVisibleDevices('GPU')).toEqual([]);
    const [cpu] = tf.config.listPhysicalDevices('CPU');
    tf.config.setVisibleDevices(tf.config.listPhysicalDevices('CPU'));
    tf.config.setVisibleDevices(cpu!);
    tf.config.setVisibleDevices(cpu!, 'CPU');
    tf.config.setVisibleDevices([], 'GPU');
    // A device equal by value is the same device (TF's are named tuples).
    tf.config.setVisibleDevices([new tf.config.PhysicalDevice('/physical_device:CPU:0', 'CPU')]);
    expect(tf.config.getVisibleDevices().length).toBe(1);
    // TF: ValueError "Unrecognized device: ..." for a device of another type than device_type, or an unknown one.
    expect(() => tf.config.setVisibleDevices([cpu!], 'GPU')).toThrow("config.setVisibleDevices: Unrecognized device: PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU').");
    expect(() => tf.config.setVisibleDevices(new tf.config.PhysicalDevice('/physical_device:GPU:0', 'GPU'))).toThrow(/Unrecognized device: PhysicalDevice\(name='\/physical_device:GPU:0'/);
    expect(() => tf.config.setVisibleDevices('x' as unknown as tf.config.PhysicalDevice)).toThrow(/Unrecognized device: "x"/);
    expect(() => tf.config.setVisibleDevices([])).toThrow(/the CPU, which cannot be hidden/);
    expect(() => tf.config.setVisibleDevices([], 'CPU')).toThrow(/the CPU, which cannot be hidden/);
  });

  it('memory growth: refused for the CPU as TensorFlow refuses it, unknown devices unrecognized', () => {
    const [cpu] = tf.config.listPhysicalDevices();
    // TF 2.21: get_memory_growth(cpu) raises KeyError; set_memory_growth(cpu, True) raises ValueError.
    expect(() => tf.config.experimental.getMemoryGrowth(cpu!)).toThrow(expect.objectContaining({ name: 'KeyError' }));
    expect(() => tf.config.experimental.setMemoryGrowth(cpu!, true)).toThrow('Cannot set memory growth on non-GPU and non-Pluggable devices');
    expect(() => tf.config.experimental.setMemoryGrowth(cpu!, false)).toThrow('Cannot set memory growth on non-GPU and non-Pluggable devices');
    expect(() => tf.config.experimental.getMemoryGrowth('x' as unknown as tf.config.PhysicalDevice)).toThrow(/Unrecognized device: "x"/);
    expect(() => tf.config.experimental.setMemoryGrowth(new tf.config.PhysicalDevice('/physical_device:GPU:0', 'GPU'), true)).toThrow(/Unrecognized device/);
  });
});

describe('soft device placement', () => {
  it('on by default: tf.device with a GPU runs on the CPU; off: InvalidArgumentError with TensorFlow\'s message', () => {
    expect(tf.config.getSoftDevicePlacement()).toBe(true);
    expect(tf.device('/GPU:0', () => tf.constant([1, 2]).mul(2)).arraySync()).toEqual([2, 4]);
    tf.config.setSoftDevicePlacement(false);
    expect(tf.config.getSoftDevicePlacement()).toBe(false);
    let ran = false;
    expect(() => tf.device('/GPU:0', () => (ran = true))).toThrow(expect.objectContaining({
      name: 'InvalidArgumentError',
      message: "device: Could not satisfy device specification '/GPU:0'. enable_soft_placement=0. Supported device types [CPU]. All available devices [/job:localhost/replica:0/task:0/device:CPU:0].",
    }));
    expect(ran).toBe(false);
    expect(() => tf.device('/job:localhost/replica:0/task:0/device:TPU:1', () => 1)).toThrow(/Could not satisfy device specification/);
    // The CPU, in any spelling, and no device at all still run.
    expect(tf.device('/cpu:0', () => 1)).toBe(1);
    expect(tf.device('/device:CPU:0', () => 2)).toBe(2);
    expect(tf.device('/job:localhost', () => 3)).toBe(3);
    expect(tf.device(null, () => 4)).toBe(4);
    expect(() => tf.config.setSoftDevicePlacement(0 as unknown as boolean)).toThrow(/expected true or false/);
  });
});

describe('runFunctionsEagerly', () => {
  it('while set, a tf.function calls its function as written: side effects at every call, no trace, and replays again after', () => {
    expect(tf.config.functionsRunEagerly()).toBe(false);
    const seen: boolean[] = [];
    const f = tf.function((x: tf.Tensor) => {
      seen.push(tf.executingEagerly());
      return x.add(1);
    });
    tf.config.runFunctionsEagerly(true);
    expect(tf.config.functionsRunEagerly()).toBe(true);
    expect(f(tf.constant(1)).arraySync()).toBe(2);
    expect(f(tf.constant(2)).arraySync()).toBe(3);
    // TF 2.21: two calls run the Python function twice, tracing count 0, executing eagerly.
    expect([seen, f.experimentalGetTracingCount()]).toEqual([[true, true], 0]);
    tf.config.runFunctionsEagerly(false);
    expect(f(tf.constant(1)).arraySync()).toBe(2);
    expect(f(tf.constant(5)).arraySync()).toBe(6);
    expect([seen, f.experimentalGetTracingCount()]).toEqual([[true, true, false], 1]);
    // Set again, the traced function runs as written too.
    tf.config.runFunctionsEagerly(true);
    expect(f(tf.constant(7)).arraySync()).toBe(8);
    expect(seen).toEqual([true, true, false, true]);
  });

  it('reading values inside the function works while set (it is not traced), and the input signature is not checked, as in TF', () => {
    const f = tf.function((x: tf.Tensor) => (x.sum().arraySync() as number) > 0 ? x.mul(2) : x.neg(), { inputSignature: [new tf.TensorSpec([], 'float32')] });
    expect(() => f(tf.constant(3))).toThrow(/reads the values of a tensor computed from its arguments|while it is traced/);
    tf.config.runFunctionsEagerly(true);
    expect(f(tf.constant(3)).arraySync()).toBe(6);
    expect(f(tf.constant(-3)).arraySync()).toBe(3);
    expect(f(tf.constant([1, 2], 'float64')).arraySync()).toEqual([2, 4]); // outside the signature
  });

  it('model.fit\'s steps run as written while set, with the same result as compiled ones', () => {
    const fit = () => {
      tf.keras.backend.clearSession();
      let eagerCalls = 0;
      const spy = new tf.keras.layers.Lambda((x: tf.Tensor) => {
        if (tf.executingEagerly()) eagerCalls++;
        return x;
      });
      const model = new tf.keras.Sequential([tf.keras.Input([2]), spy, new tf.keras.layers.Dense(1, { kernelInitializer: 'ones' })]);
      model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
      model.fit(tf.constant([[1, 2], [3, 4]]), tf.constant([[1], [2]]), { epochs: 3, verbose: 0, shuffle: false });
      return [Array.from(model.getWeights()[0]!.dataSync()), eagerCalls] as const;
    };
    const [compiled, compiledCalls] = fit();
    tf.config.runFunctionsEagerly(true);
    const [eager, eagerCalls] = fit();
    expect(eager).toEqual(compiled);
    // One more eager call of the layer per step (3 epochs of one batch): the steps ran as written.
    expect(eagerCalls - compiledCalls).toBe(3);
  });

  it('refuses a non-boolean', () => {
    expect(() => tf.config.runFunctionsEagerly(1 as unknown as boolean)).toThrow(/config.runFunctionsEagerly: expected true or false, got 1/);
  });
});

describe('threading', () => {
  it('intra-op: tf.setNumThreads; 0 is the default (what TensorFlow reports unset)', () => {
    const defaultThreads = tf.backendInfo().threads;
    expect(tf.config.threading.getIntraOpParallelismThreads()).toBe(0);
    tf.config.threading.setIntraOpParallelismThreads(1);
    expect([tf.config.threading.getIntraOpParallelismThreads(), tf.backendInfo().threads]).toEqual([1, 1]);
    tf.setNumThreads(2);
    expect(tf.config.threading.getIntraOpParallelismThreads()).toBe(2);
    tf.config.threading.setIntraOpParallelismThreads(0);
    expect([tf.config.threading.getIntraOpParallelismThreads(), tf.backendInfo().threads]).toEqual([0, defaultThreads]);
    expect(() => tf.config.threading.setIntraOpParallelismThreads(-1)).toThrow(/expected an integer from 0 \(the default\) to 255, got -1/);
    expect(() => tf.config.threading.setIntraOpParallelismThreads(1.5)).toThrow(/expected an integer/);
  });

  it('inter-op: recorded, no effect on the kernels\' threads', () => {
    const threads = tf.backendInfo().threads;
    expect(tf.config.threading.getInterOpParallelismThreads()).toBe(0);
    tf.config.threading.setInterOpParallelismThreads(3);
    expect(tf.config.threading.getInterOpParallelismThreads()).toBe(3);
    expect(tf.backendInfo().threads).toBe(threads);
    expect(() => tf.config.threading.setInterOpParallelismThreads(256)).toThrow(/expected an integer/);
  });
});
