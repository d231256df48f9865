// Every public function or constructor that takes an options object rejects a key it does not
// know, naming itself, the key and every option it accepts (a misspelt option is never silently
// ignored). A new API with an options object belongs in this table.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

const x = tf.constant([[1, 2], [3, 4]]);
const BOGUS = { bogsu: 1 };

function recordedSquare() {
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  return { tape, y: tape.record(() => x.square()) };
}

const OPTIMIZER_BASE = ['learningRate', 'weightDecay', 'clipnorm', 'clipvalue', 'globalClipnorm', 'useEma', 'emaMomentum', 'emaOverwriteFrequency', 'gradientAccumulationSteps', 'lossScaleFactor', 'name'];

/** A compiled one-layer model, for the options of its methods. */
function compiledModel() {
  const model = new tf.keras.Sequential([new tf.keras.layers.Dense(1, { inputShape: [1] })]);
  model.compile({ loss: 'mse' });
  return model;
}

/** [the name errors use, the call with an unknown key, the options it accepts] */
const CASES: [string, () => unknown, string[]][] = [
  ['GradientTape', () => new tf.GradientTape(BOGUS as never), ['persistent', 'watchAccessedVariables']],
  ['gradient', () => { const { tape, y } = recordedSquare(); return tape.gradient(y, x, BOGUS as never); }, ['outputGradients', 'unconnectedGradients']],
  ['jacobian', () => { const { tape, y } = recordedSquare(); return tape.jacobian(y, x, BOGUS as never); }, ['unconnectedGradients', 'experimentalUsePfor', 'experimentalUseVectorization', 'parallelIterations']],
  ['batchJacobian', () => { const { tape, y } = recordedSquare(); return tape.batchJacobian(y, x, BOGUS as never); }, ['unconnectedGradients', 'experimentalUsePfor', 'experimentalUseVectorization', 'parallelIterations']],
  ['jvp', () => { const acc = new tf.autodiff.ForwardAccumulator(x, x); return acc.jvp(acc.record(() => x.square()), BOGUS as never); }, ['unconnectedGradients']],
  ['Variable', () => new tf.Variable(1, BOGUS as never), ['trainable', 'name', 'dtype', 'constraint']],
  ['Adam', () => new tf.keras.optimizers.Adam(BOGUS as never), ['beta1', 'beta2', 'epsilon', 'amsgrad', ...OPTIMIZER_BASE]],
  ['SGD', () => new tf.keras.optimizers.SGD(BOGUS as never), ['momentum', 'nesterov', ...OPTIMIZER_BASE]],
  ['Adafactor', () => new tf.keras.optimizers.Adafactor(BOGUS as never), ['beta2Decay', 'epsilon1', 'epsilon2', 'clipThreshold', 'relativeStep', ...OPTIMIZER_BASE]],
  ['AdamW.excludeFromWeightDecay', () => new tf.keras.optimizers.AdamW().excludeFromWeightDecay({ varNames: ['bias'], ...BOGUS } as never), ['varList', 'varNames']],
  ['schedules.ExponentialDecay', () => new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5, ...BOGUS } as never), ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name']],
  ['schedules.CosineDecay', () => new tf.keras.optimizers.schedules.CosineDecay({ initialLearningRate: 1, decaySteps: 1, ...BOGUS } as never), ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps', 'name']],
  ['schedules.PiecewiseConstantDecay', () => new tf.keras.optimizers.schedules.PiecewiseConstantDecay({ boundaries: [1], values: [1, 2], ...BOGUS } as never), ['boundaries', 'values', 'name']],
  ['keras.losses.Huber', () => new tf.keras.losses.Huber(BOGUS as never), ['reduction', 'name', 'dtype', 'delta']],
  ['keras.metrics.SensitivityAtSpecificity', () => new tf.keras.metrics.SensitivityAtSpecificity(0.5, BOGUS as never), ['name', 'dtype', 'numThresholds', 'classId']],
  ['keras.metrics.RecallAtPrecision', () => new tf.keras.metrics.RecallAtPrecision(BOGUS as never), ['name', 'dtype', 'precision', 'numThresholds', 'classId']],
  ['keras.metrics.IoU', () => new tf.keras.metrics.IoU(BOGUS as never), ['name', 'dtype', 'numClasses', 'targetClassIds', 'ignoreClass', 'sparseYTrue', 'sparseYPred', 'axis']],
  ['keras.losses.SparseCategoricalCrossentropy', () => new tf.keras.losses.SparseCategoricalCrossentropy(BOGUS as never), ['reduction', 'name', 'dtype', 'fromLogits', 'ignoreClass']],
  ['random.normal', () => tf.random.normal([2], BOGUS as never), ['mean', 'stddev', 'dtype', 'seed']],
  ['random.uniform', () => tf.random.uniform([2], BOGUS as never), ['minval', 'maxval', 'dtype', 'seed']],
  ['random.categorical', () => tf.random.categorical([[0, 0]], 2, BOGUS as never), ['dtype', 'seed']],
  ['stridedSlice', () => tf.stridedSlice(x, [0], [1], [1], BOGUS as never), ['beginMask', 'endMask', 'ellipsisMask', 'newAxisMask', 'shrinkAxisMask']],
  ['gather', () => tf.gather(x, [0], BOGUS as never), ['axis', 'batchDims']],
  ['oneHot', () => tf.oneHot([0], 2, BOGUS as never), ['onValue', 'offValue', 'axis', 'dtype']],
  ['meshgrid', () => tf.meshgrid([1, 2], [1, 2], BOGUS as never), ['indexing']],
  ['dropout', () => tf.nn.dropout(x, 0.5, BOGUS as never), ['noiseShape', 'seed']],
  ['softmaxCrossEntropyWithLogits', () => tf.nn.softmaxCrossEntropyWithLogits({ labels: x, logits: x, ...BOGUS } as never), ['labels', 'logits', 'axis']],
  ['curveFit', () => tf.optimize.curveFit((t, a) => t.mul(a!), [1, 2], [2, 4], [1], BOGUS as never), ['ftol', 'xtol', 'gtol', 'maxIterations', 'maxEvaluations', 'onIteration', 'method', 'bounds', 'loss', 'fScale', 'xScale', 'dtype', 'jit', 'sigma', 'absoluteSigma']],
  ['leastSquares', () => tf.optimize.leastSquares((p) => p.sub(1), [0], BOGUS as never), ['ftol', 'xtol', 'gtol', 'maxIterations', 'maxEvaluations', 'onIteration', 'method', 'bounds', 'loss', 'fScale', 'xScale', 'dtype', 'jit']],
  ['minimize', () => tf.optimize.minimize((p) => p.square().reduceSum(), [1], BOGUS as never), ['method', 'bounds', 'gtol', 'ftol', 'maxIterations', 'maxEvaluations', 'historySize', 'onIteration', 'xatol', 'fatol', 'adaptive', 'jit', 'norm', 'xtol', 'direc', 'xrtol']],
  ['keras.layers.Dense', () => new tf.keras.layers.Dense(2, BOGUS as never), ['activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer', 'kernelConstraint', 'biasConstraint', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.Conv1D', () => new tf.keras.layers.Conv1D(2, 3, BOGUS as never), ['strides', 'padding', 'dataFormat', 'dilationRate', 'groups', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer', 'kernelConstraint', 'biasConstraint', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.AveragePooling2D', () => new tf.keras.layers.AveragePooling2D(BOGUS as never), ['poolSize', 'strides', 'padding', 'dataFormat', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.GlobalMaxPooling2D', () => new tf.keras.layers.GlobalMaxPooling2D(BOGUS as never), ['dataFormat', 'keepdims', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.BatchNormalization', () => new tf.keras.layers.BatchNormalization(BOGUS as never), ['axis', 'momentum', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer', 'movingMeanInitializer', 'movingVarianceInitializer', 'betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.LayerNormalization', () => new tf.keras.layers.LayerNormalization(BOGUS as never), ['axis', 'epsilon', 'center', 'scale', 'rmsScaling', 'betaInitializer', 'gammaInitializer', 'betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.Embedding', () => new tf.keras.layers.Embedding(10, 2, BOGUS as never), ['embeddingsInitializer', 'embeddingsRegularizer', 'embeddingsConstraint', 'maskZero', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.SimpleRNN', () => new tf.keras.layers.SimpleRNN(2, BOGUS as never), ['activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout', 'seed', 'returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.LSTM', () => new tf.keras.layers.LSTM(2, BOGUS as never), ['activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout', 'seed', 'returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll', 'recurrentActivation', 'unitForgetBias', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.GRU', () => new tf.keras.layers.GRU(2, BOGUS as never), ['activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout', 'seed', 'returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll', 'recurrentActivation', 'resetAfter', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.Bidirectional', () => new tf.keras.layers.Bidirectional(new tf.keras.layers.LSTM(2), BOGUS as never), ['mergeMode', 'backwardLayer', 'weights', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.layers.TimeDistributed', () => new tf.keras.layers.TimeDistributed(new tf.keras.layers.Dense(2), BOGUS as never), ['name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape']],
  ['keras.Sequential.fit', () => compiledModel().fit([[1]], [[1]], BOGUS as never), ['batchSize', 'epochs', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'initialEpoch']],
  ['basinhopping', () => tf.optimize.basinhopping((p) => p.square().reduceSum(), [1], BOGUS as never), ['niter', 'T', 'stepsize', 'minimizerKwargs', 'takeStep', 'acceptTest', 'callback', 'interval', 'disp', 'niterSuccess', 'rng', 'seed', 'targetAcceptRate', 'stepwiseFactor']],
  ['brute', () => tf.optimize.brute((p: number[]) => p[0]! * p[0]!, [[-1, 1]], BOGUS as never), ['Ns', 'fullOutput', 'finish', 'disp', 'workers']],
  ['root', () => tf.optimize.root((p) => p.sub(1), [0], BOGUS as never), ['method', 'tol', 'xtol', 'maxEvaluations', 'factor', 'diag', 'dtype', 'jit']],
];

describe('options objects reject unknown keys, listing the accepted ones', () => {
  it.each(CASES)('%s', (name, call, accepted) => {
    let message = '';
    try {
      call();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.startsWith(`${name}: `), message).toBe(true);
    expect(message).toContain('bogsu');
    const listed = message.slice(message.lastIndexOf(': ') + 2);
    for (const option of accepted) expect(listed, option).toMatch(new RegExp(`\\b${option}\\b`));
  });

  it("optimizers keep Keras' deprecated `lr` alias of learningRate", () => {
    expect(new tf.keras.optimizers.Adam({ lr: 0.25 } as never).learningRate).toBe(0.25);
    expect(() => new tf.keras.optimizers.Adam({ lr: 0.25, learningRate: 0.1 } as never)).toThrow(/Adam: pass learningRate or its deprecated alias lr, not both/);
  });
});

// The accepted lists above are written by hand; these come from the published declarations, so
// they cannot drift from the typings, and an options interface added by a new API fails here
// until it has a call below.
describe('every options interface of the published declarations', () => {
  const dts = readFileSync(join(root, 'dist', 'index.d.ts'), 'utf8');

  /** The keys an interface of the declarations holds, its bases' included. */
  function interfaceKeys(name: string): string[] {
    const m = dts.match(new RegExp(`^interface ${name}(?: extends ((?:\\w+|Omit<\\w+, [^>]+>)(?:, (?:\\w+|Omit<\\w+, [^>]+>))*))? \\{\\n([\\s\\S]*?)^\\}`, 'm'));
    if (!m) throw new Error(`interface ${name} is not in dist/index.d.ts`);
    const own = [...m[2]!.matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((k) => k[1]!);
    // Each base: a name, or `Omit<Base, 'a' | 'b'>`, the base's keys but those (the interface may redeclare them).
    const bases = m[1] ? [...m[1].matchAll(/Omit<(\w+), ([^>]+)>|(\w+)/g)] : [];
    const inherited = bases.flatMap((b) => {
      if (b[3] !== undefined) return interfaceKeys(b[3]);
      const dropped = [...b[2]!.matchAll(/'(\w+)'/g)].map((k) => k[1]!);
      return interfaceKeys(b[1]!).filter((k) => !dropped.includes(k));
    });
    return [...inherited, ...own];
  }

  type Call = (options: object) => unknown;
  const O = tf.keras.optimizers;
  const S = tf.keras.optimizers.schedules;
  const L = tf.keras.losses;
  /** A call that passes `options` where the interface is taken. */
  const BY_INTERFACE: Record<string, Call> = {
    StridedSliceOptions: (o) => tf.stridedSlice(x, [0], [1], [1], o),
    // A last object naming none of print's keys is a dict to print: the options name one.
    PrintOptions: (o) => tf.print('x', { outputStream: () => {}, ...o }),
    GatherOptions: (o) => tf.gather(x, [0], o),
    OneHotOptions: (o) => tf.oneHot([0], 2, o),
    MeshgridOptions: (o) => tf.meshgrid([1, 2], [3], o),
    NormalOptions: (o) => tf.random.normal([2], o),
    UniformOptions: (o) => tf.random.uniform([2], o),
    CategoricalOptions: (o) => tf.random.categorical([[0, 1]], 2, o),
    StatelessUniformOptions: (o) => tf.random.statelessUniform([2], [1, 2], o),
    StatelessNormalOptions: (o) => tf.random.statelessNormal([2], [1, 2], o),
    StatelessCategoricalOptions: (o) => tf.random.statelessCategorical([[0, 1]], 2, [1, 2], o),
    StatelessSeedOptions: (o) => tf.random.experimental.statelessSplit([1, 2], 2, o),
    StatelessShuffleOptions: (o) => tf.random.experimental.statelessShuffle([1, 2], [1, 2], o),
    RandomGrayscaleOptions: (o) => new tf.keras.layers.RandomGrayscale(0.5, o),
    RandomInvertOptions: (o) => new tf.keras.layers.RandomInvert(1, o),
    SolarizationOptions: (o) => new tf.keras.layers.Solarization(o),
    AutoContrastOptions: (o) => new tf.keras.layers.AutoContrast(o),
    RandomColorOptions: (o) => new tf.keras.layers.RandomHue(0.5, o),
    RandomPosterizationOptions: (o) => new tf.keras.layers.RandomPosterization(4, o),
    RandomColorJitterOptions: (o) => new tf.keras.layers.RandomColorJitter(o),
    RandomGaussianBlurOptions: (o) => new tf.keras.layers.RandomGaussianBlur(o),
    RandomErasingOptions: (o) => new tf.keras.layers.RandomErasing(o),
    RandomShearOptions: (o) => new tf.keras.layers.RandomShear(o),
    KerasNormalOptions: (o) => tf.keras.random.normal([2], { seed: 1, ...o }),
    KerasUniformOptions: (o) => tf.keras.random.uniform([2], { seed: 1, ...o }),
    KerasRandintOptions: (o) => tf.keras.random.randint([2], 0, 3, { seed: 1, ...o }),
    KerasCategoricalOptions: (o) => tf.keras.random.categorical([[0, 1]], 2, { seed: 1, ...o }),
    KerasDropoutOptions: (o) => tf.keras.random.dropout([1, 2], 0.5, { seed: 1, ...o }),
    KerasShuffleOptions: (o) => tf.keras.random.shuffle([1, 2], { seed: 1, ...o }),
    KerasDistributionOptions: (o) => tf.keras.random.gamma([2], 1, { seed: 1, ...o }),
    LossOptions: (o) => new L.MeanSquaredError(o),
    CosineSimilarityOptions: (o) => new L.CosineSimilarity(o),
    HuberOptions: (o) => new L.Huber(o),
    CrossentropyOptions: (o) => new L.BinaryCrossentropy(o),
    SparseCategoricalCrossentropyOptions: (o) => new L.SparseCategoricalCrossentropy(o),
    MetricOptions: (o) => new tf.keras.metrics.Mean(o),
    CosineSimilarityMetricOptions: (o) => new tf.keras.metrics.CosineSimilarity(o),
    R2ScoreOptions: (o) => new tf.keras.metrics.R2Score(o),
    CorrelationMetricOptions: (o) => new tf.keras.metrics.PearsonCorrelation(o),
    BinaryAccuracyOptions: (o) => new tf.keras.metrics.BinaryAccuracy(o),
    TopKAccuracyOptions: (o) => new tf.keras.metrics.TopKCategoricalAccuracy(o),
    SparseTopKAccuracyOptions: (o) => new tf.keras.metrics.SparseTopKCategoricalAccuracy(o),
    CrossentropyMetricOptions: (o) => new tf.keras.metrics.CategoricalCrossentropy(o),
    SparseCategoricalCrossentropyMetricOptions: (o) => new tf.keras.metrics.SparseCategoricalCrossentropy(o),
    PrecisionRecallOptions: (o) => new tf.keras.metrics.Precision(o),
    AUCOptions: (o) => new tf.keras.metrics.AUC(o),
    ConfusionCountOptions: (o) => new tf.keras.metrics.TruePositives(o),
    SensitivitySpecificityOptions: (o) => new tf.keras.metrics.PrecisionAtRecall(0.5, o),
    PrecisionAtRecallOptions: (o) => new tf.keras.metrics.PrecisionAtRecall(o as never),
    RecallAtPrecisionOptions: (o) => new tf.keras.metrics.RecallAtPrecision(o as never),
    SensitivityAtSpecificityOptions: (o) => new tf.keras.metrics.SensitivityAtSpecificity(o as never),
    SpecificityAtSensitivityOptions: (o) => new tf.keras.metrics.SpecificityAtSensitivity(o as never),
    F1ScoreOptions: (o) => new tf.keras.metrics.F1Score(o),
    FBetaScoreOptions: (o) => new tf.keras.metrics.FBetaScore(o),
    IoUCommonOptions: (o) => new tf.keras.metrics.OneHotMeanIoU(o as never),
    IoUOptions: (o) => new tf.keras.metrics.IoU(o as never),
    MeanIoUOptions: (o) => new tf.keras.metrics.MeanIoU(o as never),
    OneHotIoUOptions: (o) => new tf.keras.metrics.OneHotIoU(o as never),
    BinaryIoUOptions: (o) => new tf.keras.metrics.BinaryIoU(o),
    BinaryFocalCrossentropyOptions: (o) => new L.BinaryFocalCrossentropy(o),
    CategoricalFocalCrossentropyOptions: (o) => new L.CategoricalFocalCrossentropy(o),
    DiceOptions: (o) => new L.Dice(o),
    TverskyOptions: (o) => new L.Tversky(o),
    CategoricalGeneralizedCrossEntropyOptions: (o) => new L.CategoricalGeneralizedCrossEntropy(o),
    CircleOptions: (o) => new L.Circle(o),
    L1Options: (o) => new tf.keras.regularizers.L1(o),
    L2Options: (o) => new tf.keras.regularizers.L2(o),
    L1L2Options: (o) => new tf.keras.regularizers.L1L2(o),
    OrthogonalRegularizerOptions: (o) => new tf.keras.regularizers.OrthogonalRegularizer(o),
    XentArgs: (o) => tf.nn.sigmoidCrossEntropyWithLogits({ labels: [1], logits: [1], ...o } as never),
    SoftmaxXentArgs: (o) => tf.nn.softmaxCrossEntropyWithLogits({ labels: [1], logits: [1], ...o } as never),
    WeightedXentArgs: (o) => tf.nn.weightedCrossEntropyWithLogits({ labels: [1], logits: [1], posWeight: 1, ...o } as never),
    DropoutOptions: (o) => tf.nn.dropout(x, 0.5, o),
    VariableOptions: (o) => new tf.Variable(1, o),
    KerasVariableOptions: (o) => new tf.keras.Variable(1, o),
    DeserializeKerasObjectOptions: (o) => tf.keras.saving.deserializeKerasObject(null, o),
    ExponentialDecayOptions: (o) => new S.ExponentialDecay(o as never),
    InverseTimeDecayOptions: (o) => new S.InverseTimeDecay(o as never),
    PolynomialDecayOptions: (o) => new S.PolynomialDecay(o as never),
    PiecewiseConstantDecayOptions: (o) => new S.PiecewiseConstantDecay(o as never),
    CosineDecayOptions: (o) => new S.CosineDecay(o as never),
    CosineDecayRestartsOptions: (o) => new S.CosineDecayRestarts(o as never),
    BaseOptimizerOptions: (o) => new O.SGD(o),
    SGDOptions: (o) => new O.SGD(o),
    AdamOptions: (o) => new O.Adam(o),
    AdamWOptions: (o) => new O.AdamW(o),
    NadamOptions: (o) => new O.Nadam(o),
    RMSpropOptions: (o) => new O.RMSprop(o),
    AdagradOptions: (o) => new O.Adagrad(o),
    AdadeltaOptions: (o) => new O.Adadelta(o),
    AdamaxOptions: (o) => new O.Adamax(o),
    LionOptions: (o) => new O.Lion(o),
    FtrlOptions: (o) => new O.Ftrl(o),
    LambOptions: (o) => new O.Lamb(o),
    AdafactorOptions: (o) => new O.Adafactor(o),
    MuonOptions: (o) => new O.Muon(o),
    ScheduleFreeAdamWOptions: (o) => new O.ScheduleFreeAdamW(o),
    LossScaleOptimizerOptions: (o) => new O.LossScaleOptimizer(new O.SGD(), o),
    FitOptions: (o) => tf.optimize.leastSquares((p) => p.sub(1), [0], o),
    CurveFitOptions: (o) => tf.optimize.curveFit((t, a) => t.mul(a!), [1, 2], [2, 4], [1], o),
    MinimizeOptions: (o) => tf.optimize.minimize((p) => p.square().reduceSum(), [1], o),
    DifferentialEvolutionOptions: (o) => tf.optimize.differentialEvolution((p: number[]) => p[0]! * p[0]!, [[-1, 1]], o),
    BasinhoppingOptions: (o) => tf.optimize.basinhopping((p) => p.square().sum(), [1], { niter: 1, ...o }),
    BruteOptions: (o) => tf.optimize.brute((p: number[]) => p[0]! * p[0]!, [[-1, 1]], o),
    RootOptions: (o) => tf.optimize.root((p) => p.sub(1), [0], o),
    MinimizeScalarOptions: (o) => tf.optimize.minimizeScalar((x: number) => x * x, o),
    NnlsOptions: (o) => tf.optimize.nnls([[1]], [1], o),
    LsqLinearOptions: (o) => tf.optimize.lsqLinear([[1]], [1], o),
    LsmrOptions: (o) => tf.optimize.lsmr([[1]], [1], o),
    MinimizeScalarSolverOptions: (o) => tf.optimize.minimizeScalar((x: number) => x * x, { options: o }),
    RootScalarOptions: (o) => tf.optimize.rootScalar((x: number) => x - 1, { bracket: [0, 2], ...o }),
    BracketedRootOptions: (o) => tf.optimize.toms748((x: number) => x - 1, 0, 2, o),
    NewtonOptions: (o) => tf.optimize.newton((x: number) => x - 1, 0, o),
    RootNonlinOptions: (o) => tf.optimize.root((p) => p.sub(1), [0], { method: 'broyden1', ...o }),
    RootDfSaneOptions: (o) => tf.optimize.root((p) => p.sub(1), [0], { method: 'df-sane', ...o }),
    RootJacobianOptions: (o) => tf.optimize.root((p) => p.sub(1), [0], { method: 'broyden1', jacOptions: o }),
    IsotonicRegressionOptions: (o) => tf.nn.isotonicRegression([1, 2], o),
    CtcLossOptions: (o) => tf.nn.ctcLoss([[1]], tf.zeros([2, 1, 2]), [1], [2], o),
    CtcGreedyDecoderOptions: (o) => tf.nn.ctcGreedyDecoder(tf.zeros([2, 1, 3]), [2], o),
    FrameOptions: (o) => tf.signal.frame([1, 2, 3], 2, 1, o),
    DctOptions: (o) => tf.signal.dct([1, 2, 3], o),
    LinearToMelWeightMatrixOptions: (o) => tf.signal.linearToMelWeightMatrix(o),
    MdctOptions: (o) => tf.signal.mdct(tf.zeros([8]), 4, o),
    InverseMdctOptions: (o) => tf.signal.inverseMdct(tf.zeros([2, 4]), o),
    CtcBeamSearchDecoderOptions: (o) => tf.nn.ctcBeamSearchDecoder(tf.zeros([2, 1, 3]), [2], o),
    GradientTapeOptions: (o) => new tf.GradientTape(o),
    FunctionOptions: (o) => tf.function((t: tf.Tensor) => t, o),
    GradientOptions: (o) => { const { tape, y } = recordedSquare(); return tape.gradient(y, x, o); },
    JacobianOptions: (o) => { const { tape, y } = recordedSquare(); return tape.jacobian(y, x, o); },
    MaxNormOptions: (o) => new tf.keras.constraints.MaxNorm(o),
    UnitNormOptions: (o) => new tf.keras.constraints.UnitNorm(o),
    MinMaxNormOptions: (o) => new tf.keras.constraints.MinMaxNorm(o),
    ConstantOptions: (o) => new tf.keras.initializers.Constant(o),
    GainOptions: (o) => new tf.keras.initializers.Orthogonal(o),
    RandomNormalOptions: (o) => new tf.keras.initializers.RandomNormal(o),
    RandomUniformOptions: (o) => new tf.keras.initializers.RandomUniform(o),
    VarianceScalingOptions: (o) => new tf.keras.initializers.VarianceScaling(o),
    SeedOptions: (o) => new tf.keras.initializers.GlorotUniform(o),
    WhileLoopOptions: (o) => tf.whileLoop(() => false, (v: tf.Tensor) => v, [x], o),
    ScanOptions: (o) => tf.scan((a: tf.Tensor) => a, x, o),
    CaseOptions: (o) => tf.case([[tf.constant(true), () => x]], o),
    ModuleOptions: (o) => new tf.Module(o),
    LayerOptions: (o) => new tf.keras.layers.Layer(o),
    // (A cell's call takes every key: `states` is a cell's; `initialState` the recurrent layers'.)
    LayerCallOptions: (o) => new tf.keras.layers.SimpleRNNCell(2)(tf.ones([1, 2]), o),
    ArgReduceOptions: (o) => tf.math.argmax(tf.ones([2]), o),
    AddWeightOptions: (o) => new tf.keras.layers.Layer().addWeight({ shape: [1], ...o } as never),
    DenseOptions: (o) => new tf.keras.layers.Dense(1, o),
    KernelBiasOptions: (o) => new tf.keras.layers.Dense(1, o),
    BiasOptions: (o) => new tf.keras.layers.DepthwiseConv2D(1, o),
    ReLUOptions: (o) => new tf.keras.layers.ReLU(o),
    SoftmaxOptions: (o) => new tf.keras.layers.Softmax(o),
    DropoutLayerOptions: (o) => new tf.keras.layers.Dropout(0.5, o),
    FlattenOptions: (o) => new tf.keras.layers.Flatten(o),
    ConvOptions: (o) => new tf.keras.layers.Conv2D(1, 1, o),
    PoolingOptions: (o) => new tf.keras.layers.MaxPooling2D(o),
    GlobalPoolingOptions: (o) => new tf.keras.layers.GlobalAveragePooling1D(o),
    BatchNormalizationOptions: (o) => new tf.keras.layers.BatchNormalization(o),
    LayerNormalizationOptions: (o) => new tf.keras.layers.LayerNormalization(o),
    BetaGammaOptions: (o) => new tf.keras.layers.GroupNormalization(o),
    EmbeddingOptions: (o) => new tf.keras.layers.Embedding(2, 2, o),
    MaskingOptions: (o) => new tf.keras.layers.Masking(o),
    LambdaOptions: (o) => new tf.keras.layers.Lambda(tf.abs, o),
    UpSampling1DOptions: (o) => new tf.keras.layers.UpSampling1D(o),
    UpSampling2DOptions: (o) => new tf.keras.layers.UpSampling2D(o),
    UpSampling3DOptions: (o) => new tf.keras.layers.UpSampling3D(o),
    ZeroPadding1DOptions: (o) => new tf.keras.layers.ZeroPadding1D(o),
    ZeroPadding2DOptions: (o) => new tf.keras.layers.ZeroPadding2D(o),
    ZeroPadding3DOptions: (o) => new tf.keras.layers.ZeroPadding3D(o),
    Cropping1DOptions: (o) => new tf.keras.layers.Cropping1D(o),
    Cropping2DOptions: (o) => new tf.keras.layers.Cropping2D(o),
    Cropping3DOptions: (o) => new tf.keras.layers.Cropping3D(o),
    LeakyReLUOptions: (o) => new tf.keras.layers.LeakyReLU(o),
    ELUOptions: (o) => new tf.keras.layers.ELU(o),
    PReLUOptions: (o) => new tf.keras.layers.PReLU(o),
    NoiseOptions: (o) => new tf.keras.layers.GaussianNoise(0.1, o),
    AlphaDropoutOptions: (o) => new tf.keras.layers.AlphaDropout(0.1, o),
    SpatialDropoutOptions: (o) => new tf.keras.layers.SpatialDropout1D(0.1, o),
    SpatialDropout2DOptions: (o) => new tf.keras.layers.SpatialDropout2D(0.1, o),
    RMSNormalizationOptions: (o) => new tf.keras.layers.RMSNormalization(o),
    ActivityRegularizationOptions: (o) => new tf.keras.layers.ActivityRegularization(o),
    UnitNormalizationOptions: (o) => new tf.keras.layers.UnitNormalization(o),
    GroupNormalizationOptions: (o) => new tf.keras.layers.GroupNormalization(o),
    RescalingOptions: (o) => new tf.keras.layers.Rescaling(2, o),
    ImagePreprocessingOptions: (o) => new tf.keras.layers.CenterCrop(2, 2, o),
    ResizingOptions: (o) => new tf.keras.layers.Resizing(2, 2, o),
    RandomLayerOptions: (o) => new tf.keras.layers.RandomFlip('horizontal', o),
    ColorAugmentationOptions: (o) => new tf.keras.layers.RandomContrast(0.1, o),
    GeometricOptions: (o) => new tf.keras.layers.RandomRotation(0.1, o),
    NormalizationOptions: (o) => new tf.keras.layers.Normalization(o),
    CategoryEncodingOptions: (o) => new tf.keras.layers.CategoryEncoding({ numTokens: 2, ...o }),
    CategoryEncodingCallOptions: (o) => new tf.keras.layers.CategoryEncoding({ numTokens: 2 })([0, 1], o),
    DiscretizationOptions: (o) => new tf.keras.layers.Discretization({ numBins: 2, ...o }),
    IntegerLookupOptions: (o) => new tf.keras.layers.IntegerLookup(o),
    HashingOptions: (o) => new tf.keras.layers.Hashing({ numBins: 2, ...o }),
    RecurrentOptions: (o) => new tf.keras.layers.SimpleRNN(2, o),
    LSTMOptions: (o) => new tf.keras.layers.LSTM(2, o),
    ConvLSTMOptions: (o) => new tf.keras.layers.ConvLSTM2D(2, 3, o),
    AdaptivePoolingOptions: (o) => new tf.keras.layers.AdaptiveAveragePooling2D(2, o),
    SpectralNormalizationOptions: (o) => new tf.keras.layers.SpectralNormalization(new tf.keras.layers.Dense(2), o),
    ReversibleEmbeddingOptions: (o) => new tf.keras.layers.ReversibleEmbedding(4, 2, o),
    ReversibleEmbeddingCallOptions: (o) => new tf.keras.layers.ReversibleEmbedding(4, 2).apply(tf.ones([1, 2]), o),
    GRUOptions: (o) => new tf.keras.layers.GRU(2, o),
    BidirectionalOptions: (o) => new tf.keras.layers.Bidirectional(new tf.keras.layers.LSTM(2), o),
    InputLayerOptions: (o) => new tf.keras.layers.InputLayer(o),
    InputOptions: (o) => tf.keras.Input([1], o),
    ModelOptions: (o) => new tf.keras.Model(o),
    ConcatenateOptions: (o) => new tf.keras.layers.Concatenate(o),
    DotOptions: (o) => new tf.keras.layers.Dot(1, o),
    CompileOptions: (o) => new tf.keras.Sequential().compile(o),
    ModelFitOptions: (o) => compiledModel().fit([[1]], [[1]], o),
    EvaluateOptions: (o) => compiledModel().evaluate([[1]], [[1]], o),
    BatchOptions: (o) => tf.data.Dataset.range(3).batch(2, o),
    RebatchOptions: (o) => tf.data.Dataset.range(3).batch(2).rebatch(2, o),
    FileDatasetOptions: (o) => new tf.data.TextLineDataset('unused.txt', o),
    CsvDatasetOptions: (o) => new tf.data.experimental.CsvDataset('unused.csv', ['string'], o),
    MakeCsvDatasetOptions: (o) => tf.data.experimental.makeCsvDataset('unused-*.csv', 1, o),
    TFRecordWriterOptions: (o) => new tf.io.TFRecordWriter('unused.tfrecord', o),
    PaddedBatchOptions: (o) => tf.data.Dataset.range(3).paddedBatch(2, o),
    PadSequencesOptions: (o) => tf.keras.utils.padSequences([[1]], o),
    TimeseriesDatasetOptions: (o) => tf.keras.utils.timeseriesDatasetFromArray([1, 2, 3], null, 2, o),
    EarlyStoppingOptions: (o) => new tf.keras.callbacks.EarlyStopping(o),
    ReduceLROnPlateauOptions: (o) => new tf.keras.callbacks.ReduceLROnPlateau(o),
    LearningRateSchedulerOptions: (o) => new tf.keras.callbacks.LearningRateScheduler((_e, lr) => lr, o),
    ModelCheckpointOptions: (o) => new tf.keras.callbacks.ModelCheckpoint('ckpt.gtkeras', o),
    ExponentialMovingAverageOptions: (o) => new tf.train.ExponentialMovingAverage({ decay: 0.9, ...o }),
    RandomNormalInitializerOptions: (o) => tf.randomNormalInitializer(o),
    RandomUniformInitializerOptions: (o) => tf.randomUniformInitializer(o),
    CheckpointManagerOptions: (o) => new tf.train.CheckpointManager(new tf.train.Checkpoint({}), 'unused-checkpoint-dir', 1, o),
    CSVLoggerOptions: (o) => new tf.keras.callbacks.CSVLogger('log.csv', o),
    SwapEMAWeightsOptions: (o) => new tf.keras.callbacks.SwapEMAWeights(o),
    BackupAndRestoreOptions: (o) => new tf.keras.callbacks.BackupAndRestore({ backupDir: 'backup', ...o }),
    TensorBoardOptions: (o) => new tf.keras.callbacks.TensorBoard(o),
    CreateFileWriterOptions: (o) => tf.summary.createFileWriter(mkdtempSync(join(tmpdir(), 'gradtape-options-')), o),
    GroupByWindowOptions: (o) => tf.data.Dataset.range(3).groupByWindow((x) => x, (_k, w) => w, o),
    BucketBySequenceLengthOptions: (o) => tf.data.Dataset.range(3).bucketBySequenceLength(() => 1, [2], [1, 1], o),
    ShuffleOptions: (o) => tf.data.Dataset.range(3).shuffle(2, o),
    ListFilesOptions: (o) => tf.data.Dataset.listFiles('*', o),
    MapOptions: (o) => tf.data.Dataset.range(3).map((v) => v, o),
    WindowOptions: (o) => tf.data.Dataset.range(3).window(2, o),
    ChooseFromDatasetsOptions: (o) => tf.data.Dataset.chooseFromDatasets([tf.data.Dataset.range(3)], tf.data.Dataset.range(1), o),
    SampleFromDatasetsOptions: (o) => tf.data.Dataset.sampleFromDatasets([tf.data.Dataset.range(3), tf.data.Dataset.range(3)], o),
    InterleaveOptions: (o) => tf.data.Dataset.range(3).interleave((v) => tf.data.Dataset.fromTensors(v), o),
    PredictOptions: (o) => compiledModel().predict([[1]], o),
    OnBatchOptions: (o) => compiledModel().testOnBatch([[1]], [[1]], o),
    TrainOnBatchOptions: (o) => compiledModel().trainOnBatch([[1]], [[1]], o),
    SummaryOptions: (o) => compiledModel().summary(o),
    DeserializeOptions: (o) => tf.keras.layers.deserialize(tf.keras.layers.serialize(new tf.keras.layers.Dense(1)), o),
    LoadModelOptions: (o) => tf.keras.models.fromBytes(compiledModel().toBytes(), o),
    SaveOptions: (o) => compiledModel().save('unused.gtkeras', o),
    WeightsToBytesOptions: (o) => compiledModel().weightsToBytes(o),
    ModelToBytesOptions: (o) => compiledModel().toBytes(o),
    GeneratorOptions: (o) => new tf.random.Generator(o),
    GeneratorNormalOptions: (o) => tf.random.Generator.fromSeed(1).normal([2], o),
    GeneratorUniformOptions: (o) => tf.random.Generator.fromSeed(1).uniform([2], o),
    RandomGammaOptions: (o) => tf.random.gamma([2], 1, o),
    RandomPoissonOptions: (o) => tf.random.poisson([2], 1, o),
    TensorArrayOptions: (o) => new tf.TensorArray('float32', o as never),
    ConvWindowOptions: (o) => new tf.keras.layers.Conv2D(1, 1, o),
    ConvTransposeOptions: (o) => new tf.keras.layers.Conv2DTranspose(1, 1, o),
    DepthwiseConvOptions: (o) => new tf.keras.layers.DepthwiseConv2D(1, o),
    SeparableConvOptions: (o) => new tf.keras.layers.SeparableConv2D(1, 1, o),
    RNNCellOptions: (o) => new tf.keras.layers.SimpleRNNCell(2, o),
    GatedCellOptions: (o) => new tf.keras.layers.GRUCell(2, o),
    LSTMCellOptions: (o) => new tf.keras.layers.LSTMCell(2, o),
    GRUCellOptions: (o) => new tf.keras.layers.GRUCell(2, o),
    RNNOptions: (o) => new tf.keras.layers.RNN(new tf.keras.layers.SimpleRNNCell(2), o),
    EinsumDenseOptions: (o) => new tf.keras.layers.EinsumDense('ab,bc->ac', 2, o),
    MultiHeadAttentionOptions: (o) => new tf.keras.layers.MultiHeadAttention({ numHeads: 1, keyDim: 1, ...o }),
    MultiHeadAttentionCallOptions: (o) => new tf.keras.layers.MultiHeadAttention({ numHeads: 1, keyDim: 1 })(tf.ones([1, 2, 2]), tf.ones([1, 2, 2]), null, o),
    GroupQueryAttentionOptions: (o) => new tf.keras.layers.GroupQueryAttention({ headDim: 1, numQueryHeads: 1, numKeyValueHeads: 1, ...o }),
    AttentionOptions: (o) => new tf.keras.layers.Attention(o),
    AttentionCallOptions: (o) => new tf.keras.layers.Attention()([tf.ones([1, 2, 2]), tf.ones([1, 2, 2])], o),
    KerasImageFormatOptions: (o) => tf.keras.ops.image.rgbToGrayscale(tf.ones([2, 2, 3]), o),
    KerasResizeOptions: (o) => tf.keras.ops.image.resize(tf.ones([2, 2, 3]), [3, 3], o),
    KerasScaleAndTranslateOptions: (o) => tf.keras.ops.image.scaleAndTranslate(tf.ones([2, 2]), [3, 3], [1.5, 1.5], [0, 0], [0, 1], 'linear', o),
    KerasAffineTransformOptions: (o) => tf.keras.ops.image.affineTransform(tf.ones([2, 2, 3]), [1, 0, 0, 0, 1, 0, 0, 0], o),
    KerasMapCoordinatesOptions: (o) => tf.keras.ops.image.mapCoordinates(tf.ones([2, 2]), [[0.5], [0.5]], 1, o),
    KerasPerspectiveTransformOptions: (o) => tf.keras.ops.image.perspectiveTransform(tf.ones([2, 2, 3]), [[0, 0], [0, 1], [1, 0], [1, 1]], [[0, 0], [0, 1], [1, 0], [1, 1]], o),
    KerasElasticTransformOptions: (o) => tf.keras.ops.image.elasticTransform(tf.ones([2, 2, 3]), o),
    KerasExtractPatchesOptions: (o) => tf.keras.ops.image.extractPatches(tf.ones([2, 2, 3]), 1, o),
    KerasPadImagesOptions: (o) => tf.keras.ops.image.padImages(tf.ones([2, 2, 3]), o),
    KerasCropImagesOptions: (o) => tf.keras.ops.image.cropImages(tf.ones([2, 2, 3]), o),
    KerasGaussianBlurOptions: (o) => tf.keras.ops.image.gaussianBlur(tf.ones([2, 2, 3]), o),
    KerasSsimOptions: (o) => tf.keras.ops.image.ssim(tf.ones([2, 2, 3]), tf.ones([2, 2, 3]), o),
    ExtractGlimpseOptions: (o) => tf.image.extractGlimpse(tf.ones([1, 2, 2, 1]), [1, 1], [[0, 0]], o),
    CandidateSamplerOptions: (o) => tf.random.logUniformCandidateSampler([[0]], 1, 1, true, 2, o),
    FixedUnigramOptions: (o) => tf.random.fixedUnigramCandidateSampler([[0]], 1, 1, true, 2, { unigrams: [1, 1], ...o }),
    SkipgramsOptions: (o) => tf.keras.preprocessing.sequence.skipgrams([1, 2], 3, o),
    SampledLossArgs: (o) => tf.nn.nceLoss({ weights: tf.ones([2, 1]), biases: tf.ones([2]), labels: [[0]], inputs: tf.ones([1, 1]), numSampled: 1, numClasses: 2, ...o }),
  };
  const declared = [...dts.matchAll(/^interface (\w+(?:Options|Args)) /gm)].map((m) => m[1]!);

  it('each has a call here', () => {
    expect(declared.length).toBeGreaterThan(30);
    expect(declared.filter((name) => !(name in BY_INTERFACE))).toEqual([]);
  });

  it.each(declared)('%s: an unknown key is an error naming it and listing every declared key', (name) => {
    let message = 'no error';
    try {
      BY_INTERFACE[name]!(BOGUS);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('bogsu');
    // `lr` is declared for Keras 2 code, but it is a deprecated alias: the list shows learningRate.
    for (const key of interfaceKeys(name).filter((k) => k !== 'lr')) expect(message, key).toMatch(new RegExp(`\\b${key}\\b`));
  });
});
