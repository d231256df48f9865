// gradtape: TensorFlow 2's constant, Variable, GradientTape and Keras optimizers for JS/TS.
//   import * as tf from 'gradtape'

/**
 * gradtape: TensorFlow 2's `tf.constant`, `tf.Variable`, `tf.GradientTape` and Keras optimizers for
 * JavaScript and TypeScript, on a Rust core compiled to WebAssembly. `import * as tf from 'gradtape'`.
 *
 * @packageDocumentation
 * @document ../docs/ops.md
 * @document ../docs/guides/memory-model.md
 * @document ../docs/guides/gradients-and-tapes.md
 * @document ../docs/guides/fitting.md
 * @document ../docs/guides/compiled-steps.md
 * @document ../docs/guides/browsers-and-workers.md
 * @document ../docs/guides/keras-layers.md
 * @document ../docs/guides/data.md
 */

import { sobolSample } from './sobol';
import './eager-steps'; // (installs the hooks that replay repeated eager training steps)
import * as activations from './activations';
import * as creation from './creation';
import * as debug from './debugging';
import * as arrays from './array-composites';
import * as tridiagonal from './tridiagonal';
import * as bitwiseOps from './bitwise';
import * as errorClasses from './errors';
import * as nestOps from './nest';
import * as kerasRandom from './keras-random';
import * as kerasSettings from './keras-settings';
import * as kerasTree from './keras-tree';
import { type DType, asDType, getFloatx, setFloatx } from './dtype';
import * as gen from './generated/ops';
import * as losses from './losses';
import * as metrics from './metrics';
import type * as metricTypes from './metrics';
import * as regularizers from './regularizers';
import type * as regularizerTypes from './regularizers';
import * as conv from './convolution';
import * as imageOps from './image';
import * as nms from './non-max-suppression';
import * as imageWindows from './image-windows';
import * as candidates from './candidate-sampling';
import * as kerasSequence from './keras-preprocessing-sequence';
import * as rearrange from './rearrange';
import * as nnOps from './nn';
import * as la from './linalg';
import * as expmOps from './expm';
import * as sqrtmOps from './sqrtm';
import * as isotonic from './isotonic';
import * as ctc from './ctc';
import * as ctcDecoders from './ctc-decoders';
import * as signalOps from './signal';
import * as configOps from './config';
import * as checkpointManagement from './checkpoint-management';
import * as movingAverages from './moving-averages';
import { classAlias } from './class-aliases';
import * as customObjects from './custom-objects';
import * as tfInitializers from './tf-initializers';
import * as ops from './ops';
import * as opt from './optimizers';
import * as lso from './loss-scale-optimizer';
import * as fitting from './optimize';
import * as sched from './schedules';
import { ForwardAccumulator } from './autodiff';
import type * as autodiffTypes from './autodiff';
import type * as lossTypes from './losses';
import type * as constraintTypes from './constraints';
import type * as initializerTypes from './initializers';
import { Checkpoint, type CheckpointClass } from './checkpoint';
import * as shape from './shape';
import { setSeed } from './random';
import * as stateless from './stateless-random';
import * as generators from './random-generator';
import * as samplers from './random-samplers';
import * as red from './reductions';
import * as sorting from './sorting';
import * as indexing from './indexing';
import * as constraints from './constraints';
import * as initializers from './initializers';
import * as serialization from './serialization';
import { Tensor } from './tensor';
import { Layer } from './layers/layer';
import { Dense } from './layers/dense';
import { Activation, ReLU, Softmax } from './layers/activation';
import { Dropout, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D } from './layers/dropout';
import { Flatten, Permute, RepeatVector, Reshape } from './layers/reshaping';
import { Conv1D, Conv2D, Conv3D } from './layers/convolutional';
import { Conv1DTranspose, Conv2DTranspose, Conv3DTranspose } from './layers/conv-transpose';
import { DepthwiseConv1D, DepthwiseConv2D } from './layers/depthwise-conv';
import { SeparableConv1D, SeparableConv2D } from './layers/separable-conv';
import { AveragePooling1D, AveragePooling2D, AveragePooling3D, MaxPooling1D, MaxPooling2D, MaxPooling3D } from './layers/pooling';
import { RMSNormalization } from './layers/rms-normalization';
import { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D } from './layers/global-pooling';
import { BatchNormalization } from './layers/batch-normalization';
import { LayerNormalization } from './layers/layer-normalization';
import { Embedding } from './layers/embedding';
import { Masking } from './layers/masking';
import { GRU, LSTM, RNN, SimpleRNN } from './layers/recurrent';
import { ConvLSTM1D, ConvLSTM2D, ConvLSTM3D } from './layers/conv-lstm';
import { SpectralNormalization } from './layers/spectral-normalization';
import { ReversibleEmbedding } from './layers/reversible-embedding';
import { AdaptiveAveragePooling1D, AdaptiveAveragePooling2D, AdaptiveAveragePooling3D, AdaptiveMaxPooling1D, AdaptiveMaxPooling2D, AdaptiveMaxPooling3D } from './layers/adaptive-pooling';
import { GRUCell, LSTMCell, SimpleRNNCell, StackedRNNCells } from './layers/recurrent-cells';
import { Identity, Lambda } from './layers/lambda';
import { Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D } from './layers/spatial-reshaping';
import { ELU, LeakyReLU, PReLU } from './layers/advanced-activations';
import { AlphaDropout, GaussianDropout, GaussianNoise } from './layers/noise';
import { ActivityRegularization } from './layers/activity-regularization';
import { UnitNormalization } from './layers/unit-normalization';
import { GroupNormalization } from './layers/group-normalization';
import { Normalization, Rescaling } from './layers/preprocessing';
import { CategoryEncoding } from './layers/category-encoding';
import { Discretization } from './layers/discretization';
import { IntegerLookup } from './layers/integer-lookup';
import { Hashing } from './layers/hashing';
import { CenterCrop, Resizing } from './layers/image-preprocessing';
import { RandomBrightness, RandomContrast, RandomCrop, RandomFlip, RandomRotation, RandomShear, RandomTranslation, RandomZoom } from './layers/image-augmentation';
import { AutoContrast, RandomColorDegeneration, RandomColorJitter, RandomErasing, RandomGaussianBlur, RandomGrayscale, RandomHue, RandomInvert, RandomPosterization, RandomSaturation, RandomSharpness, Solarization } from './layers/image-pixel-augmentation';
import { EinsumDense } from './layers/einsum-dense';
import { MultiHeadAttention } from './layers/multi-head-attention';
import { GroupQueryAttention } from './layers/grouped-query-attention';
import { Attention } from './layers/attention';
import { AdditiveAttention } from './layers/additive-attention';
import { Bidirectional, TimeDistributed } from './layers/wrappers';
import { Input, InputLayer } from './layers/input-layer';
import { KerasTensor } from './layers/keras-tensor';
import { KerasVariable } from './keras-variable';
import * as merging from './layers/merging';
import { clearSession } from './layers/names';
import { Model } from './models/model';
import { Dataset, type DatasetClass } from './data/dataset';
import { DatasetSpec, type DatasetSpecClass } from './data/spec';
import { StringSpec, type StringSpecClass } from './data/strings';
import { TFRecordDataset, TextLineDataset } from './data/readers';
import { CsvDataset, makeCsvDataset } from './data/csv';
import { FixedLenFeature, type FixedLenFeatureClass, FixedLenSequenceFeature, type FixedLenSequenceFeatureClass, VarLenFeature, type VarLenFeatureClass, parseExample, parseSingleExample } from './io/example';
import * as exampleProto from './io/example-proto';
import { parseSequenceExample, parseSingleSequenceExample } from './io/sequence-example';
import { TFRecordWriter, type TFRecordWriterClass } from './io/tfrecord-writer';
import * as summaryOps from './summary/summaries';
import { SummaryWriter, createFileWriter, createNoopWriter, flush as flushSummaries, getStep, recordIf, setStep, shouldRecordSummaries } from './summary/writer';
import * as dataExtras from './data';
import type { Element } from './data/structure';
import { Sequential } from './models/sequential';
import { History } from './models/history';
import * as callbackClasses from './models/callbacks';
import * as fileCallbacks from './models/file-callbacks';
import * as tensorBoardCallbacks from './models/tensorboard';
import * as progbarClasses from './models/progbar';
import * as kerasUtils from './keras-utils';
import { kerasOps } from './keras-ops';
import * as layerSerialization from './layers/serialization';
import * as saving from './models/saving';
import * as serializationLib from './models/serialization-lib';
import { ready as wasmReady, initSync } from './wasm/runtime';

export type { DType } from './dtype';
export type { TensorLike, NestedArray, MemoryInfo } from './tensor';
export type { Axes } from './call';
export type { PrintOptions, PrintStream } from './print';
export type { ShapeLike } from './creation';
export type { GradientTapeOptions, GradientOptions, JacobianOptions, OutputGradients, Structure, GradientOf } from './tape';
export type { VariableOptions } from './variable';
export type { KerasVariableInitializer, KerasVariableOptions, VariableAggregation, VariableSynchronization } from './keras-variable';
export type { MaxNormOptions, UnitNormOptions, MinMaxNormOptions } from './constraints';
export type { ConstantOptions, GainOptions, RandomNormalOptions, RandomUniformOptions, VarianceScalingOptions, SeedOptions } from './initializers';
export type { Serialized } from './serialization';
export type { LayerOptions, LayerCallOptions, LayerCallArguments, LayerMask, LayerShape, LayerDType, LayerTensors, SymbolicOutputs, AddWeightOptions, InputSpec, ActivationLike, InitializerLike, RegularizerLike, ConstraintLike } from './layers/layer';
export type { Nest } from './layers/nest';
export type { ConcatenateOptions, DotOptions } from './layers/merging';
export type { DenseOptions } from './layers/dense';
export type { ReLUOptions, SoftmaxOptions } from './layers/activation';
export type { DropoutLayerOptions } from './layers/dropout';
export type { FlattenOptions } from './layers/reshaping';
export type { DataFormat } from './layers/arguments';
export type { ConvOptions, ConvWindowOptions } from './layers/convolutional';
export type { ConvTransposeOptions } from './layers/conv-transpose';
export type { DepthwiseConvOptions } from './layers/depthwise-conv';
export type { SeparableConvOptions } from './layers/separable-conv';
export type { PoolingOptions } from './layers/pooling';
export type { GlobalPoolingOptions } from './layers/global-pooling';
export type { BatchNormalizationOptions } from './layers/batch-normalization';
export type { LayerNormalizationOptions } from './layers/layer-normalization';
export type { EmbeddingOptions } from './layers/embedding';
export type { MaskingOptions } from './layers/masking';
export type { RecurrentOptions, RNNOptions, SimpleRNNOptions, LSTMOptions, GRUOptions } from './layers/recurrent';
export type { ConvLSTMOptions } from './layers/conv-lstm';
export type { SpectralNormalizationOptions } from './layers/spectral-normalization';
export type { ReversibleEmbeddingOptions, ReversibleEmbeddingCallOptions, ReversibleEmbeddingCallArguments } from './layers/reversible-embedding';
export type { AdaptivePoolingOptions } from './layers/adaptive-pooling';
export type { RNNCell, RNNCellOptions, GatedCellOptions, LSTMCellOptions, GRUCellOptions, StackedRNNCellsOptions, StateSize } from './layers/recurrent-cells';
export type { CellStates } from './layers/layer';
export type { LambdaOptions, LambdaFunction, LambdaCallOptions } from './layers/lambda';
export type { UpSampling1DOptions, UpSampling2DOptions, UpSampling3DOptions, UpSamplingInterpolation, ZeroPadding1DOptions, ZeroPadding2DOptions, ZeroPadding3DOptions, Cropping1DOptions, Cropping2DOptions, Cropping3DOptions } from './layers/spatial-reshaping';
export type { LeakyReLUOptions, ELUOptions, PReLUOptions } from './layers/advanced-activations';
export type { NoiseOptions, AlphaDropoutOptions } from './layers/noise';
export type { SpatialDropoutOptions, SpatialDropout2DOptions } from './layers/dropout';
export type { RMSNormalizationOptions } from './layers/rms-normalization';
export type { ActivityRegularizationOptions } from './layers/activity-regularization';
export type { UnitNormalizationOptions } from './layers/unit-normalization';
export type { GroupNormalizationOptions } from './layers/group-normalization';
export type { RescalingOptions, NormalizationOptions } from './layers/preprocessing';
export type { CategoryEncodingOptions, CategoryEncodingCallOptions, CategoryEncodingCall, CategoricalOutputMode } from './layers/category-encoding';
export type { DiscretizationOptions, DiscretizationOutputMode, DiscretizationCallOptions } from './layers/discretization';
export type { IntegerLookupOptions, IntegerLookupCallOptions, LookupOutputMode } from './layers/integer-lookup';
export type { HashingOptions, HashingOutputMode, HashingCallOptions } from './layers/hashing';
export type { ImagePreprocessingOptions, ResizingOptions, ResizingInterpolation } from './layers/image-preprocessing';
export type { RandomLayerOptions, ColorAugmentationOptions, GeometricOptions, FlipMode, FillMode, TransformInterpolation } from './layers/image-augmentation';
export type { EinsumDenseOptions } from './layers/einsum-dense';
export type { AttentionOptions, AttentionCallOptions, AttentionWeightsCallOptions } from './layers/attention';
export type { AdditiveAttentionOptions } from './layers/additive-attention';
export type { MultiHeadAttentionOptions, MultiHeadAttentionCallOptions, AttentionScoresCallOptions } from './layers/multi-head-attention';
export type { GroupQueryAttentionOptions } from './layers/grouped-query-attention';
export type { BidirectionalOptions, BidirectionalMergeMode, TimeDistributedOptions } from './layers/wrappers';
export type { InputLayerOptions, InputOptions } from './layers/input-layer';
export type { ModelOptions, DataLike, SampleWeightLike, CompileOptions, ModelFitOptions, EvaluateOptions, PredictOptions, OnBatchOptions, TrainOnBatchOptions, SummaryOptions, FitCallback, Verbosity } from './models/model';
export type { ClassWeightLike } from './models/class-weights';
export type { LossLike, LossesLike, LossWeightsLike, MetricLike, MetricsLike, OutputMetricsLike } from './models/compile-utils';
export type { Logs } from './models/history';
export type { CallbackLike, CallbackParams, EarlyStoppingOptions, ReduceLROnPlateauOptions, LearningRateSchedulerOptions, EpochSchedule, LambdaCallbackHooks, MonitorMode, SwapEMAWeightsOptions } from './models/callbacks';
export type { ModelCheckpointOptions, CSVLoggerOptions, BackupAndRestoreOptions } from './models/file-callbacks';
export type { TensorBoardOptions } from './models/tensorboard';
export type { PadSequencesOptions, TimeseriesDatasetOptions } from './keras-utils';
export type { SerializedLayer, DeserializeOptions } from './layers/serialization';
export type { LoadModelOptions, ModelToBytesOptions, SaveOptions, WeightsToBytesOptions } from './models/saving';
export type { DeserializeKerasObjectOptions } from './models/serialization-lib';
export type { CompileConfig } from './models/compile-config';
export type { FunctionalConfig, FunctionalLayerConfig, NodeConfig, TensorReference } from './models/functional-config';
export type {
  SGDOptions, AdamOptions, AdamWOptions, NadamOptions, RMSpropOptions, AdagradOptions, AdadeltaOptions, AdamaxOptions, LionOptions,
  FtrlOptions, LambOptions, AdafactorOptions, MuonOptions, ScheduleFreeAdamWOptions, BaseOptimizerOptions, LearningRate, GradientPair,
  Optimizer, SGD, Adam, AdamW, Nadam, RMSprop, Adagrad, Adadelta, Adamax, Lion, Ftrl, Lamb, Adafactor, Muon, ScheduleFreeAdamW,
} from './optimizers';
export type { LossScaleOptimizerOptions, LossScaleOptimizer } from './loss-scale-optimizer';
export type {
  LearningRateSchedule, ExponentialDecayOptions, InverseTimeDecayOptions, PolynomialDecayOptions, PiecewiseConstantDecayOptions,
  CosineDecayOptions, CosineDecayRestartsOptions,
  ExponentialDecay, InverseTimeDecay, PolynomialDecay, PiecewiseConstantDecay, CosineDecay, CosineDecayRestarts,
} from './schedules';
export type { XentArgs, SoftmaxXentArgs, WeightedXentArgs, DropoutOptions } from './nn';
export type { Padding, WindowInts } from './convolution';
export type { ResizeMethod } from './image';
export type { CombinedNonMaxSuppression } from './non-max-suppression';
export type { ExtractGlimpseOptions } from './image-windows';
export type { CandidateSamplerOptions, FixedUnigramOptions, SampledLossArgs, SampledValues } from './candidate-sampling';
export type { SkipgramsOptions } from './keras-preprocessing-sequence';
export type { Activation } from './activations';
export type {
  Reduction, LossOptions, LossPositional, CrossentropyOptions, SparseCategoricalCrossentropyOptions, HuberOptions, CosineSimilarityOptions,
  Loss, MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Huber, LogCosh,
  BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy, KLDivergence, Poisson, CosineSimilarity, Hinge,
  BinaryFocalCrossentropyOptions, CategoricalFocalCrossentropyOptions, DiceOptions, TverskyOptions, LossAxes, LossFunction,
  SquaredHinge, CategoricalHinge, BinaryFocalCrossentropy, CategoricalFocalCrossentropy, Dice, Tversky,
  CategoricalGeneralizedCrossEntropyOptions, CircleOptions, CategoricalGeneralizedCrossEntropy, Circle, CTC,
} from './losses';
export type {
  MetricOptions, MetricPositional, MetricFunction, SerializedMetric, CosineSimilarityMetricOptions, R2ScoreOptions, BinaryAccuracyOptions, TopKAccuracyOptions, SparseTopKAccuracyOptions,
  CrossentropyMetricOptions, SparseCategoricalCrossentropyMetricOptions, PrecisionRecallOptions, AUCOptions,
  ConfusionCountOptions, SensitivitySpecificityOptions, PrecisionAtRecallOptions, RecallAtPrecisionOptions,
  SensitivityAtSpecificityOptions, SpecificityAtSensitivityOptions, F1ScoreOptions, FBetaScoreOptions, IoUOptions,
  MeanIoUOptions, BinaryIoUOptions, OneHotIoUOptions, OneHotMeanIoUOptions, CorrelationAxis, CorrelationMetricOptions,
  PearsonCorrelation, ConcordanceCorrelation,
} from './metrics';
export type { L1Options, L2Options, L1L2Options, OrthogonalRegularizerOptions, Regularizer, L1, L2, L1L2, OrthogonalRegularizer } from './regularizers';
export type { ForwardAccumulator } from './autodiff';
export type { NormalOptions, UniformOptions, CategoricalOptions } from './creation';
export type { Seed, RngAlgorithm, StatelessUniformOptions, StatelessNormalOptions, StatelessCategoricalOptions, StatelessSeedOptions } from './stateless-random';
export type { GeneratorOptions, GeneratorNormalOptions, GeneratorUniformOptions, StateWord } from './random-generator';
export type { RandomGammaOptions, RandomPoissonOptions } from './random-samplers';
export type { CurveFitModel, CurveFitOptions, CurveFitResult, DogboxState, FitLossFunction, FitOptions, FitState, LeastSquaresResult, LmIterationInfo, LmState, TrfState } from './optimize';
export type { MinimizeConstraint, MinimizeMethod, MinimizeOptions, MinimizeResult, MinimizeIterationInfo, ScipyMethodName } from './optimize';
export type { RootLmResult, RootOptions, RootResult } from './optimize';
export type { DifferentialEvolutionIntermediateResult, DifferentialEvolutionOptions, DifferentialEvolutionResult, DifferentialEvolutionStrategy } from './optimize';
export type { ExactUnboundedSolution, LinearOperatorLike, LsmrOptions, LsmrResult, LsmrUnboundedSolution, LsqLinearOptions, LsqLinearResult, MatrixInput, NnlsOptions, NnlsResult, VectorInput } from './optimize';
export type { BasinhoppingAcceptTestInfo, BasinhoppingOptions, BasinhoppingResult, BasinhoppingTakeStep, BruteFinish, BruteFullOutput, BruteObjective, BruteOptions, BruteRange } from './optimize';
export type { BracketedRootOptions, MinimizeScalarMethod, MinimizeScalarOptions, MinimizeScalarResult, MinimizeScalarSolverOptions, NewtonOptions, RootScalarMethod, RootScalarOptions, RootScalarResult } from './optimize';
export { Tensor, memory, setMemoryBudget } from './tensor';
export { backendInfo, setNumThreads } from './wasm/runtime';
export { Variable } from './variable';
export { GradientTape, UnconnectedGradients } from './tape';
/** `tf.function(fn, options)`: fn traced once per input signature and replayed in one wasm call (see the compiled-steps guide). */
export { compile as function, TensorSpec } from './function';
export type { BatchOptions, RangeBounds, RangeKeywords, RebatchOptions, PaddedBatchOptions, PaddedShapesLike, GroupByWindowOptions, BucketBySequenceLengthOptions, ShuffleOptions, ListFilesOptions, MapOptions, WindowOptions, InterleaveOptions, ChooseFromDatasetsOptions, SampleFromDatasetsOptions, FromGeneratorOptions, ElementArgs, NumpyElement, SpecElement, WindowElement, Batched, Unbatched } from './data/dataset';
export type { Element, Component, StructureLike, Normalized } from './data/structure';
export type { ElementSpec, SpecStructure, SpecLeaf, ValueSpec } from './data/spec';
export type { StringScalar, StringValue } from './data/strings';
export type { FileDatasetOptions, FileDatasetConstructor } from './data/readers';
export type { CsvColumnType, CsvRecordDefault, CsvField, CsvRecord, CsvDatasetOptions, CsvDatasetConstructor, CsvColumnBatch, CsvFeatures, MakeCsvDatasetOptions } from './data/csv';
export type { CompressionType } from './io/node-files';
export type { TFRecordWriterOptions } from './io/tfrecord-writer';
export type { CreateFileWriterOptions, SummaryStep, RecordCondition } from './summary/writer';
export type { FeatureDType, BytesValue, SparseFeature, FeaturesSpec, ParsedFeatures } from './io/example';
export type { FeatureInit } from './io/example-proto';
export type { ContextFeaturesSpec, SequenceFeaturesSpec, SequenceLengths, ParsedContext, ParsedSequence } from './io/sequence-example';
export type { FunctionOptions, CompiledFunction } from './function';
export { customGradient } from './autodiff';
export type { Trackable } from './checkpoint';
export type { CheckpointManagerOptions } from './checkpoint-management';
export type { GradFn, MultiGradFn, CustomGradientExtras } from './autodiff';
export { tidy, keep, dispose } from './memory';
export { constant, fill, zeros, ones, zerosLike, onesLike } from './creation';
export * from './generated/ops';
export {
  matmul, reduceMean, reshape, transpose, broadcastTo, concat, cast, bitcast, stopGradient, where, polyval,
} from './ops';
export { sort, argsort, topK } from './sorting';
export { booleanMask, unique, uniqueWithCounts, searchsorted, tensorScatterAdd, tensorScatterSub, tensorScatterNdMax, tensorScatterNdMin, sequenceMask } from './indexing';
export { cond, whileLoop, mapFn, vectorizedMap, scan, foldl, foldr, switchCase } from './control-flow';
export { gradPassThrough, recomputeGrad } from './autodiff';
export {
  truncatediv, truncatemod, realdiv, saturateCast, identityN, shapeN, unravelIndex, reverseSequence, histogramFixedWidth, histogramFixedWidthBins,
  dynamicPartition, dynamicStitch, parallelStack, broadcastStaticShape, broadcastDynamicShape, getStaticValue, convertToTensor,
} from './array-composites';
/** tf.scalar_mul(scalar, x): x times a number or 0-D tensor (also tf.math.scalarMul). */
export const scalarMul = ops.scalarMul;
/** tf.reduce_logsumexp: log(Σ exp(x)) over `axis` (the literal camelCase of TensorFlow's name; also tf.reduceLogSumExp). */
export const reduceLogsumexp = red.reduceLogSumExp;
export type { WhileLoopOptions, ScanOptions, CaseOptions } from './control-flow';
/** `tf.case(predFnPairs, {default, exclusive, strict})`: the function of the first pair whose predicate is true (TensorFlow's `tf.case`; `case` is a JavaScript keyword, but `tf.case(...)` works). */
export { caseOp as case } from './control-flow';
export { executingEagerly, insideFunction, nameScope, controlDependencies, initScope, device, noOp, group, tuple } from './contexts';
/** tf.timestamp(): seconds since the Unix epoch as a float64 scalar (read again at every call of a tf.function). */
export { timestamp } from './creation';
export { asDType } from './dtype';
export type { UnsupportedDTypeName } from './dtype';
export { Module } from './module';
export type { ModuleOptions } from './module';
export { TensorShape } from './tensor-shape';
export { TensorArray } from './tensor-array';
export type { TensorArrayOptions } from './tensor-array';
export type { TensorShapeLike } from './tensor-shape';
/** TensorFlow's full names of tensorScatterAdd and tensorScatterSub (tf.tensor_scatter_nd_add, _sub). */
export { tensorScatterAdd as tensorScatterNdAdd, tensorScatterSub as tensorScatterNdSub } from './indexing';
export type { Direction } from './sorting';
export { reduceLogSumExp, clipByValue, clipByNorm, clipByGlobalNorm, addN } from './reductions';
// (These take TensorFlow's output_type, which the op table's argmax and argmin do not; the names
// exported here win over the generated ops' of `export *`.)
export { argmax, argmin, type ArgReduceOptions } from './reductions';
/** TensorFlow.js spelling of reduceLogSumExp. */
export const logSumExp = red.reduceLogSumExp;
/** tf.truediv: `/` (int32 operands give float64, as TensorFlow's true division). */
export const truediv = gen.div;
export {
  slice, stridedSlice, gather, gatherNd, scatterNd, tensorScatterUpdate, tile, pad, reverse, oneHot, expandDims, squeeze,
  stack, unstack, split, identity, meshgrid, range, eye, linspace, tensordot, einsum, roll, repeat, shape, size, rank, ensureShape,
} from './shape';
export { spaceToBatch, spaceToBatchNd, spaceToBatchND, batchToSpace, batchToSpaceND } from './rearrange';
export type { StridedSliceOptions, GatherOptions, OneHotOptions, MeshgridOptions, PadMode } from './shape';
export { getitem, newaxis } from './getitem';
export type { IndexSpec, SliceSpec } from './getitem';
export type {
  KerasImageFormatOptions, KerasCropImagesOptions, KerasExtractPatchesOptions, KerasGaussianBlurOptions, KerasPadImagesOptions, KerasResizeInterpolation, KerasResizeOptions,
  KerasScaleAndTranslateMethod, KerasScaleAndTranslateOptions, KerasAffineTransformOptions, KerasElasticTransformOptions, KerasFillMode, KerasMapCoordinatesOptions,
  KerasPerspectiveTransformOptions, KerasTransformInterpolation, KerasSsimOptions,
} from './keras-ops-image';
/** TensorFlow's full name of tensorScatterUpdate (tf.tensor_scatter_nd_update). */
export { tensorScatterUpdate as tensorScatterNdUpdate } from './shape';

/** `tf.float32`: the dtype name `'float32'` (strings work everywhere a dtype is taken). */
export const float32: DType = 'float32';
/** `tf.float64`: the dtype name `'float64'`. */
export const float64: DType = 'float64';
/** `tf.int32`: the dtype name `'int32'`. */
export const int32: DType = 'int32';
/** `tf.bool`: the dtype name `'bool'`. */
export const bool: DType = 'bool';
/** `tf.double`: TensorFlow's other name of float64, the dtype name `'float64'`. */
export const double: DType = 'float64';
// TensorFlow's dtypes that gradtape lacks, by name: a TF program's `tf.cast(x, tf.int64)` or
// `tf.zeros(shape, tf.uint8)` then fails with an error that says what to use (checkDType), where an
// undefined `tf.int64` would silently mean the default dtype.
/** `tf.int64`: TensorFlow's name; gradtape has no int64, and every op refuses it, naming 'int32' instead. */
export const int64 = 'int64' as const;
/** `tf.int16`: TensorFlow's name; refused by every op (gradtape has no int16). */
export const int16 = 'int16' as const;
/** `tf.int8`: TensorFlow's name; refused by every op (gradtape has no int8). */
export const int8 = 'int8' as const;
/** `tf.uint8`: TensorFlow's name; refused by every op (gradtape has no uint8). */
export const uint8 = 'uint8' as const;
/** `tf.uint16`: TensorFlow's name; refused by every op (gradtape has no uint16). */
export const uint16 = 'uint16' as const;
/** `tf.uint32`: TensorFlow's name; refused by every op (gradtape has no uint32). */
export const uint32 = 'uint32' as const;
/** `tf.uint64`: TensorFlow's name; refused by every op (gradtape has no uint64). */
export const uint64 = 'uint64' as const;
/** `tf.float16`: TensorFlow's name; refused by every op (gradtape has no float16). */
export const float16 = 'float16' as const;
/** `tf.half`: TensorFlow's other name of float16; refused by every op. */
export const half = 'half' as const;
/** `tf.bfloat16`: TensorFlow's name; refused by every op (gradtape has no bfloat16). */
export const bfloat16 = 'bfloat16' as const;
/** `tf.complex64`: TensorFlow's name; refused by every op (gradtape has no complex dtypes). */
export const complex64 = 'complex64' as const;
/** `tf.complex128`: TensorFlow's name; refused by every op (gradtape has no complex dtypes). */
export const complex128 = 'complex128' as const;
/** `tf.string`: TensorFlow's name; refused by every op (gradtape has no string tensors). */
export const string = 'string' as const;

/** `tf.dtypes`: the dtype names (gradtape's four, and TensorFlow's others, which ops refuse by
 * name), `cast`, `saturateCast` and `asDType`. */
export const dtypes = {
  /** tf.dtypes.float32: 'float32'. */
  float32: 'float32' as DType,
  /** tf.dtypes.float64: 'float64'. */
  float64: 'float64' as DType,
  /** tf.dtypes.double: 'float64'. */
  double: 'float64' as DType,
  /** tf.dtypes.int32: 'int32'. */
  int32: 'int32' as DType,
  /** tf.dtypes.bool: 'bool'. */
  bool: 'bool' as DType,
  /** tf.dtypes.int64: TensorFlow's name; refused by every op (use 'int32'). */
  int64,
  /** tf.dtypes.int16: TensorFlow's name; refused by every op. */
  int16,
  /** tf.dtypes.int8: TensorFlow's name; refused by every op. */
  int8,
  /** tf.dtypes.uint8: TensorFlow's name; refused by every op. */
  uint8,
  /** tf.dtypes.uint16: TensorFlow's name; refused by every op. */
  uint16,
  /** tf.dtypes.uint32: TensorFlow's name; refused by every op. */
  uint32,
  /** tf.dtypes.uint64: TensorFlow's name; refused by every op. */
  uint64,
  /** tf.dtypes.float16: TensorFlow's name; refused by every op. */
  float16,
  /** tf.dtypes.half: TensorFlow's other name of float16; refused by every op. */
  half,
  /** tf.dtypes.bfloat16: TensorFlow's name; refused by every op. */
  bfloat16,
  /** tf.dtypes.complex64: TensorFlow's name; refused by every op. */
  complex64,
  /** tf.dtypes.complex128: TensorFlow's name; refused by every op. */
  complex128,
  /** tf.dtypes.string: TensorFlow's name; refused by every op. */
  string,
  /** tf.dtypes.cast(x, dtype): tf.cast. */
  cast: ops.cast,
  /** tf.dtypes.saturate_cast(value, dtype): tf.saturateCast, values clamped to the dtype's range before the cast. */
  saturateCast: arrays.saturateCast,
  /** tf.dtypes.as_dtype(type_value): the dtype name a name stands for ('double' is 'float64'); unknown names are a TypeError. */
  asDType,
};

// TensorFlow 2's own initializers (tf.zeros_initializer, ...), callable with or without `new`.
/**
 * tf.zeros_initializer(): an initializer `init(shape, dtype = 'float32')` of zeros.
 *
 * @example
 * ```ts
 * const init = tf.zerosInitializer();
 * console.log(init([2, 2]).arraySync(), init([2], 'int32').dtype); // [ [ 0, 0 ], [ 0, 0 ] ] int32
 * ```
 */
export const zerosInitializer = classAlias(tfInitializers.ZerosInitializer);
/**
 * tf.ones_initializer(): an initializer `init(shape, dtype = 'float32')` of ones.
 *
 * @example
 * ```ts
 * console.log(tf.onesInitializer()([3], 'float64').arraySync()); // [ 1, 1, 1 ]
 * ```
 */
export const onesInitializer = classAlias(tfInitializers.OnesInitializer);
/**
 * tf.constant_initializer(value=0): an initializer `init(shape, dtype)` of `tf.constant(value,
 * dtype, shape)`: a scalar fills the shape, an array of as many elements is laid out in it.
 *
 * @example
 * ```ts
 * console.log(tf.constantInitializer([1, 2, 3, 4])([2, 2]).arraySync()); // [ [ 1, 2 ], [ 3, 4 ] ]
 * ```
 */
export const constantInitializer = classAlias(tfInitializers.ConstantInitializer);
/**
 * tf.random_normal_initializer(mean=0.0, stddev=0.05, seed=None): an initializer of normal values;
 * seeded, the stateless draws from the seed [seed, 0], the same at every call (TensorFlow's values
 * in float64; in float32 within one ulp of them).
 *
 * @example
 * ```ts
 * const init = tf.randomNormalInitializer({ mean: 1, stddev: 2, seed: 3 });
 * console.log(init([3], 'float64').arraySync().join() === init([3], 'float64').arraySync().join()); // true
 * ```
 */
export const randomNormalInitializer = classAlias(tfInitializers.RandomNormalInitializer);
/**
 * tf.random_uniform_initializer(minval=-0.05, maxval=0.05, seed=None): an initializer of uniform
 * values in [minval, maxval); seeded, TensorFlow's values (stateless, from the seed [seed, 0]).
 *
 * @example
 * ```ts
 * const init = tf.randomUniformInitializer(0, 10, 7);
 * console.log(init([6], 'int32').arraySync()); // [ 3, 2, 8, 2, 1, 9 ]
 * ```
 */
export const randomUniformInitializer = classAlias(tfInitializers.RandomUniformInitializer);
export type { TFInitializer, ConstantInitializerValue, RandomNormalInitializerOptions, RandomUniformInitializerOptions } from './tf-initializers';

/** Resolves once the WebAssembly module is running. Needed in browsers before the first op; in
 * Node the module also starts synchronously on first use. */
export async function ready(): Promise<void> {
  await wasmReady();
}

/** `tf.subtract`: TensorFlow's long name of `sub`, elementwise with broadcasting. */
export const subtract = gen.sub;
/** `tf.multiply`: TensorFlow's long name of `mul`, elementwise with broadcasting. */
export const multiply = gen.mul;
/** `tf.divide`: TensorFlow's long name of `div` (true division: int32 operands give float64). */
export const divide = gen.div;
/** `tf.negative`: TensorFlow's long name of `neg`. */
export const negative = gen.neg;
/** `tf.floormod`: TensorFlow's name of `mod`, the remainder of floor division (the divisor's sign). */
export const floormod = gen.mod;
/** `tf.floordiv`: TensorFlow's name of `floorDiv`, division rounded toward negative infinity. */
export const floordiv = gen.floorDiv;
/** TensorFlow.js's name of argmax. */
export const argMax = red.argmax;
/** The literal camelCase of tf.math.is_nan (TF.js spells it isNaN). */
export const isNan = gen.isNaN;
/** TensorFlow.js's name of argmin. */
export const argMin = red.argmin;

/**
 * `tf.random`: seeded random tensors with TensorFlow's global and op seed rules; after
 * `setSeed`, `uniform`, `normal` and `truncatedNormal` give TensorFlow's numbers.
 *
 * @example
 * ```ts
 * tf.random.setSeed(1234);
 * console.log(tf.random.uniform([3]).arraySync()); // [ 0.5380393266677856, 0.3646186590194702, 0.5816301107406616 ]
 * ```
 */
export const random = {
  /** tf.random.normal(shape, mean=0, stddev=1, dtype, seed), or (shape, {mean, stddev, dtype, seed}): TensorFlow's draws (an op seed used again continues its stream, as in TensorFlow). */
  normal: creation.randomNormal,
  /** tf.random.uniform(shape, minval=0, maxval=None, dtype, seed), or (shape, {minval, maxval, dtype, seed}); values in [minval, maxval): TensorFlow's draws (floats and int32). */
  uniform: creation.randomUniform,
  /** tf.random.truncated_normal(shape, mean=0, stddev=1, dtype, seed), or (shape, {mean, stddev, dtype, seed}): normal values, redrawn while more than 2 standard deviations from the mean. */
  truncatedNormal: creation.randomTruncatedNormal,
  /** tf.random.shuffle(value, seed): the slices along the first axis in a random order (any dtype; a scalar comes back unchanged): TensorFlow's order for a seed. */
  shuffle: creation.randomShuffle,
  /** tf.random.uniform_candidate_sampler(trueClasses, numTrue, numSampled, unique, rangeMax, {seed}): [sampled classes, true expected counts, sampled expected counts], TensorFlow's for a seed. */
  uniformCandidateSampler: candidates.uniformCandidateSampler,
  /** tf.random.log_uniform_candidate_sampler(trueClasses, numTrue, numSampled, unique, rangeMax, {seed}): classes drawn with the Zipfian P(c) = ln((c + 2)/(c + 1)) / ln(rangeMax + 1) and their expected counts, TensorFlow's for a seed. */
  logUniformCandidateSampler: candidates.logUniformCandidateSampler,
  /** tf.random.fixed_unigram_candidate_sampler(trueClasses, numTrue, numSampled, unique, rangeMax, {unigrams, distortion, numReservedIds, numShards, shard, seed}): classes drawn by given unigram counts, TensorFlow's for a seed. */
  fixedUnigramCandidateSampler: candidates.fixedUnigramCandidateSampler,
  /** tf.random.learned_unigram_candidate_sampler(trueClasses, numTrue, numSampled, unique, rangeMax, {seed}): classes drawn by counts learned from the true classes of earlier calls (kept per op seed until setSeed), TensorFlow's for a seed. */
  learnedUnigramCandidateSampler: candidates.learnedUnigramCandidateSampler,
  /** tf.random.all_candidate_sampler(trueClasses, numTrue, numSampled, unique): the classes 0..numSampled-1, all expected counts 1. */
  allCandidateSampler: candidates.allCandidateSampler,
  /** tf.random.categorical(logits, num_samples, dtype=None, seed=None), or (logits, num_samples, {dtype, seed}): for each row of the [batch, classes] logits, `numSamples` class ids drawn with probabilities softmax(row), as int32 [batch, numSamples]; TensorFlow's ids after setSeed. */
  categorical: creation.randomCategorical,
  /** tf.random.set_seed: sets the global seed (null unsets it) and resets the sequence of op seeds, so the same series of random calls returns the same values again. */
  setSeed,
  /** tf.random.stateless_uniform(shape, seed, minval=0, maxval=None, dtype, alg), or (shape, seed, {minval, maxval, dtype, alg}): uniform values, a fixed function of shape and seed (TensorFlow's numbers on CPU). */
  statelessUniform: stateless.statelessUniform,
  /** tf.random.stateless_normal(shape, seed, mean=0, stddev=1, dtype, alg), or (shape, seed, {mean, stddev, dtype, alg}): normal values, a fixed function of shape and seed (TensorFlow's numbers on CPU). */
  statelessNormal: stateless.statelessNormal,
  /** tf.random.stateless_truncated_normal(shape, seed, mean=0, stddev=1, dtype, alg), or (shape, seed, {mean, stddev, dtype, alg}): normal values within 2 standard deviations, a fixed function of shape and seed. */
  statelessTruncatedNormal: stateless.statelessTruncatedNormal,
  /** tf.random.stateless_categorical(logits, num_samples, seed, dtype), or (logits, num_samples, seed, {dtype}): class ids drawn with probabilities softmax(row), a fixed function of logits and seed. */
  statelessCategorical: stateless.statelessCategorical,
  /** tf.random.gamma(shape, alpha, beta=None, dtype, seed), or (shape, alpha, {beta, dtype, seed}): gamma samples of shape `shape` + the parameters' shape, TensorFlow's numbers after setSeed (its RandomGamma kernel's stream); differentiable in alpha and beta. */
  gamma: samplers.randomGamma,
  /** tf.random.poisson(shape, lam, dtype, seed), or (shape, lam, {dtype, seed}): Poisson samples of shape `shape` + lam's shape, TensorFlow's numbers after setSeed (its RandomPoissonV2 kernel's stream). */
  poisson: samplers.randomPoisson,
  /** tf.random.stateless_gamma(shape, seed, alpha, beta, dtype): gamma samples (concentration alpha, rate beta), a fixed function of the arguments (TensorFlow's numbers on CPU); differentiable in alpha and beta. */
  statelessGamma: samplers.statelessGamma,
  /** tf.random.stateless_poisson(shape, seed, lam, dtype): Poisson samples with rates lam, a fixed function of the arguments (TensorFlow's numbers on CPU). */
  statelessPoisson: samplers.statelessPoisson,
  /** tf.random.stateless_binomial(shape, seed, counts, probs, output_dtype): binomial samples, a fixed function of the arguments (TensorFlow's numbers on CPU). */
  statelessBinomial: samplers.statelessBinomial,
  /** tf.random.Generator: a random-number generator with a state that each draw advances (Philox; TensorFlow's numbers for a seed). */
  Generator: generators.Generator,
  /** tf.random.get_global_generator(): the global Generator (made from a nondeterministic state at the first call). */
  getGlobalGenerator: generators.getGlobalGenerator,
  /** tf.random.set_global_generator(generator): replaces the global Generator. */
  setGlobalGenerator: generators.setGlobalGenerator,
  /** `tf.random.experimental`: seed splitting and folding for the stateless ops, and the stateless shuffle. */
  experimental: {
    /** tf.random.experimental.Generator: tf.random.Generator. */
    Generator: generators.Generator,
    /** tf.random.experimental.stateless_split(seed, num, {alg}): `num` new seeds from one, int32 [num, 2]. */
    statelessSplit: stateless.statelessSplit,
    /** tf.random.experimental.stateless_fold_in(seed, data, {alg}): a new seed from a seed and an int32 scalar, int32 [2]. */
    statelessFoldIn: stateless.statelessFoldIn,
    /** tf.random.experimental.stateless_shuffle(value, seed, {alg}): the rows in an order set by the seed, TensorFlow's for the same seed. */
    statelessShuffle: stateless.statelessShuffle,
  },
};

/** `tf.random.Generator` as a type: `let g: tf.random.Generator`. */
export declare namespace random {
  type Generator = generators.Generator;
  namespace experimental {
    type Generator = generators.Generator;
  }
}

/** `tf.debugging`: value checks. */
export const debugging = {
  /** tf.debugging.check_numerics(tensor, message): returns the tensor, or throws with `message` if it holds NaN or Inf. */
  checkNumerics: debug.checkNumerics,
  /** tf.debugging.assert_all_finite(t, msg): the same check as checkNumerics. */
  assertAllFinite: debug.assertAllFinite,
  /** tf.debugging.assert_equal(x, y, message, summarize): throws InvalidArgumentError unless x == y everywhere. */
  assertEqual: debug.assertEqual,
  /** tf.debugging.assert_none_equal(x, y, message, summarize): throws InvalidArgumentError unless x != y everywhere. */
  assertNoneEqual: debug.assertNoneEqual,
  /** tf.debugging.assert_less(x, y, message, summarize): throws InvalidArgumentError unless x < y everywhere. */
  assertLess: debug.assertLess,
  /** tf.debugging.assert_less_equal(x, y, message, summarize): throws InvalidArgumentError unless x <= y everywhere. */
  assertLessEqual: debug.assertLessEqual,
  /** tf.debugging.assert_greater(x, y, message, summarize): throws InvalidArgumentError unless x > y everywhere. */
  assertGreater: debug.assertGreater,
  /** tf.debugging.assert_greater_equal(x, y, message, summarize): throws InvalidArgumentError unless x >= y everywhere. */
  assertGreaterEqual: debug.assertGreaterEqual,
  /** tf.debugging.assert_near(x, y, rtol, atol, message, summarize): throws InvalidArgumentError unless |x - y| <= atol + rtol·|y| everywhere. */
  assertNear: debug.assertNear,
  /** tf.debugging.assert_negative(x, message, summarize): throws InvalidArgumentError unless x < 0 everywhere. */
  assertNegative: debug.assertNegative,
  /** tf.debugging.assert_positive(x, message, summarize): throws InvalidArgumentError unless x > 0 everywhere. */
  assertPositive: debug.assertPositive,
  /** tf.debugging.assert_non_negative(x, message, summarize): throws InvalidArgumentError unless x >= 0 everywhere. */
  assertNonNegative: debug.assertNonNegative,
  /** tf.debugging.assert_non_positive(x, message, summarize): throws InvalidArgumentError unless x <= 0 everywhere. */
  assertNonPositive: debug.assertNonPositive,
  /** tf.debugging.assert_rank(x, rank, message): throws ValueError unless x has that rank. */
  assertRank: debug.assertRank,
  /** tf.debugging.assert_rank_at_least(x, rank, message): throws ValueError unless x has at least that rank. */
  assertRankAtLeast: debug.assertRankAtLeast,
  /** tf.debugging.assert_rank_in(x, ranks, message): throws ValueError unless x's rank is one of ranks. */
  assertRankIn: debug.assertRankIn,
  /** tf.debugging.assert_scalar(tensor, message): the tensor when it is a scalar, else throws ValueError. */
  assertScalar: debug.assertScalar,
  /** tf.debugging.assert_type(tensor, tfType, message): throws TypeError unless the tensor has that dtype. */
  assertType: debug.assertType,
  /** tf.debugging.Assert(condition, data, summarize): throws InvalidArgumentError listing `data` when the bool scalar condition is false. */
  Assert: debug.Assert,
};

/** `tf.bitwise`: TensorFlow's bitwise ops on int32 tensors, elementwise with broadcasting (computed in JavaScript; no gradients, as in TensorFlow). */
export const bitwise = {
  /** tf.bitwise.bitwise_and(x, y): the bits set in both. */
  bitwiseAnd: bitwiseOps.bitwiseAnd,
  /** tf.bitwise.bitwise_or(x, y): the bits set in either. */
  bitwiseOr: bitwiseOps.bitwiseOr,
  /** tf.bitwise.bitwise_xor(x, y): the bits set in exactly one. */
  bitwiseXor: bitwiseOps.bitwiseXor,
  /** tf.bitwise.invert(x): every bit flipped (-x - 1). */
  invert: bitwiseOps.invert,
  /** tf.bitwise.left_shift(x, y): x << y, the shift clamped to [0, 31] as TensorFlow's kernels clamp it. */
  leftShift: bitwiseOps.leftShift,
  /** tf.bitwise.right_shift(x, y): x >> y, arithmetic (the sign copied in), the shift clamped to [0, 31] as TensorFlow's kernels clamp it. */
  rightShift: bitwiseOps.rightShift,
};

/** `tf.errors`: TensorFlow's error classes (catch them with `instanceof`) and status codes. Ops throw
 * InvalidArgumentError for a bad value, shape or dtype, and ResourceExhaustedError when WebAssembly
 * memory runs out, as TensorFlow's eager ops raise them. */
export const errors = {
  /** tf.errors.OpError: the base class of TensorFlow's runtime errors (`errorCode`, and `op` and `nodeDef`, null in eager execution). */
  OpError: errorClasses.OpError,
  /** tf.errors.CancelledError: an operation was cancelled. */
  CancelledError: errorClasses.CancelledError,
  /** tf.errors.UnknownError: an error of no other class. */
  UnknownError: errorClasses.UnknownError,
  /** tf.errors.InvalidArgumentError: an op's bad argument: a value, a shape that does not fit, a dtype it takes no kernel for; a failed tf.debugging assertion. */
  InvalidArgumentError: errorClasses.InvalidArgumentError,
  /** tf.errors.DeadlineExceededError: a deadline expired before the operation completed. */
  DeadlineExceededError: errorClasses.DeadlineExceededError,
  /** tf.errors.NotFoundError: a file, checkpoint key or kernel that was asked for does not exist. */
  NotFoundError: errorClasses.NotFoundError,
  /** tf.errors.AlreadyExistsError: an entity to create already exists. */
  AlreadyExistsError: errorClasses.AlreadyExistsError,
  /** tf.errors.PermissionDeniedError: the caller may not run the operation. */
  PermissionDeniedError: errorClasses.PermissionDeniedError,
  /** tf.errors.UnauthenticatedError: the request has no valid credentials. */
  UnauthenticatedError: errorClasses.UnauthenticatedError,
  /** tf.errors.ResourceExhaustedError: a resource ran out: WebAssembly memory for a result (TensorFlow's "OOM when allocating tensor"). */
  ResourceExhaustedError: errorClasses.ResourceExhaustedError,
  /** tf.errors.FailedPreconditionError: the system is not in a state to run the operation. */
  FailedPreconditionError: errorClasses.FailedPreconditionError,
  /** tf.errors.AbortedError: an operation was aborted. */
  AbortedError: errorClasses.AbortedError,
  /** tf.errors.OutOfRangeError: an operation went past the valid range (a TensorArray index). */
  OutOfRangeError: errorClasses.OutOfRangeError,
  /** tf.errors.UnimplementedError: the operation is not implemented or not supported. */
  UnimplementedError: errorClasses.UnimplementedError,
  /** tf.errors.InternalError: an invariant did not hold: a bug, please report it. */
  InternalError: errorClasses.InternalError,
  /** tf.errors.UnavailableError: the runtime is unavailable for now. */
  UnavailableError: errorClasses.UnavailableError,
  /** tf.errors.DataLossError: unrecoverable data loss or corruption. */
  DataLossError: errorClasses.DataLossError,
  /** tf.errors.OK: status code 0. */
  OK: errorClasses.OK,
  /** tf.errors.CANCELLED: status code 1. */
  CANCELLED: errorClasses.CANCELLED,
  /** tf.errors.UNKNOWN: status code 2. */
  UNKNOWN: errorClasses.UNKNOWN,
  /** tf.errors.INVALID_ARGUMENT: status code 3. */
  INVALID_ARGUMENT: errorClasses.INVALID_ARGUMENT,
  /** tf.errors.DEADLINE_EXCEEDED: status code 4. */
  DEADLINE_EXCEEDED: errorClasses.DEADLINE_EXCEEDED,
  /** tf.errors.NOT_FOUND: status code 5. */
  NOT_FOUND: errorClasses.NOT_FOUND,
  /** tf.errors.ALREADY_EXISTS: status code 6. */
  ALREADY_EXISTS: errorClasses.ALREADY_EXISTS,
  /** tf.errors.PERMISSION_DENIED: status code 7. */
  PERMISSION_DENIED: errorClasses.PERMISSION_DENIED,
  /** tf.errors.RESOURCE_EXHAUSTED: status code 8. */
  RESOURCE_EXHAUSTED: errorClasses.RESOURCE_EXHAUSTED,
  /** tf.errors.FAILED_PRECONDITION: status code 9. */
  FAILED_PRECONDITION: errorClasses.FAILED_PRECONDITION,
  /** tf.errors.ABORTED: status code 10. */
  ABORTED: errorClasses.ABORTED,
  /** tf.errors.OUT_OF_RANGE: status code 11. */
  OUT_OF_RANGE: errorClasses.OUT_OF_RANGE,
  /** tf.errors.UNIMPLEMENTED: status code 12. */
  UNIMPLEMENTED: errorClasses.UNIMPLEMENTED,
  /** tf.errors.INTERNAL: status code 13. */
  INTERNAL: errorClasses.INTERNAL,
  /** tf.errors.UNAVAILABLE: status code 14. */
  UNAVAILABLE: errorClasses.UNAVAILABLE,
  /** tf.errors.DATA_LOSS: status code 15. */
  DATA_LOSS: errorClasses.DATA_LOSS,
  /** tf.errors.UNAUTHENTICATED: status code 16. */
  UNAUTHENTICATED: errorClasses.UNAUTHENTICATED,
};
/** The error classes of `tf.errors` as types (through the values: the bundled typings name the
 * classes as the namespace does). */
export declare namespace errors {
  type OpError = InstanceType<typeof errors.OpError>;
  type CancelledError = InstanceType<typeof errors.CancelledError>;
  type UnknownError = InstanceType<typeof errors.UnknownError>;
  type InvalidArgumentError = InstanceType<typeof errors.InvalidArgumentError>;
  type DeadlineExceededError = InstanceType<typeof errors.DeadlineExceededError>;
  type NotFoundError = InstanceType<typeof errors.NotFoundError>;
  type AlreadyExistsError = InstanceType<typeof errors.AlreadyExistsError>;
  type PermissionDeniedError = InstanceType<typeof errors.PermissionDeniedError>;
  type UnauthenticatedError = InstanceType<typeof errors.UnauthenticatedError>;
  type ResourceExhaustedError = InstanceType<typeof errors.ResourceExhaustedError>;
  type FailedPreconditionError = InstanceType<typeof errors.FailedPreconditionError>;
  type AbortedError = InstanceType<typeof errors.AbortedError>;
  type OutOfRangeError = InstanceType<typeof errors.OutOfRangeError>;
  type UnimplementedError = InstanceType<typeof errors.UnimplementedError>;
  type InternalError = InstanceType<typeof errors.InternalError>;
  type UnavailableError = InstanceType<typeof errors.UnavailableError>;
  type DataLossError = InstanceType<typeof errors.DataLossError>;
}

/** `tf.nest`: nested structures (arrays and plain objects to any depth) as TensorFlow's nest module
 * walks them: an object's values in its keys' sorted order, everything else a leaf. */
export const nest = {
  /** tf.nest.assert_same_structure(nest1, nest2, check_types, expand_composites): throws (ValueError, or TypeError for an array against an object) unless both nest alike. */
  assertSameStructure: nestOps.assertSameStructure,
  /** tf.nest.flatten(structure, expand_composites): the leaves in order, an object's by its sorted keys. */
  flatten: nestOps.flatten,
  /** tf.nest.is_nested(seq): true for an array or a plain object. */
  isNested: nestOps.isNested,
  /** tf.nest.map_structure(func, *structure): func on the leaves at each place of one or more like structures, packed as the first. */
  mapStructure: nestOps.mapStructure,
  /** tf.nest.pack_sequence_as(structure, flat_sequence, expand_composites): the flat values in the structure's shape. */
  packSequenceAs: nestOps.packSequenceAs,
};

/** tf.print(*inputs, output_stream, summarize, sep, end): prints tensors and values in TensorFlow's format. */
export { print } from './print';
/** tf.assert_equal: tf.debugging.assertEqual at the top level, as in TensorFlow 2. */
export const assertEqual = debug.assertEqual;
/** tf.assert_greater: tf.debugging.assertGreater at the top level, as in TensorFlow 2. */
export const assertGreater = debug.assertGreater;
/** tf.assert_less: tf.debugging.assertLess at the top level, as in TensorFlow 2. */
export const assertLess = debug.assertLess;
/** tf.assert_rank: tf.debugging.assertRank at the top level, as in TensorFlow 2. */
export const assertRank = debug.assertRank;
/** tf.Assert: tf.debugging.Assert at the top level, as in TensorFlow 2. */
export const Assert = debug.Assert;

// The generated ops without the table of their Tensor methods (installed below, not an API),
// without the functions TensorFlow 2.21 has under tf.math.special only (not under tf.math), and
// without argmax and argmin, which tf.math takes from ./reductions (with TensorFlow's output_type).
const { tensorOps, besselJ0, besselJ1, besselY0, besselY1, besselK0, besselK0e, besselK1, besselK1e, dawsn, expint, fresnelCos, fresnelSin, spence, argmax: _argmax, argmin: _argmin, ...generatedOps } = gen;

/** `tf.math`: the elementwise ops, comparisons and reductions under TensorFlow's namespace. */
export const math = {
  ...generatedOps,
  /** tf.math.polyval: coefficients highest power first, by Horner's rule p = c0·x^(n-1) + … + c(n-1). */
  polyval: ops.polyval,
  /** Mean over axes = sum / count (integer tensors divide with truncation, as in TensorFlow). */
  reduceMean: ops.reduceMean,
  /** tf.math.reduce_logsumexp: log(Σ exp(x)) over `axis`, computed as m + log(Σ exp(x - m)) with m the maximum (0 where the maximum is ±inf or NaN, so -inf rows give -inf, not NaN). */
  reduceLogSumExp: red.reduceLogSumExp,
  /** tf.math.reduce_variance: mean((x - mean(x))²) over `axis` (the biased, population variance). */
  reduceVariance: red.reduceVariance,
  /** tf.math.reduce_std: sqrt(reduce_variance(x)). */
  reduceStd: red.reduceStd,
  /** tf.math.add_n: the elementwise sum of tensors of one shape and dtype (no broadcasting). */
  addN: red.addN,
  /** tf.math.l2_normalize(x, axis=None, epsilon=1e-12) = x / sqrt(max(sum(x²), epsilon)). */
  l2Normalize: nnOps.l2Normalize,
  /** `tf.math.subtract`, elementwise with NumPy broadcasting. */
  subtract: gen.sub,
  /** `tf.math.multiply`, elementwise with NumPy broadcasting. */
  multiply: gen.mul,
  /** `tf.math.divide`, elementwise with NumPy broadcasting. */
  divide: gen.div,
  /** `tf.math.negative`, elementwise. */
  negative: gen.neg,
  /** `tf.math.floormod`, elementwise with NumPy broadcasting. */
  floormod: gen.mod,
  /** `tf.math.floordiv`, elementwise with NumPy broadcasting. */
  floordiv: gen.floorDiv,
  /** tf.math.argmax(input, axis=None, output_type=tf.int64): the index of the largest value along `axis` (int32 indices). */
  argmax: red.argmax,
  /** TensorFlow.js's name of argmax. */
  argMax: red.argmax,
  /** tf.math.argmin(input, axis=None, output_type=tf.int64): the index of the smallest value along `axis` (int32 indices). */
  argmin: red.argmin,
  /** TensorFlow.js's name of argmin. */
  argMin: red.argmin,
  /** tf.math.top_k(input, k = 1, sorted = true): the `k` largest entries of each lane of the last axis and their int32 indices, largest first; among equal values the lower index comes first. */
  topK: sorting.topK,
  /** tf.math.approx_max_k(operand, k, reduction_dimension = -1, recall_target = 0.95, reduction_input_size_override = -1, aggregate_to_topk = true): [values, indices] of the k largest entries along a dimension, exact as on TensorFlow's CPUs. */
  approxMaxK: sorting.approxMaxK,
  /** tf.math.approx_min_k(operand, k, reduction_dimension = -1, recall_target = 0.95, reduction_input_size_override = -1, aggregate_to_topk = true): [values, indices] of the k smallest entries along a dimension, exact as on TensorFlow's CPUs. */
  approxMinK: sorting.approxMinK,
  /** tf.math.log_sigmoid: log(1 / (1 + e^-x)) = -softplus(-x), which never overflows. */
  logSigmoid: nnOps.logSigmoid,
  /** `tf.math.divide`, elementwise with NumPy broadcasting. */
  truediv: gen.div,
  /** tf.math.reduce_euclidean_norm: sqrt(Σ x²) over `axis` (its gradient x / norm is NaN where the norm is 0, as TensorFlow's). */
  reduceEuclideanNorm: red.reduceEuclideanNorm,
  /** tf.math.count_nonzero(input, axis=None, keepdims=None, dtype): how many entries are not 0 (not false) over `axis`, cast to `dtype`; int32 when not given (TF's default is int64, which gradtape does not have). */
  countNonzero: red.countNonzero,
  // The literal camelCase of TensorFlow's is_nan and reduce_logsumexp.
  /** `tf.math.is_nan`, elementwise. */
  isNan: gen.isNaN,
  /** tf.math.reduce_logsumexp: log(Σ exp(x)) over `axis`, computed as m + log(Σ exp(x - m)) with m the maximum (0 where the maximum is ±inf or NaN, so -inf rows give -inf, not NaN). */
  reduceLogsumexp: red.reduceLogSumExp,
  /** tf.math.unsorted_segment_sum(data, segmentIds, numSegments): `out[s] = Σ data[i]` over the `i` with `segmentIds[i] = s` (negative ids dropped). */
  unsortedSegmentSum: indexing.unsortedSegmentSum,
  /** tf.math.unsorted_segment_mean: unsortedSegmentSum divided by each segment's count (0 for an empty segment). */
  unsortedSegmentMean: indexing.unsortedSegmentMean,
  /** tf.math.unsorted_segment_sqrt_n: unsortedSegmentSum divided by the square root of each segment's count. */
  unsortedSegmentSqrtN: indexing.unsortedSegmentSqrtN,
  /** tf.math.segment_sum(data, segmentIds): the sums of the rows of `data` with equal sorted ids. */
  segmentSum: indexing.segmentSum,
  /** tf.math.segment_mean: segmentSum divided by each segment's count. */
  segmentMean: indexing.segmentMean,
  /** tf.math.unsorted_segment_max(data, segmentIds, numSegments): each segment's largest entries (the dtype's lowest value when empty). */
  unsortedSegmentMax: indexing.unsortedSegmentMax,
  /** tf.math.unsorted_segment_min(data, segmentIds, numSegments): each segment's smallest entries (the dtype's largest value when empty). */
  unsortedSegmentMin: indexing.unsortedSegmentMin,
  /** tf.math.segment_max(data, segmentIds): each segment's largest entries, for sorted ids (0 for an id that does not occur). */
  segmentMax: indexing.segmentMax,
  /** tf.math.segment_min(data, segmentIds): each segment's smallest entries, for sorted ids (0 for an id that does not occur). */
  segmentMin: indexing.segmentMin,
  /** tf.math.unsorted_segment_prod(data, segmentIds, numSegments): the product of each segment's entries (1 when empty). */
  unsortedSegmentProd: indexing.unsortedSegmentProd,
  /** tf.math.segment_prod(data, segmentIds): the product of each segment of sorted ids (1 for an id that does not occur). */
  segmentProd: indexing.segmentProd,
  /** tf.math.bincount(arr, weights, minlength, maxlength, dtype): counts (or summed weights) of each value of a non-negative int32 tensor. */
  bincount: indexing.bincount,
  /** tf.math.confusion_matrix(labels, predictions, numClasses, weights, dtype): entry [i, j] counts the examples of label i predicted as j. */
  confusionMatrix: indexing.confusionMatrix,
  /** `tf.math.rint`: the nearest integer, halves to even (`round`). */
  rint: gen.round,
  /** tf.math.reciprocal_no_nan(x): 1/x, and 0 where x is 0. */
  reciprocalNoNan: ops.reciprocalNoNan,
  /** tf.math.multiply_no_nan(x, y): x·y, and 0 where y is 0 even when x is infinite or NaN. */
  multiplyNoNan: ops.multiplyNoNan,
  /** tf.math.scalar_mul(scalar, x): x times a number or 0-D tensor. */
  scalarMul: ops.scalarMul,
  /** tf.math.bessel_i0(x): the modified Bessel function of the first kind I₀ (even; gradient I₁). */
  besselI0: gen.besselI0,
  /** tf.math.bessel_i0e(x): e^-|x| I₀(x), which never overflows (gradient besselI1e(x) - sign(x) besselI0e(x), TensorFlow's). */
  besselI0e: gen.besselI0e,
  /** tf.math.bessel_i1(x): the modified Bessel function of the first kind I₁ (odd; gradient I₀(x) - I₁(x)/x, and 1/2 at x = 0 where TensorFlow's rule gives 1). */
  besselI1: gen.besselI1,
  /** tf.math.bessel_i1e(x): e^-|x| I₁(x), which never overflows (gradient besselI0e(x) - besselI1e(x) (sign(x) + 1/x), 1/2 at 0). */
  besselI1e: gen.besselI1e,
  /** `tf.math.special`: Bessel functions J, Y, K, I, Dawson's, the exponential and the Fresnel integrals, Spence's function (Cephes' approximations, as TensorFlow computes them; float32 by their single-precision forms). */
  special: {
    /** tf.math.special.bessel_i0(x): the modified Bessel function of the first kind I₀ (tf.math.besselI0). */
    besselI0: gen.besselI0,
    /** tf.math.special.bessel_i0e(x): e^-|x| I₀(x) (tf.math.besselI0e). */
    besselI0e: gen.besselI0e,
    /** tf.math.special.bessel_i1(x): the modified Bessel function of the first kind I₁ (tf.math.besselI1). */
    besselI1: gen.besselI1,
    /** tf.math.special.bessel_i1e(x): e^-|x| I₁(x) (tf.math.besselI1e). */
    besselI1e: gen.besselI1e,
    /** tf.math.special.bessel_j0(x): the Bessel function of the first kind J₀ (even; gradient -J₁). */
    besselJ0,
    /** tf.math.special.bessel_j1(x): the Bessel function of the first kind J₁ (odd; gradient J₀(x) - J₁(x)/x, 1/2 at 0). */
    besselJ1,
    /** tf.math.special.bessel_y0(x): the Bessel function of the second kind Y₀, -inf for x <= 0 (gradient -Y₁). */
    besselY0,
    /** tf.math.special.bessel_y1(x): the Bessel function of the second kind Y₁, -inf for x < 0 (gradient Y₀(x) - Y₁(x)/x). */
    besselY1,
    /** tf.math.special.bessel_k0(x): the modified Bessel function of the second kind K₀, inf for x <= 0 (gradient -K₁). */
    besselK0,
    /** tf.math.special.bessel_k0e(x): e^x K₀(x), which never underflows (gradient besselK0e(x) - besselK1e(x)). */
    besselK0e,
    /** tf.math.special.bessel_k1(x): the modified Bessel function of the second kind K₁, inf for x <= 0 (gradient -K₀(x) - K₁(x)/x). */
    besselK1,
    /** tf.math.special.bessel_k1e(x): e^x K₁(x), which never underflows (gradient besselK1e(x) (1 - 1/x) - besselK0e(x)). */
    besselK1e,
    /** tf.math.special.dawsn(x): Dawson's integral e^-x² ∫₀ˣ e^t² dt (odd; gradient 1 - 2x dawsn(x)). */
    dawsn,
    /** tf.math.special.expint(x): the exponential integral Ei(x), NaN for x < 0 (gradient e^x/x). */
    expint,
    /** tf.math.special.fresnel_cos(x): the Fresnel integral ∫₀ˣ cos(πt²/2) dt (odd; gradient cos(πx²/2)). */
    fresnelCos,
    /** tf.math.special.fresnel_sin(x): the Fresnel integral ∫₀ˣ sin(πt²/2) dt (odd; gradient sin(πx²/2)). */
    fresnelSin,
    /** tf.math.special.spence(x): Spence's function ∫₁ˣ ln t / (1 - t) dt, NaN for x < 0 (gradient ln x / (1 - x), -1 at 1). */
    spence,
  },
  /** tf.math.erfcinv(x): the inverse of erfc on [0, 2] (TensorFlow's -ndtri(x/2)/√2): inf at 0, -inf at 2, NaN outside. */
  erfcinv: gen.erfcinv,
  /** tf.math.igamma(a, x): the regularized lower incomplete gamma function P(a, x), broadcasting; NaN for a <= 0 or x < 0 (but 0 at x = 0); gradients in a and x, as TensorFlow's. */
  igamma: gen.igamma,
  /** tf.math.igammac(a, x): the regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x), broadcasting; NaN for a <= 0 or x < 0; gradients in a and x. */
  igammac: gen.igammac,
  /** tf.math.zeta(x, q): the Hurwitz zeta function Σ (k + q)^-x, broadcasting (inf at x = 1, NaN for x < 1); a gradient in q only, as TensorFlow's. */
  zeta: gen.zeta,
  /** tf.math.polygamma(a, x): the a-th derivative of digamma at x (a a non-negative integer, else NaN), broadcasting; a gradient in x only, as TensorFlow's. */
  polygamma: gen.polygamma,
  /** tf.math.nextafter(x1, x2): the next float after x1 toward x2 in the tensors' own dtype; gradient 1 for x1 and 0 for x2, as TensorFlow's. */
  nextafter: gen.nextafter,
  /** tf.math.betainc(a, b, x): the regularized incomplete beta function I_x(a, b), the three broadcast together; a gradient for x only, as TensorFlow's. */
  betainc: ops.betainc,
  /** tf.math.lbeta(x): Σ lgamma(x) - lgamma(Σ x) along the last axis, the log of the multivariate beta function. */
  lbeta: ops.lbeta,
  /** tf.math.sobol_sample(dim, num_results, skip=0, dtype): points of the Sobol sequence, TensorFlow's bit for bit (dim up to 1,111). */
  sobolSample,
  /** tf.math.cumulative_logsumexp(x, axis=0, exclusive=false, reverse=false): log Σ_{j≤i} e^x_j along axis, in log space. */
  cumulativeLogsumexp: red.cumulativeLogsumexp,
  /** tf.math.is_non_decreasing(x): whether each entry (row-major) is at least the one before, a bool scalar. */
  isNonDecreasing: red.isNonDecreasing,
  /** tf.math.is_strictly_increasing(x): whether each entry (row-major) is more than the one before, a bool scalar. */
  isStrictlyIncreasing: red.isStrictlyIncreasing,
  /** tf.math.in_top_k(targets, predictions, k): whether each row's target class is among its k largest predictions (ties with the k-th count), bool. */
  inTopK: sorting.inTopK,
  /** tf.math.divide_no_nan(x, y): x / y, and 0 where y is 0. */
  divideNoNan: gen.divNoNan,
  /** tf.math.softmax(logits, axis=-1): tf.nn.softmax. */
  softmax: ops.softmax,
  /** tf.math.log_softmax(logits, axis=-1): tf.nn.logSoftmax. */
  logSoftmax: ops.logSoftmax,
  /** tf.math.xdivy(x, y): x / y, and 0 where x is 0. */
  xdivy: arrays.xdivy,
  /** tf.math.xlog1py(x, y): x·log1p(y), and 0 where x is 0. */
  xlog1py: arrays.xlog1py,
  /** tf.math.real(input): the input itself for real dtypes. */
  real: arrays.real,
  /** tf.math.imag(input): zeros for real dtypes. */
  imag: arrays.imag,
  /** tf.math.conj(x): the input itself for real dtypes. */
  conj: arrays.conj,
  /** tf.math.angle(input): π where a real input is negative, 0 elsewhere. */
  angle: arrays.angle,
  /** tf.math.invert_permutation(x): y with y[x[i]] = i for a permutation x of 0..n-1. */
  invertPermutation: arrays.invertPermutation,
  /** tf.math.accumulate_n(inputs): tf.math.addN (TensorFlow's deprecated spelling). */
  accumulateN: red.addN,
  /** tf.math.zero_fraction(value): the fraction of entries that are 0, a float32 scalar. */
  zeroFraction: nnOps.zeroFraction,
  /** tf.math.truncatediv(x, y): int32 division rounded toward zero (C's `/`). */
  truncatediv: arrays.truncatediv,
  /** tf.math.truncatemod(x, y): the remainder of truncated division, with the sign of x (C's `%`, `fmod` for floats). */
  truncatemod: arrays.truncatemod,
};

/** `tf.linalg`: products, structure, solves, decompositions (decompositions return arrays where
 * TensorFlow returns tuples) and norms. */
export const linalg = {
  /** tf.linalg.matmul(a, b, transposeA, transposeB, adjointA, adjointB, aIsSparse, bIsSparse, outputType): the matrix product `a @ b` over the last two axes, with leading (batch) axes broadcast; `transposeA` / `transposeB` (or, for real matrices the same, `adjointA` / `adjointB`) transpose an operand's last two axes first. */
  matmul: ops.matmul,
  /** tf.linalg.matvec: op(a) b for matrices a `[..., M, N]` and vectors b `[..., N]`. */
  matvec: la.matvec,
  /** tf.linalg.cross(a, b): the cross product of the 3-vectors in the last axis of `a` and `b`. */
  cross: la.cross,
  /** tf.linalg.diag(diagonal, k=0, numRows=-1, numCols=-1, paddingValue=0, align='RIGHT_LEFT'): `[..., N]` -> matrices with the vectors on diagonal `k` (square, N + |k|, unless a size is given) and `paddingValue` elsewhere. */
  diag: la.diag,
  /** tf.linalg.diag_part(input, k=0, paddingValue=0, align='RIGHT_LEFT'): `[..., M, N]` -> diagonal `k` of each matrix (the main one, min(M, N) entries, for k = 0). */
  diagPart: la.diagPart,
  /** tf.linalg.band_part: keeps `numLower` subdiagonals and `numUpper` superdiagonals (a negative count keeps the whole triangle) and zeros the rest. */
  bandPart: la.bandPart,
  /** tf.linalg.trace: the sum of each matrix's main diagonal, `[..., M, N]` -> `[...]`. */
  trace: la.trace,
  /** tf.linalg.inv: the inverse of each square matrix (of its transpose when `adjoint`); an error when one is singular. */
  inv: la.inv,
  /** tf.linalg.solve: X with op(matrix) X = rhs (op = transpose when `adjoint`), by LU with partial pivoting; matrix `[..., M, M]`, rhs `[..., M, K]` with the same batch dims. */
  solve: la.solve,
  /** tf.linalg.cholesky: lower-triangular L with L Lᵀ = A for symmetric positive definite A (only its lower triangle is read); a matrix that is not positive definite gives NaN on and below the diagonal, as TensorFlow's CPU kernel does. */
  cholesky: la.cholesky,
  /** tf.linalg.banded_triangular_solve(bands, rhs, lower=true, adjoint=false): solves A x = rhs for the triangular band matrix A stored as TensorFlow stores its diagonals in bands [..., K, M]. */
  bandedTriangularSolve: la.bandedTriangularSolve,
  /** tf.linalg.triangular_solve: X with op(matrix) X = rhs for triangular matrices (only the `lower` or upper triangle is read; op = transpose when `adjoint`); batch dims broadcast. */
  triangularSolve: la.triangularSolve,
  /** tf.linalg.det = sign · exp(ln|det|); its gradient is det · A⁻ᵀ (TensorFlow's). */
  det: la.det,
  /** tf.linalg.slogdet: [sign, ln|det|] of each square matrix (sign 0 and -Infinity when singular; never overflows). */
  slogdet: la.slogdet,
  /** tf.linalg.logdet: ln det A = 2 Σ ln diag(cholesky(A)) for symmetric positive definite A (NaN otherwise, as in TensorFlow). */
  logdet: la.logdet,
  /** tf.linalg.qr: [q, r] with A = Q R, Q `[..., M, K]` with orthonormal columns, R `[..., K, N]` upper-triangular; K = min(M, N), or M when `fullMatrices`. */
  qr: la.qr,
  /** tf.linalg.lu: [lu, p] with P A = L U by partial pivoting: L (unit diagonal implied) strictly below the diagonal of lu, U on and above it, p the int32 row permutation (A[p] = L U). */
  lu: la.lu,
  /** tf.linalg.lu_solve(lowerUpper, perm, rhs, validateArgs=false): X with A X = rhs from A's LU decomposition; batch dims broadcast. */
  luSolve: la.luSolve,
  /** tf.linalg.lu_reconstruct(lowerUpper, perm, validateArgs=false): A from its LU decomposition. */
  luReconstruct: la.luReconstruct,
  /** tf.linalg.lu_matrix_inverse(lowerUpper, perm, validateArgs=false): A⁻¹ from its LU decomposition. */
  luMatrixInverse: la.luMatrixInverse,
  /** tf.linalg.svd: A = U diag(s) Vᵀ with s descending, returned as [s, u, v] (TensorFlow's order), or s alone when `computeUv` is false. */
  svd: la.svd,
  /** tf.linalg.eigh: [e, v] for symmetric matrices (only the lower triangle is read), eigenvalues ascending, column j of v the unit eigenvector of e[j] (its sign arbitrary). */
  eigh: la.eigh,
  /** tf.linalg.eigvalsh: the eigenvalues of symmetric matrices, ascending. */
  eigvalsh: la.eigvalsh,
  /** tf.linalg.lstsq: X minimizing ‖A X - B‖² + l2 ‖X‖² for A `[..., M, N]`, B `[..., M, K]`. */
  lstsq: la.lstsq,
  /** tf.linalg.adjoint: each matrix transposed (the conjugate transpose of a real matrix). */
  adjoint: la.adjoint,
  /** tf.linalg.matrix_transpose(a, conjugate=false): each matrix transposed. */
  matrixTranspose: la.matrixTranspose,
  /** tf.linalg.set_diag(input, diagonal): the main diagonals replaced. */
  setDiag: la.setDiag,
  /** tf.linalg.matrix_rank(a, tol=null): the number of singular values above tol (default max(M, N)·eps·max(s)), int32. */
  matrixRank: la.matrixRank,
  /** tf.linalg.cholesky_solve(chol, rhs): X with A X = rhs given chol = cholesky(A). */
  choleskySolve: la.choleskySolve,
  /** tf.linalg.normalize(tensor, ord='euclidean', axis=null): [tensor / norm, norm]. */
  normalize: la.normalize,
  /** tf.linalg.global_norm(tList): √(Σ ‖t‖²) over the tensors of the list. */
  globalNorm: red.globalNorm,
  /** tf.linalg.expm(input): the exponential of each square matrix, by TensorFlow's Padé scaling and squaring; differentiable. */
  expm: expmOps.expm,
  /** tf.linalg.sqrtm(input) (matrix_square_root): the principal square root of each real square matrix, through a real Schur decomposition as TensorFlow's kernel (NaN for a real negative eigenvalue, as in TensorFlow), with TensorFlow's Sylvester-equation gradient. */
  sqrtm: sqrtmOps.sqrtm,
  /** tf.linalg.pinv: the Moore–Penrose pseudo-inverse `[..., N, M]` via the SVD, with singular values at or below rcond · max(s) taken as zero; rcond defaults to 10 · max(M, N) · eps of the dtype. */
  pinv: la.pinv,
  /** tf.norm / tf.linalg.norm: a vector norm over `axis` (all entries when absent): 'euclidean' (= 2), 1, Infinity or any p > 0; or, with `axis` two dims, a matrix norm: 'euclidean' = 'fro' (Frobenius), 1 (largest column sum), Infinity (largest row sum) or 2 (largest singular value). */
  norm: la.norm,
  /** tf.einsum(equation, *inputs): Einstein summation, e.g. 'ij,jk->ik' (matmul), 'ii->' (trace), 'bij,bjk->bik'. */
  einsum: shape.einsum,
  /** tf.tensordot(a, b, axes): sums the products over `axes` — an integer N (the last N dims of a with the first N of b) or a pair of axis lists — by transposing, reshaping and one matmul. */
  tensordot: shape.tensordot,
  /** tf.eye(num_rows, num_columns, batch_shape, dtype=float32): identity matrices. */
  eye: shape.eye,
  /** tf.linalg.l2_normalize(x, axis=None, epsilon=1e-12) = x / sqrt(max(sum(x²), epsilon)). */
  l2Normalize: nnOps.l2Normalize,
  /** tf.linalg.tensor_diag(diagonal): the rank-2k tensor with `diagonal` on its diagonal [i, i]. */
  tensorDiag: arrays.tensorDiag,
  /** tf.linalg.tensor_diag_part(input): the diagonal [i, i] of a tensor of shape s ++ s. */
  tensorDiagPart: arrays.tensorDiagPart,
  /** tf.linalg.tridiagonal_matmul(diagonals, rhs, diagonals_format='compact'): a tridiagonal matrix given by its diagonals times rhs. */
  tridiagonalMatmul: tridiagonal.tridiagonalMatmul,
  /** tf.linalg.tridiagonal_solve(diagonals, rhs, diagonals_format='compact', transpose_rhs, ...): solves A x = rhs for a tridiagonal A given by its diagonals. */
  tridiagonalSolve: tridiagonal.tridiagonalSolve,
};
export type { DiagonalsFormat } from './tridiagonal';
export type { NormOrd } from './linalg';
/** tf.norm: vector and matrix norms (see `tf.linalg.norm`). */
export const norm = la.norm;

/** `tf.nn`: activations, softmax, cross entropies and the other neural-network helpers. */
export const nn = {
  /** `tf.nn.relu`, elementwise. */
  relu: gen.relu,
  /** `tf.nn.relu6`, elementwise. */
  relu6: gen.relu6,
  /** `tf.nn.elu`, elementwise. */
  elu: gen.elu,
  /** `tf.nn.selu`, elementwise. */
  selu: gen.selu,
  /** tf.nn.silu(features, beta=1.0): x·sigmoid(beta·x), elementwise. */
  silu: nnOps.silu,
  /** tf.nn.swish(features, beta=1.0): tf.nn.silu's other name. */
  swish: nnOps.silu,
  /** `tf.math.sigmoid`, elementwise. */
  sigmoid: gen.sigmoid,
  /** `tf.math.softplus`, elementwise. */
  softplus: gen.softplus,
  /** `tf.math.softsign`, elementwise. */
  softsign: gen.softsign,
  /** `tf.math.tanh`, elementwise. */
  tanh: gen.tanh,
  /** tf.nn.gelu(features, approximate=False): x Φ(x) with the normal CDF Φ; with `approximate`, TensorFlow's tanh form x/2 (1 + tanh(√(2/π) (x + 0.044715 x³))). */
  gelu: nnOps.gelu,
  /** tf.nn.leaky_relu(features, alpha=0.2): x where x > 0, alpha·x elsewhere; the gradient is 1 where x > 0 and alpha elsewhere (alpha at 0, as TensorFlow's LeakyReluGrad). */
  leakyRelu: nnOps.leakyRelu,
  /** tf.nn.softmax(logits, axis = -1): computed after subtracting the maximum, never overflows. */
  softmax: ops.softmax,
  /** tf.nn.log_softmax(logits, axis = -1) = logits - logSumExp(logits). */
  logSoftmax: ops.logSoftmax,
  /** tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x), positionally or by name `({labels, logits})`, elementwise: z·(-log σ(x)) + (1-z)·(-log(1-σ(x))) in TensorFlow's stable form max(x, 0) - x·z + log1p(exp(-|x|)), with max and |x| written as selects on x >= 0 (so the gradient at 0 is TensorFlow's). */
  sigmoidCrossEntropyWithLogits: nnOps.sigmoidCrossEntropyWithLogits,
  /** tf.nn.nce_loss({weights, biases, labels, inputs, numSampled, numClasses, numTrue, sampledValues, removeAccidentalHits}): the noise-contrastive estimation loss per example, over the true classes and log-uniformly sampled ones. */
  nceLoss: candidates.nceLoss,
  /** tf.nn.sampled_softmax_loss({weights, biases, labels, inputs, numSampled, numClasses, numTrue, sampledValues, removeAccidentalHits, seed}): the softmax cross-entropy per example over the true classes and sampled ones. */
  sampledSoftmaxLoss: candidates.sampledSoftmaxLoss,
  /** tf.nn.compute_accidental_hits(trueClasses, sampledCandidates, numTrue): [example indices, candidate positions, -FLT_MAX weights] where a sampled class is a true one. */
  computeAccidentalHits: candidates.computeAccidentalHits,
  /** tf.nn.softmax_cross_entropy_with_logits(labels, logits, axis=-1): -Σ labels · log_softmax(logits) along `axis` (log_softmax subtracts the maximum, so huge logits stay finite). */
  softmaxCrossEntropyWithLogits: nnOps.softmaxCrossEntropyWithLogits,
  /** tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits): -log_softmax(logits)[label] for int32 class ids `labels` of shape logits.shape[:-1]. */
  sparseSoftmaxCrossEntropyWithLogits: nnOps.sparseSoftmaxCrossEntropyWithLogits,
  /** tf.nn.l2_loss(t) = sum(t²) / 2, a scalar. */
  l2Loss: nnOps.l2Loss,
  /** tf.nn.bias_add(value, bias, data_format=None): adds the 1-D `bias` along the channel axis, the last one ('N...C', the default) or axis 1 ('NC...'). */
  biasAdd: nnOps.biasAdd,
  /** tf.nn.moments(x, axes, shift=None, keepdims=False) -> [mean, variance] over `axes`. */
  moments: nnOps.moments,
  /** tf.math.l2_normalize(x, axis=None, epsilon=1e-12) = x / sqrt(max(sum(x²), epsilon)). */
  l2Normalize: nnOps.l2Normalize,
  /** tf.nn.dropout(x, rate, noise_shape=None, seed=None): each element (or each slice, with a `noiseShape` that broadcasts to x's shape; null entries take x's size) is zeroed with probability `rate` and the kept ones are scaled by 1/(1 - rate). */
  dropout: nnOps.dropout,
  /** `tf.nn.experimental`: stateless dropout. */
  experimental: {
    /** tf.nn.experimental.stateless_dropout(x, rate, seed, rng_alg, noise_shape): dropout whose mask is set by the seed, TensorFlow's for the same seed. */
    statelessDropout: nnOps.statelessDropout,
  },
  /** tf.math.top_k(input, k = 1, sorted = true): the `k` largest entries of each lane of the last axis and their int32 indices, largest first; among equal values the lower index comes first. */
  topK: sorting.topK,
  /** tf.nn.approx_max_k: tf.math.approx_max_k, exported under tf.nn too. */
  approxMaxK: sorting.approxMaxK,
  /** tf.nn.approx_min_k: tf.math.approx_min_k, exported under tf.nn too. */
  approxMinK: sorting.approxMinK,
  /** tf.nn.batch_normalization(x, mean, variance, offset, scale, varianceEpsilon): (x - mean)·scale/sqrt(variance + ε) + offset, in TensorFlow's order of operations. */
  batchNormalization: nnOps.batchNormalization,
  /** tf.nn.weighted_cross_entropy_with_logits(labels, logits, pos_weight), or `({labels, logits, posWeight})`: sigmoid cross entropy with the positive term weighted by posWeight. */
  weightedCrossEntropyWithLogits: nnOps.weightedCrossEntropyWithLogits,
  /** tf.nn.log_poisson_loss(targets, logInput, computeFullLoss=false): exp(logInput) - logInput·targets (plus Stirling's term where targets > 1 with computeFullLoss). */
  logPoissonLoss: nnOps.logPoissonLoss,
  /** tf.nn.embedding_lookup(params, ids, max_norm=None): the rows of params at int32 ids (gather along axis 0), each scaled down to an L2 norm of maxNorm when above it. */
  embeddingLookup: nnOps.embeddingLookup,
  /** tf.nn.in_top_k(targets, predictions, k): whether each row's target class is among its k largest predictions, bool. */
  inTopK: sorting.inTopK,
  /** tf.nn.convolution(input, filters, strides=1, padding='VALID', dataFormat=null, dilations=1): the 1-D to 3-D convolution the rank of `filters` [...kernel, inChannels, outChannels] gives. */
  convolution: conv.convolution,
  /** tf.nn.conv1d(input, filters, stride, padding, dataFormat='NWC', dilations=1): input [batch, width, inChannels], filters [width, inChannels, outChannels]. */
  conv1d: conv.conv1d,
  /** tf.nn.conv2d(input, filters, strides, padding, dataFormat='NHWC', dilations=1): the 2-D cross-correlation of input [batch, height, width, inChannels] with filters [height, width, inChannels, outChannels]; padding 'SAME', 'VALID' or explicit pairs; grouped when the filters take a divisor of the input's channels. */
  conv2d: conv.conv2d,
  /** tf.nn.depthwise_conv2d(input, filter, strides, padding, dataFormat='NHWC', dilations=1): each input channel convolved with its own channelMultiplier filters, filter [height, width, inChannels, channelMultiplier]. */
  depthwiseConv2d: conv.depthwiseConv2d,
  /** tf.nn.conv1d_transpose(input, filters, outputShape, strides, padding='SAME', dataFormat='NWC', dilations=1): conv1d's transpose. */
  conv1dTranspose: conv.conv1dTranspose,
  /** tf.nn.conv2d_transpose(input, filters, outputShape, strides, padding='SAME', dataFormat='NHWC', dilations=1): the transpose (the gradient with respect to its input) of conv2d with filters [height, width, outChannels, inChannels], taking input to outputShape. */
  conv2dTranspose: conv.conv2dTranspose,
  /** tf.nn.conv3d_transpose(input, filters, outputShape, strides, padding='SAME', dataFormat='NDHWC', dilations=1): conv3d's transpose. */
  conv3dTranspose: conv.conv3dTranspose,
  /** tf.nn.separable_conv2d(input, depthwiseFilter, pointwiseFilter, strides, padding, dataFormat='NHWC', dilations=1): a depthwiseConv2d, then a 1×1 conv2d with pointwiseFilter [1, 1, inChannels·multiplier, outChannels]. */
  separableConv2d: conv.separableConv2d,
  /** tf.nn.conv3d(input, filters, strides, padding, dataFormat='NDHWC', dilations=1): input [batch, depth, height, width, inChannels], filters [depth, height, width, inChannels, outChannels]. */
  conv3d: conv.conv3d,
  /** tf.nn.max_pool(input, ksize, strides, padding, dataFormat=null): the maximum of each window, 1 to 3 spatial dims from the input's rank. */
  maxPool: conv.maxPool,
  /** tf.nn.max_pool1d(input, ksize, strides, padding, dataFormat='NWC'). */
  maxPool1d: conv.maxPool1d,
  /** tf.nn.max_pool2d(input, ksize, strides, padding, dataFormat='NHWC'): the maximum of each window of [batch, height, width, channels]; the gradient goes to the first maximum of a window, as in TensorFlow. */
  maxPool2d: conv.maxPool2d,
  /** tf.nn.max_pool3d(input, ksize, strides, padding, dataFormat='NDHWC'). */
  maxPool3d: conv.maxPool3d,
  /** tf.nn.avg_pool(input, ksize, strides, padding, dataFormat=null): the mean of each window, 1 to 3 spatial dims from the input's rank. */
  avgPool: conv.avgPool,
  /** tf.nn.avg_pool1d(input, ksize, strides, padding, dataFormat='NWC'). */
  avgPool1d: conv.avgPool1d,
  /** tf.nn.avg_pool2d(input, ksize, strides, padding, dataFormat='NHWC'): the mean of each window of [batch, height, width, channels]; with 'SAME' padding over the real inputs only, as in TensorFlow. */
  avgPool2d: conv.avgPool2d,
  /** tf.nn.avg_pool3d(input, ksize, strides, padding, dataFormat='NDHWC'). */
  avgPool3d: conv.avgPool3d,
  /** tf.nn.space_to_depth(input, blockSize, dataFormat='NHWC'): each blockSize×blockSize block of the height and width moved into the channels, [n, h, w, c] -> [n, h/b, w/b, b·b·c] (TensorFlow's order: the block's row and column are the channel's high-order part). */
  spaceToDepth: rearrange.spaceToDepth,
  /** tf.nn.depth_to_space(input, blockSize, dataFormat='NHWC'): the inverse of spaceToDepth, [n, h, w, c] -> [n, h·b, w·b, c/(b·b)]. */
  depthToSpace: rearrange.depthToSpace,
  /** tf.nn.space_to_batch(input, blockShape, paddings): tf.space_to_batch_nd, the padded spatial dims cut into blockShape blocks whose positions go into the batch. */
  spaceToBatch: rearrange.spaceToBatch,
  /** tf.nn.crelu(features, axis=-1): concat([relu(x), relu(-x)], axis), twice as many channels. */
  crelu: activations.crelu,
  /** tf.nn.zero_fraction(value): the fraction of entries that are 0, a float32 scalar. */
  zeroFraction: nnOps.zeroFraction,
  /** tf.nn.normalize_moments(counts, meanSs, varianceSs, shift): [mean, variance] from sufficient statistics (mean = meanSs/counts + shift, variance = varianceSs/counts - (meanSs/counts)²). */
  normalizeMoments: nnOps.normalizeMoments,
  /** tf.nn.sufficient_statistics(x, axes, shift=null, keepdims=false): [count, Σ(x - shift), Σ(x - shift)², shift] over axes (shift null when absent). */
  sufficientStatistics: nnOps.sufficientStatistics,
  /** tf.nn.weighted_moments(x, axes, frequencyWeights, keepdims=false): [mean, variance] with each entry counted frequencyWeights times. */
  weightedMoments: nnOps.weightedMoments,
  /** tf.nn.compute_average_loss(perExampleLoss, sampleWeight=null, globalBatchSize=null): Σ loss·weight / globalBatchSize (default: the batch dim; one replica). */
  computeAverageLoss: nnOps.computeAverageLoss,
  /** tf.nn.scale_regularization_loss(regularizationLoss): Σ loss divided by the number of replicas (1 here). */
  scaleRegularizationLoss: nnOps.scaleRegularizationLoss,
  /** tf.nn.local_response_normalization(input, depthRadius=5, bias=1, alpha=1, beta=0.5): input / (bias + alpha·Σ squares within depthRadius channels)^beta, for 4-D input. */
  localResponseNormalization: nnOps.localResponseNormalization,
  /** tf.nn.lrn: localResponseNormalization's alias. */
  lrn: nnOps.localResponseNormalization,
  /** tf.nn.atrous_conv2d(value, filters, rate, padding): conv2d with stride 1 and the filter taps `rate` apart (dilations = rate). */
  atrousConv2d: conv.atrousConv2d,
  /** tf.nn.atrous_conv2d_transpose(value, filters, outputShape, rate, padding): atrousConv2d's transpose, conv2dTranspose with dilations = rate. */
  atrousConv2dTranspose: conv.atrousConv2dTranspose,
  /** tf.nn.conv_transpose(input, filters, outputShape, strides, padding='SAME', dataFormat=null, dilations=null): conv1d/2d/3dTranspose by the length of outputShape. */
  convTranspose: conv.convTranspose,
  /** tf.nn.pool(input, windowShape, poolingType, strides=null, padding='VALID', dataFormat=null, dilations=null): 'MAX' or 'AVG' pooling with dilated windows (TensorFlow's space-to-batch form: 'SAME' pads dilated windows with zeros). */
  pool: conv.pool,
  /** tf.nn.max_pool_with_argmax(input, ksize, strides, padding, dataFormat='NHWC', outputDtype='int32', includeBatchInIndex=false): {output, argmax}, the 2-D max pool and the flattened position of each window's first maximum (int32). */
  maxPoolWithArgmax: conv.maxPoolWithArgmax,
  /** tf.nn.dilation2d(input, filters, strides, padding, dataFormat='NHWC', dilations=1): greyscale dilation, the max over each window of input + filters; the gradient goes to the first maximum. */
  dilation2d: conv.dilation2d,
  /** tf.nn.erosion2d(value, filters, strides, padding, dataFormat='NHWC', dilations=1): greyscale erosion, -dilation2d(-value, mirrored filters). */
  erosion2d: conv.erosion2d,
  /** tf.nn.isotonic_regression(inputs, decreasing=True, axis=-1): [output, segments], the least-squares monotone fit of each sequence along `axis` and the int32 ids of its constant blocks; the gradient averages the upstream gradient over each block. */
  isotonicRegression: isotonic.isotonicRegression,
  /** tf.nn.ctc_loss(labels, logits, labelLength, logitLength, logitsTimeMajor=true, unique=null, blankIndex=0) for dense int32 labels: the CTC loss of each sequence, float32 [batch], by TensorFlow's forward-backward algorithm, with its gradient. */
  ctcLoss: ctc.ctcLoss,
  /** tf.nn.ctc_greedy_decoder(inputs, sequenceLength, mergeRepeated=true, blankIndex=classes-1): [[decoded], negSumLogits], best path decoding as TensorFlow's kernel: the decoded classes as SparseTensor fields (int32) and [batch, 1] of minus each sequence's summed greatest logits. */
  ctcGreedyDecoder: ctcDecoders.ctcGreedyDecoder,
  /** tf.nn.ctc_beam_search_decoder(inputs, sequenceLength, beamWidth=100, topPaths=1): [decoded, logProbabilities], TensorFlow's CTC prefix beam search (blank last, default scorer): the topPaths best paths as SparseTensor fields (int32) and [batch, topPaths] of their log probabilities, ties ordered as TensorFlow orders them. */
  ctcBeamSearchDecoder: ctcDecoders.ctcBeamSearchDecoder,
};
export type { CtcLossOptions } from './ctc';
export type { CtcBeamSearchDecoderOptions, CtcDecodedPaths, CtcGreedyDecoderOptions } from './ctc-decoders';
export type { IsotonicRegressionOptions } from './isotonic';

/** `tf.image`: resizing, cropping and padding, flips and rotations, colour conversions and
 * adjustments, image measures, extractPatches, and non-max suppression. */
export const image = {
  /** tf.image.resize(images, size, method='bilinear', preserveAspectRatio=false, antialias=false): TensorFlow 2's half-pixel resize ('bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'); float32 but for 'nearest'. */
  resize: imageOps.resize,
  /** tf.image.resize_with_pad(image, targetHeight, targetWidth, method='bilinear', antialias=false): resized to fit with its aspect ratio kept, then padded with zeros to the target size. */
  resizeWithPad: imageOps.resizeWithPad,
  /** tf.image.resize_with_crop_or_pad(image, targetHeight, targetWidth): cropped about the centre or padded evenly with zeros to the target size. */
  resizeWithCropOrPad: imageOps.resizeWithCropOrPad,
  /** tf.image.crop_and_resize(image, boxes, boxIndices, cropSize, method='bilinear', extrapolationValue=0): each box of an image of the batch sampled on a cropSize grid, float32 [numBoxes, cropHeight, cropWidth, depth]. */
  cropAndResize: imageOps.cropAndResize,
  /** tf.image.draw_bounding_boxes(images, boxes, colors?): a copy of images [batch, height, width, depth] with each box's outline drawn in its colour, as TensorFlow places it. */
  drawBoundingBoxes: imageWindows.drawBoundingBoxes,
  /** tf.image.extract_glimpse(input, size, offsets, {centered, normalized, noise}): windows of `size` cut at `offsets` [batch, 2] as TensorFlow places them, noise (or zeros) outside the image. */
  extractGlimpse: imageWindows.extractGlimpse,
  /** tf.image.crop_to_bounding_box(image, offsetHeight, offsetWidth, targetHeight, targetWidth): the window at that offset. */
  cropToBoundingBox: imageOps.cropToBoundingBox,
  /** tf.image.pad_to_bounding_box(image, offsetHeight, offsetWidth, targetHeight, targetWidth): the image placed at that offset in a larger one of zeros. */
  padToBoundingBox: imageOps.padToBoundingBox,
  /** tf.image.central_crop(image, centralFraction): the central fraction (in (0, 1]) of the height and width. */
  centralCrop: imageOps.centralCrop,
  /** tf.image.flip_left_right(image): the columns reversed. */
  flipLeftRight: imageOps.flipLeftRight,
  /** tf.image.flip_up_down(image): the rows reversed. */
  flipUpDown: imageOps.flipUpDown,
  /** tf.image.rot90(image, k=1): rotated counter-clockwise by k quarter turns. */
  rot90: imageOps.rot90,
  /** tf.image.transpose(image): height and width swapped. */
  transpose: imageOps.transposeImage,
  /** tf.image.convert_image_dtype(image, dtype, saturate=false): cast with the values rescaled (float images in [0, 1], int32 in [0, 2³¹ − 1]). */
  convertImageDtype: imageOps.convertImageDtype,
  /** tf.image.rgb_to_grayscale(images): 0.2989·R + 0.5870·G + 0.1140·B, [..., 3] to [..., 1]. */
  rgbToGrayscale: imageOps.rgbToGrayscale,
  /** tf.image.grayscale_to_rgb(images): the one channel repeated three times. */
  grayscaleToRgb: imageOps.grayscaleToRgb,
  /** tf.image.rgb_to_yiq(images): RGB to YIQ by TensorFlow's matrix. */
  rgbToYiq: imageOps.rgbToYiq,
  /** tf.image.yiq_to_rgb(images): YIQ to RGB by TensorFlow's matrix. */
  yiqToRgb: imageOps.yiqToRgb,
  /** tf.image.rgb_to_yuv(images): RGB to YUV by TensorFlow's matrix. */
  rgbToYuv: imageOps.rgbToYuv,
  /** tf.image.yuv_to_rgb(images): YUV to RGB by TensorFlow's matrix. */
  yuvToRgb: imageOps.yuvToRgb,
  /** tf.image.rgb_to_hsv(images): RGB in [0, 1] to hue, saturation, value. */
  rgbToHsv: imageOps.rgbToHsv,
  /** tf.image.hsv_to_rgb(images): hue, saturation, value to RGB. */
  hsvToRgb: imageOps.hsvToRgb,
  /** tf.image.adjust_saturation(image, saturationFactor): the HSV saturation scaled and clipped to [0, 1]. */
  adjustSaturation: imageOps.adjustSaturation,
  /** tf.image.adjust_hue(image, delta): delta (in [−1, 1]) added to the HSV hue, wrapped around the colour circle. */
  adjustHue: imageOps.adjustHue,
  /** tf.image.adjust_gamma(image, gamma=1, gain=1): gain · image^gamma. */
  adjustGamma: imageOps.adjustGamma,
  /** tf.image.stateless_random_flip_left_right(image, seed): mirrored left to right or not, decided by tf.random.statelessUniform as TensorFlow decides (TensorFlow's result for the seed). */
  statelessRandomFlipLeftRight: imageOps.statelessRandomFlipLeftRight,
  /** tf.image.stateless_random_flip_up_down(image, seed): upside down or not, decided by tf.random.statelessUniform as TensorFlow decides (TensorFlow's result for the seed). */
  statelessRandomFlipUpDown: imageOps.statelessRandomFlipUpDown,
  /** tf.image.stateless_random_brightness(image, maxDelta, seed): adjustBrightness by a stateless uniform delta in [−maxDelta, maxDelta) (TensorFlow's for the seed). */
  statelessRandomBrightness: imageOps.statelessRandomBrightness,
  /** tf.image.stateless_random_contrast(image, lower, upper, seed): adjustContrast by a stateless uniform factor in [lower, upper) (TensorFlow's for the seed). */
  statelessRandomContrast: imageOps.statelessRandomContrast,
  /** tf.image.stateless_random_saturation(image, lower, upper, seed): adjustSaturation by a stateless uniform factor in [lower, upper) (TensorFlow's for the seed). */
  statelessRandomSaturation: imageOps.statelessRandomSaturation,
  /** tf.image.stateless_random_hue(image, maxDelta, seed): adjustHue by a stateless uniform delta in [−maxDelta, maxDelta), maxDelta <= 0.5 (TensorFlow's for the seed). */
  statelessRandomHue: imageOps.statelessRandomHue,
  /** tf.image.stateless_random_crop(value, size, seed): a size window at stateless uniform offsets (TensorFlow's window for the seed). */
  statelessRandomCrop: imageOps.statelessRandomCrop,
  /** tf.image.random_flip_left_right(image, seed?): mirrored left to right with probability ½, from the global generator (not TensorFlow's numbers). */
  randomFlipLeftRight: imageOps.randomFlipLeftRight,
  /** tf.image.random_flip_up_down(image, seed?): upside down with probability ½, from the global generator (not TensorFlow's numbers). */
  randomFlipUpDown: imageOps.randomFlipUpDown,
  /** tf.image.random_brightness(image, maxDelta, seed?): adjustBrightness by a uniform delta in [−maxDelta, maxDelta) from the global generator. */
  randomBrightness: imageOps.randomBrightness,
  /** tf.image.random_contrast(image, lower, upper, seed?): adjustContrast by a uniform factor in [lower, upper) from the global generator. */
  randomContrast: imageOps.randomContrast,
  /** tf.image.random_saturation(image, lower, upper, seed?): adjustSaturation by a uniform factor in [lower, upper) from the global generator. */
  randomSaturation: imageOps.randomSaturation,
  /** tf.image.random_hue(image, maxDelta, seed?): adjustHue by a uniform delta in [−maxDelta, maxDelta) from the global generator. */
  randomHue: imageOps.randomHue,
  /** tf.image.random_crop(value, size, seed?): a size window at uniform offsets from the global generator. */
  randomCrop: imageOps.randomCrop,
  /** tf.image.adjust_brightness(image, delta): image + delta. */
  adjustBrightness: imageOps.adjustBrightness,
  /** tf.image.adjust_contrast(images, contrastFactor): (x − mean)·factor + mean, the mean per image and channel. */
  adjustContrast: imageOps.adjustContrast,
  /** tf.image.per_image_standardization(image): (x − mean) / max(stddev, 1/√N) per image. */
  perImageStandardization: imageOps.perImageStandardization,
  /** tf.image.total_variation(images): the summed absolute differences of neighbouring pixels, per image. */
  totalVariation: imageOps.totalVariation,
  /** tf.image.image_gradients(image): [dy, dx], the forward differences along the height and width, zero in the last row/column. */
  imageGradients: imageOps.imageGradients,
  /** tf.image.sobel_edges(image): the vertical and horizontal Sobel responses, [batch, h, w, channels, 2]. */
  sobelEdges: imageOps.sobelEdges,
  /** tf.image.psnr(a, b, maxVal): the peak signal-to-noise ratio in dB per image. */
  psnr: imageOps.psnr,
  /** tf.image.ssim(img1, img2, maxVal, filterSize=11, filterSigma=1.5, k1=0.01, k2=0.03, returnIndexMap=false): the structural similarity per image, over Gaussian windows. */
  ssim: imageOps.ssim,
  /** tf.image.ssim_multiscale(img1, img2, maxVal, powerFactors=[0.0448, 0.2856, 0.3001, 0.2363, 0.1333], filterSize=11, filterSigma=1.5, k1=0.01, k2=0.03): multi-scale SSIM per image. */
  ssimMultiscale: imageOps.ssimMultiscale,
  /** tf.image.extract_patches(images, sizes, strides, rates, padding): the windows of [batch, rows, cols, depth] images, each flattened to rows·cols·depth. */
  extractPatches: conv.extractPatches,
  /** tf.image.non_max_suppression(boxes, scores, maxOutputSize, iouThreshold=0.5, scoreThreshold=-inf): the int32 indices of the boxes chosen greedily, best score first, each overlapping the ones before it by at most iouThreshold (intersection over union). */
  nonMaxSuppression: nms.nonMaxSuppression,
  /** tf.image.non_max_suppression_with_scores(boxes, scores, maxOutputSize, iouThreshold=0.5, scoreThreshold=-inf, softNmsSigma=0): [selectedIndices, selectedScores]; Soft-NMS (decayed scores) when softNmsSigma > 0. */
  nonMaxSuppressionWithScores: nms.nonMaxSuppressionWithScores,
  /** tf.image.non_max_suppression_padded(boxes, scores, maxOutputSize, iouThreshold=0.5, scoreThreshold=-inf, padToMaxOutputSize=false): [selectedIndices, validOutputs]; padded with zeros to maxOutputSize (and batched) when padToMaxOutputSize. */
  nonMaxSuppressionPadded: nms.nonMaxSuppressionPadded,
  /** tf.image.non_max_suppression_overlaps(overlaps, scores, maxOutputSize, overlapThreshold=0.5, scoreThreshold=-inf): nonMaxSuppression with a given [numBoxes, numBoxes] overlap matrix. */
  nonMaxSuppressionOverlaps: nms.nonMaxSuppressionOverlaps,
  /** tf.image.combined_non_max_suppression(boxes, scores, maxOutputSizePerClass, maxTotalSize, iouThreshold=0.5, scoreThreshold=-inf, padPerClass=false, clipBoxes=true): non-max suppression per class, then the best detections over all classes per batch entry: { nmsedBoxes, nmsedScores, nmsedClasses, validDetections }. */
  combinedNonMaxSuppression: nms.combinedNonMaxSuppression,
};

/** `tf.signal`: the real-valued part of TensorFlow's signal processing (windows, framing,
 * fftshift, discrete cosine transforms, mel filterbanks and MFCCs); the FFTs and the other
 * functions with complex inputs or results throw, since gradtape has no complex dtypes. */
export const signal = {
  /** tf.signal.hann_window(window_length, periodic=True, dtype=float32): the Hann window 0.5 − 0.5 cos(2πi / n), periodic (n = N for even N) or symmetric (n = N − 1). */
  hannWindow: signalOps.hannWindow,
  /** tf.signal.hamming_window(window_length, periodic=True, dtype=float32): the Hamming window 0.54 − 0.46 cos(2πi / n), periodic or symmetric as hannWindow. */
  hammingWindow: signalOps.hammingWindow,
  /** tf.signal.kaiser_window(window_length, beta=12, dtype=float32): the symmetric Kaiser window I₀(β √(1 − (2i/(N−1) − 1)²)) / I₀(β). */
  kaiserWindow: signalOps.kaiserWindow,
  /** tf.signal.kaiser_bessel_derived_window(window_length, beta=12, dtype=float32): the Kaiser–Bessel-derived window of the MDCT. */
  kaiserBesselDerivedWindow: signalOps.kaiserBesselDerivedWindow,
  /** tf.signal.vorbis_window(window_length, dtype=float32): the Vorbis power complementary window sin(π/2 · sin²(π (i + ½) / N)). */
  vorbisWindow: signalOps.vorbisWindow,
  /** tf.signal.frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1): frames of frameLength samples every frameStep samples along axis (a gather; differentiable). */
  frame: signalOps.frame,
  /** tf.signal.overlap_and_add(signal, frame_step): frames [..., frames, frameLength] added together frameStep samples apart (differentiable). */
  overlapAndAdd: signalOps.overlapAndAdd,
  /** tf.signal.fftshift(x, axes=None): a roll by ⌊n/2⌋ along each axis, moving the zero frequency to the centre (differentiable). */
  fftshift: signalOps.fftshift,
  /** tf.signal.ifftshift(x, axes=None): a roll by −⌊n/2⌋ along each axis, the inverse of fftshift (differentiable). */
  ifftshift: signalOps.ifftshift,
  /** tf.signal.dct(input, type=2, n=None, axis=-1, norm=None): the DCT of type 1-4 along the last axis with TensorFlow's scaling, as a matmul with the cosine basis (differentiable). */
  dct: signalOps.dct,
  /** tf.signal.idct(input, type=2, n=None, axis=-1, norm=None): the inverse DCT, TensorFlow's DCT of the inverse type (differentiable). */
  idct: signalOps.idct,
  /** tf.signal.linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000, lower_edge_hertz=125, upper_edge_hertz=3800, dtype=float32): the [numSpectrogramBins, numMelBins] matrix of HTK's triangular mel filters. */
  linearToMelWeightMatrix: signalOps.linearToMelWeightMatrix,
  /** tf.signal.mfccs_from_log_mel_spectrograms(log_mel_spectrograms): MFCCs, the DCT-II of log-mel spectrograms with HTK's scaling (differentiable). */
  mfccsFromLogMelSpectrograms: signalOps.mfccsFromLogMelSpectrograms,
  /** tf.signal.mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None): the MDCT of frames of frameLength samples (a multiple of 4) taken frameLength / 2 apart (differentiable). */
  mdct: signalOps.mdct,
  /** tf.signal.inverse_mdct(mdcts, window_fn=vorbis_window, norm=None): signals from their MDCTs, windowed and overlap-added (differentiable). */
  inverseMdct: signalOps.inverseMdct,
  /** tf.signal.inverse_stft_window_fn(frame_step, forward_window_fn=hann_window): the window function (frameLength, dtype) => window that inverts an STFT's windowing (Griffin–Lim's w / Σ w²). */
  inverseStftWindowFn: signalOps.inverseStftWindowFn,
  /** tf.signal.fft: not supported (it transforms a complex tensor; gradtape has no complex dtypes): throws. */
  fft: signalOps.refused.fft,
  /** tf.signal.ifft: not supported (complex input and result): throws. */
  ifft: signalOps.refused.ifft,
  /** tf.signal.fft2d: not supported (complex input and result): throws. */
  fft2d: signalOps.refused.fft2d,
  /** tf.signal.ifft2d: not supported (complex input and result): throws. */
  ifft2d: signalOps.refused.ifft2d,
  /** tf.signal.fft3d: not supported (complex input and result): throws. */
  fft3d: signalOps.refused.fft3d,
  /** tf.signal.ifft3d: not supported (complex input and result): throws. */
  ifft3d: signalOps.refused.ifft3d,
  /** tf.signal.fftnd: not supported (complex input and result): throws. */
  fftnd: signalOps.refused.fftnd,
  /** tf.signal.ifftnd: not supported (complex input and result): throws. */
  ifftnd: signalOps.refused.ifftnd,
  /** tf.signal.rfft: not supported (its result is complex; gradtape has no complex dtypes): throws. */
  rfft: signalOps.refused.rfft,
  /** tf.signal.rfft2d: not supported (complex result): throws. */
  rfft2d: signalOps.refused.rfft2d,
  /** tf.signal.rfft3d: not supported (complex result): throws. */
  rfft3d: signalOps.refused.rfft3d,
  /** tf.signal.rfftnd: not supported (complex result): throws. */
  rfftnd: signalOps.refused.rfftnd,
  /** tf.signal.irfft: not supported (it takes a complex input): throws. */
  irfft: signalOps.refused.irfft,
  /** tf.signal.irfft2d: not supported (complex input): throws. */
  irfft2d: signalOps.refused.irfft2d,
  /** tf.signal.irfft3d: not supported (complex input): throws. */
  irfft3d: signalOps.refused.irfft3d,
  /** tf.signal.irfftnd: not supported (complex input): throws. */
  irfftnd: signalOps.refused.irfftnd,
  /** tf.signal.stft: not supported (its result is complex): throws. */
  stft: signalOps.refused.stft,
  /** tf.signal.inverse_stft: not supported (it takes a complex input): throws. */
  inverseStft: signalOps.refused.inverseStft,
};
export type { DctOptions, DctType, FrameOptions, InverseMdctOptions, LinearToMelWeightMatrixOptions, MdctOptions, WindowFn } from './signal';

/** `tf.optimize`: scipy.optimize's curve_fit and least_squares (methods 'lm' and 'trf', bounds,
 * robust losses) with exact Jacobians from automatic differentiation, minimize (L-BFGS-B, BFGS,
 * Nelder-Mead), root and fsolve for systems of equations (Powell's hybrid method and
 * Levenberg-Marquardt), the global minimizers differentialEvolution (over a box), basinhopping
 * and brute (over a grid), the scalar functions minimize_scalar, root_scalar, brentq, brenth,
 * ridder, bisect, toms748 and newton, the linear least squares solvers nnls and lsq_linear, and
 * scipy.sparse.linalg's iterative least squares solver lsmr. */
export const optimize = {
  /** scipy.optimize.curve_fit: fits `f(x, ...params)` to data by least squares, with exact Jacobians, covariance and standard errors; an array of datasets is fitted in one call. */
  curveFit: fitting.curveFit,
  /** scipy.optimize.least_squares: minimizes ½ Σ residuals(x)ᵢ² (or a robust loss of them), with bounds, by 'lm' or 'trf'. */
  leastSquares: fitting.leastSquares,
  /** scipy.optimize.minimize: minimizes a scalar f(x) by L-BFGS(-B), BFGS or Nelder-Mead, the gradient from a tape. */
  minimize: fitting.minimize,
  /** scipy.optimize.root (methods 'hybr' and 'lm'): solves fun(x) = 0 for n equations in n unknowns by Powell's hybrid method or Levenberg-Marquardt, the Jacobian exact. */
  root: fitting.root,
  /** scipy.optimize.fsolve: the solution x of fun(x) = 0 by root's method; warns when the run does not converge. */
  fsolve: fitting.fsolve,
  /** scipy.optimize.differential_evolution: the global minimum of f over a box by differential evolution, then an L-BFGS-B polish; an integer `rng` reproduces scipy's run with that rng, draw for draw. */
  differentialEvolution: fitting.differentialEvolution,
  /** scipy.optimize.basinhopping: a global minimum by random steps, each followed by a local minimization (minimize) and accepted by the Metropolis criterion; an integer `rng` reproduces scipy's steps and draws. */
  basinhopping: fitting.basinhopping,
  /** scipy.optimize.brute: the minimum of f over a grid of points (numpy's mgrid of the ranges), then by default a Nelder-Mead polish (scipy's fmin). */
  brute: fitting.brute,
  /** scipy.optimize.minimize_scalar: the minimum of a function of one variable by Brent's method, the golden-section search (from a bracket) or the bounded search on an interval. */
  minimizeScalar: fitting.minimizeScalar,
  /** scipy.optimize.root_scalar: a root of a function of one variable on a sign-changing bracket ('brentq', 'brenth', 'ridder', 'bisect', 'toms748') or from x0 ('newton', 'halley', 'secant'), derivatives from the tape. */
  rootScalar: fitting.rootScalar,
  /** scipy.optimize.brentq: a root in [a, b] by Brent's method (inverse quadratic extrapolation). */
  brentq: fitting.brentq,
  /** scipy.optimize.brenth: a root in [a, b] by Brent's method with hyperbolic extrapolation. */
  brenth: fitting.brenth,
  /** scipy.optimize.ridder: a root in [a, b] by Ridder's method. */
  ridder: fitting.ridder,
  /** scipy.optimize.bisect: a root in [a, b] by bisection. */
  bisect: fitting.bisect,
  /** scipy.optimize.toms748: a root in [a, b] by Alefeld, Potra and Shi's Algorithm 748. */
  toms748: fitting.toms748,
  /** scipy.optimize.newton: a root near x0 by Newton's, Halley's or the secant method; `fprime: true` takes f′ from the tape. */
  newton: fitting.newton,
  /** scipy.optimize.nnls: the x >= 0 minimizing ‖A x - b‖₂ (Lawson and Hanson's active-set method, scipy's C code step for step), as `{ x, rnorm }`. */
  nnls: fitting.nnls,
  /** scipy.optimize.lsq_linear: the x minimizing ½‖A x - b‖² within bounds lb <= x <= ub, by 'trf' (trust region reflective) or 'bvls' (bounded-variable least squares), each step exact or by LSMR, with scipy's iterations, status and active set. */
  lsqLinear: fitting.lsqLinear,
  /** scipy.sparse.linalg.lsmr: the least squares solution of A x = b (optionally damped) by Fong and Saunders' LSMR, from products with A and Aᵀ (a matrix or a `{ shape, matvec, rmatvec }` operator); scipy's iterates for a dense A, bit for bit. */
  lsmr: fitting.lsmr,
};

/** `tf.data`: input pipelines (`tf.data.Dataset`) and their constants. */
export const data = {
  /** tf.data.Dataset: a sequence of elements, made from tensors and transformed lazily (`map`, `shuffle`, `batch`, ...); iterate it or pass it to `model.fit`. */
  Dataset,
  /** tf.data.AUTOTUNE (-1): accepted by `prefetch` and the `numParallelCalls` options (everything runs synchronously). */
  AUTOTUNE: dataExtras.AUTOTUNE,
  /** tf.data.INFINITE_CARDINALITY (-1): what `cardinality()` gives for a dataset that never ends. */
  INFINITE_CARDINALITY: dataExtras.INFINITE,
  /** tf.data.UNKNOWN_CARDINALITY (-2): what `cardinality()` gives when only iterating can count (after `filter`). */
  UNKNOWN_CARDINALITY: dataExtras.UNKNOWN,
  /** tf.data.DatasetSpec: the spec of an element's component that is a dataset (as `window` makes), holding its `elementSpec`. */
  DatasetSpec,
  /** The spec of a tf.string component (JS strings or Uint8Arrays; gradtape has no string tensors): TensorFlow's `TensorSpec(shape, tf.string)`. */
  StringSpec,
  /** tf.data.TextLineDataset(filenames, options) (Node): the lines of text files, as JS strings without their line endings. */
  TextLineDataset,
  /** tf.data.TFRecordDataset(filenames, options) (Node): the records of TFRecord files (plain, GZIP or ZLIB), as Uint8Arrays, their CRCs checked. */
  TFRecordDataset,
  /** `tf.data.experimental`: TensorFlow's older names of the same. */
  experimental: {
    /** tf.data.experimental.cardinality(dataset): `dataset.cardinality()`. */
    cardinality: dataExtras.cardinality,
    /** tf.data.experimental.AUTOTUNE: tf.data.AUTOTUNE (-1). */
    AUTOTUNE: dataExtras.AUTOTUNE,
    /** tf.data.experimental.INFINITE_CARDINALITY: tf.data.INFINITE_CARDINALITY (-1). */
    INFINITE_CARDINALITY: dataExtras.INFINITE,
    /** tf.data.experimental.UNKNOWN_CARDINALITY: tf.data.UNKNOWN_CARDINALITY (-2). */
    UNKNOWN_CARDINALITY: dataExtras.UNKNOWN,
    /** tf.data.experimental.group_by_window(keyFunc, reduceFunc, options): a transformation for `dataset.apply` (`dataset.groupByWindow`). */
    groupByWindow: dataExtras.groupByWindow,
    /** tf.data.experimental.bucket_by_sequence_length(elementLengthFunc, bucketBoundaries, bucketBatchSizes, options): a transformation for `dataset.apply` (`dataset.bucketBySequenceLength`). */
    bucketBySequenceLength: dataExtras.bucketBySequenceLength,
    /** tf.data.experimental.CsvDataset(filenames, recordDefaults, options) (Node): the records of CSV files, one value per column (scalar tensors, JS strings for string columns), parsed as TensorFlow's kernel parses them. */
    CsvDataset,
    /** tf.data.experimental.make_csv_dataset(filePattern, batchSize, options) (Node): batches of CSV rows as dicts of columns (or [features, label]), names from the header, types inferred, shuffled and repeated as in TensorFlow. */
    makeCsvDataset,
  },
};
/** `tf.data.Dataset` as a type: `const ds: tf.data.Dataset<[tf.Tensor, tf.Tensor]>`. */
export declare namespace data {
  type Dataset<T = Element> = DatasetClass<T>;
  type DatasetSpec = DatasetSpecClass;
  type StringSpec = StringSpecClass;
  type TextLineDataset = DatasetClass<string>;
  type TFRecordDataset = DatasetClass<Uint8Array>;
  namespace experimental {
    type CsvDataset = DatasetClass<(Tensor | string)[]>;
  }
}

/** `tf.io`: TFRecord files and tf.train.Example and SequenceExample records. */
export const io = {
  /** tf.io.TFRecordWriter(path, options) (Node): writes records to a TFRecord file (plain, GZIP or ZLIB) that TFRecordDataset reads. */
  TFRecordWriter,
  /** tf.io.parse_single_example(serialized, features): the features of a serialized tf.train.Example by a spec of FixedLenFeature and VarLenFeature. */
  parseSingleExample,
  /** tf.io.parse_example(serialized, features): parseSingleExample for an array of examples, the features stacked. */
  parseExample,
  /** tf.io.FixedLenFeature(shape, dtype, defaultValue): a feature of a fixed number of values ('float32', 'int64' as int32, or 'string' as bytes). */
  FixedLenFeature,
  /** tf.io.VarLenFeature(dtype): a feature of any number of values, parsed into TensorFlow's SparseTensor's fields. */
  VarLenFeature,
  /** tf.io.FixedLenSequenceFeature(shape, dtype, allowMissing, defaultValue): a feature of any number of steps of a fixed shape (an Example's values, or a SequenceExample's feature list). */
  FixedLenSequenceFeature,
  /** tf.io.parse_single_sequence_example(serialized, contextFeatures, sequenceFeatures): a serialized tf.train.SequenceExample's [context, featureLists]. */
  parseSingleSequenceExample,
  /** tf.io.parse_sequence_example(serialized, contextFeatures, sequenceFeatures): parseSingleSequenceExample for an array, as [context, featureLists, lengths], the steps padded. */
  parseSequenceExample,
};
/** The classes of `tf.io` as types. */
export declare namespace io {
  type TFRecordWriter = TFRecordWriterClass;
  type FixedLenFeature = FixedLenFeatureClass;
  type VarLenFeature = VarLenFeatureClass;
  type FixedLenSequenceFeature = FixedLenSequenceFeatureClass;
}

/** `tf.summary`: summaries for TensorBoard, written by a tf.summary.SummaryWriter to TensorFlow event files (Node). */
export const summary = {
  /** tf.summary.create_file_writer(logdir, options) (Node): a writer of a new event file in logdir; `writer.asDefault(() => ...)` (Python's `with writer.as_default():`) or `writer.setAsDefault()` makes it the default. */
  createFileWriter,
  /** tf.summary.create_noop_writer(): a writer that writes nothing. */
  createNoopWriter,
  /** tf.summary.SummaryWriter: the class of the writers (for `instanceof`; make them with createFileWriter). */
  SummaryWriter,
  /** tf.summary.scalar(name, data, step, description): a number, for TensorBoard's scalars dashboard; true when written. */
  scalar: summaryOps.scalar,
  /** tf.summary.histogram(name, data, step, buckets = 30, description): TensorBoard's buckets of the numbers of data; true when written. */
  histogram: summaryOps.histogram,
  /** tf.summary.text(name, data, step, description): a string (Markdown) or nested arrays of strings; true when written. */
  text: summaryOps.text,
  /** tf.summary.image(name, data, step, maxOutputs = 3, description): [k, h, w, c] images (floats in [0, 1]) as PNGs; true when written. */
  image: summaryOps.image,
  /** tf.summary.audio(name, data, sampleRate, step, maxOutputs = 3, encoding = 'wav', description): [k, frames, channels] clips as WAV files; true when written. */
  audio: summaryOps.audio,
  /** tf.summary.record_if(condition, fn): runs fn with summaries recorded only when condition (a boolean or a function giving one) holds. */
  recordIf,
  /** tf.summary.should_record_summaries(): whether a summary written now is recorded (a default writer, and the record_if condition). */
  shouldRecordSummaries,
  /** tf.summary.flush(writer = default): writes out what the writer has not written yet. */
  flush: flushSummaries,
  /** `tf.summary.experimental`: the default step. */
  experimental: {
    /** tf.summary.experimental.set_step(step): the default step of summaries written without one (an integer or an int32 variable; null unsets). */
    setStep,
    /** tf.summary.experimental.get_step(): the default step, null if none. */
    getStep,
  },
};
/** The writer class under a second name, for the namespace of types below (a type alias of the
 * same name inside the namespace would refer to itself). */
type SummaryWriterClass = SummaryWriter;
/** `tf.summary.SummaryWriter` as a type. */
export declare namespace summary {
  type SummaryWriter = SummaryWriterClass;
}

/** `tf.autodiff`: forward-mode differentiation. */
export const autodiff = {
  /** tf.autodiff.ForwardAccumulator: Jacobian-vector products in forward mode (`acc.record(fn)`, `acc.jvp(y)`). */
  ForwardAccumulator,
};
/** `tf.autodiff.ForwardAccumulator` as a type. */
export declare namespace autodiff {
  type ForwardAccumulator = autodiffTypes.ForwardAccumulatorClass;
}

/** `tf.config`: the devices (one CPU, as TensorFlow reports a machine without accelerators),
 * threads, soft device placement, and whether tf.function runs functions as written. */
export const config = {
  /** tf.config.PhysicalDevice: a device of the machine (`name`, `deviceType`), as listPhysicalDevices gives it. */
  PhysicalDevice: configOps.PhysicalDevice,
  /** tf.config.LogicalDevice: a device ops run on (`name`, `deviceType`), as listLogicalDevices gives it. */
  LogicalDevice: configOps.LogicalDevice,
  /** tf.config.list_physical_devices(device_type=None): [the CPU] ('/physical_device:CPU:0', 'CPU'); 'GPU' gives []. */
  listPhysicalDevices: configOps.listPhysicalDevices,
  /** tf.config.list_logical_devices(device_type=None): [the CPU] ('/device:CPU:0', 'CPU'); 'GPU' gives []. */
  listLogicalDevices: configOps.listLogicalDevices,
  /** tf.config.get_visible_devices(device_type=None): the CPU, always visible. */
  getVisibleDevices: configOps.getVisibleDevices,
  /** tf.config.set_visible_devices(devices, device_type=None): accepts the CPU (and no devices of another type, e.g. `([], 'GPU')`); hiding the CPU is refused. */
  setVisibleDevices: configOps.setVisibleDevices,
  /** tf.config.run_functions_eagerly(run_eagerly): while true, every tf.function calls its function as written (no trace, no replay), and eager training steps that repeat run op by op too. */
  runFunctionsEagerly: configOps.runFunctionsEagerly,
  /** tf.config.functions_run_eagerly(): whether runFunctionsEagerly(true) is in effect. */
  functionsRunEagerly: configOps.functionsRunEagerly,
  /** tf.config.get_soft_device_placement(): true (the default) when tf.device with a device other than the CPU runs on the CPU. */
  getSoftDevicePlacement: configOps.getSoftDevicePlacement,
  /** tf.config.set_soft_device_placement(enabled): false makes tf.device with a device other than the CPU an InvalidArgumentError. */
  setSoftDevicePlacement: configOps.setSoftDevicePlacement,
  /** `tf.config.threading`: the threads of a kernel (tf.setNumThreads) and the inter-op setting (recorded, no effect). */
  threading: {
    /** tf.config.threading.set_intra_op_parallelism_threads(n): tf.setNumThreads(n), 0 for the default. */
    setIntraOpParallelismThreads: configOps.setIntraOpParallelismThreads,
    /** tf.config.threading.get_intra_op_parallelism_threads(): the number set, 0 for the default. */
    getIntraOpParallelismThreads: configOps.getIntraOpParallelismThreads,
    /** tf.config.threading.set_inter_op_parallelism_threads(n): recorded only (gradtape runs one op at a time). */
    setInterOpParallelismThreads: configOps.setInterOpParallelismThreads,
    /** tf.config.threading.get_inter_op_parallelism_threads(): the number recorded, 0 by default. */
    getInterOpParallelismThreads: configOps.getInterOpParallelismThreads,
  },
  /** `tf.config.experimental`: memory growth, a GPU setting refused for the CPU as TensorFlow refuses it. */
  experimental: {
    /** tf.config.experimental.get_memory_growth(device): refused for the CPU (TensorFlow's KeyError). */
    getMemoryGrowth: configOps.getMemoryGrowth,
    /** tf.config.experimental.set_memory_growth(device, enable): refused for the CPU, with TensorFlow's message. */
    setMemoryGrowth: configOps.setMemoryGrowth,
    /** tf.config.experimental.list_physical_devices: tf.config.listPhysicalDevices. */
    listPhysicalDevices: configOps.listPhysicalDevices,
    /** tf.config.experimental.list_logical_devices: tf.config.listLogicalDevices. */
    listLogicalDevices: configOps.listLogicalDevices,
    /** tf.config.experimental.get_visible_devices: tf.config.getVisibleDevices. */
    getVisibleDevices: configOps.getVisibleDevices,
    /** tf.config.experimental.set_visible_devices: tf.config.setVisibleDevices. */
    setVisibleDevices: configOps.setVisibleDevices,
  },
};
/** `tf.config`'s device classes as types. */
export declare namespace config {
  type PhysicalDevice = configOps.PhysicalDeviceClass;
  type LogicalDevice = configOps.LogicalDeviceClass;
}

/** `tf.optimizers` and `tf.keras.optimizers`: the Keras 3 optimizers (classes, usable as types too). */
export const optimizers = {
  /** The Keras 3 base optimizer: options, learning rate, building the slots, and `apply` in Keras's order (gradient accumulation, clip, weight decay with the current learning rate, the update, the moving average of the weights, `iterations += 1`). */
  Optimizer: opt.Optimizer,
  /** Keras 3 SGD (learningRate 0.01, momentum 0, nesterov false). */
  SGD: opt.SGD,
  /** Keras 3 Adam (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false). */
  Adam: opt.Adam,
  /** Keras 3 AdamW: Adam with decoupled weight decay (weightDecay 0.004; null is an error, as in Keras). */
  AdamW: opt.AdamW,
  /** Keras 3 Nadam (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7; momentum schedule 0.96^t). */
  Nadam: opt.Nadam,
  /** Keras 3 RMSprop (learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false). */
  RMSprop: opt.RMSprop,
  /** Keras 3 Adagrad (learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7). */
  Adagrad: opt.Adagrad,
  /** Keras 3 Adadelta (learningRate 0.001, rho 0.95, epsilon 1e-7; use learningRate 1 for the paper's form). */
  Adadelta: opt.Adadelta,
  /** Keras 3 Adamax (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7). */
  Adamax: opt.Adamax,
  /** Keras 3 Lion (learningRate 0.001, beta1 0.9 in (0, 1], beta2 0.99). */
  Lion: opt.Lion,
  /** Keras 3 Ftrl (learningRate 0.001, learningRatePower -0.5, initialAccumulatorValue 0.1, the three regularization strengths 0, beta 0). */
  Ftrl: opt.Ftrl,
  /** Keras 3 Lamb (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7). */
  Lamb: opt.Lamb,
  /** Keras 3 Adafactor (learningRate 0.001, beta2Decay -0.8, epsilon1 1e-30, epsilon2 1e-3, clipThreshold 1, relativeStep true: the rate is capped at 1/sqrt(t) unless it is a function). */
  Adafactor: opt.Adafactor,
  /** Keras 3 Muon (learningRate 0.001, weightDecay 0.004, momentum 0.95, nsSteps 5, nesterov true, rmsRate 0.2): matrices get momentum orthogonalised by Newton-Schulz iterations; other variables, embeddings and `excludeLayers` get AdamW (adamBeta1 0.9, adamBeta2 0.999, epsilon 1e-7, adamWeightDecay 0.004, adamLrRatio 1). */
  Muon: opt.Muon,
  /** Keras 3 ScheduleFreeAdamW (learningRate 0.0025, beta1 0.9, beta2 0.999, epsilon 1e-8, warmupSteps 0): AdamW without a learning-rate schedule, each variable an interpolation between the Adam iterate and the running average of the iterates. */
  ScheduleFreeAdamW: opt.ScheduleFreeAdamW,
  /** Keras 3 LossScaleOptimizer (initialScale 2**15, dynamicGrowthSteps 2000): dynamic loss scaling around an inner optimizer; a step with an inf or a NaN gradient is skipped and halves the scale, `dynamicGrowthSteps` finite steps in a row double it. */
  LossScaleOptimizer: lso.LossScaleOptimizer,
  /** keras.optimizers.get(identifier): an optimizer as it is, a class name ('adam') as a new one with Keras's defaults, or `{className, config}` deserialized. */
  get: serialization.get,
  /** keras.optimizers.serialize(optimizer): `{className, config}` (a schedule learning rate serialized too; the state is not in it). */
  serialize: serialization.serialize,
  /** keras.optimizers.deserialize({className, config}): a new optimizer of that class with those options. */
  deserialize: serialization.deserialize,
  /** `tf.keras.optimizers.schedules`: callable learning-rate schedules. */
  schedules: {
    /** A learning-rate schedule: call it with a step to get the rate. */
    LearningRateSchedule: sched.LearningRateSchedule,
    /** `initialLearningRate * decayRate^(step / decaySteps)` (the exponent floored with `staircase`). */
    ExponentialDecay: sched.ExponentialDecay,
    /** `initialLearningRate / (1 + decayRate * step / decaySteps)` (the ratio floored with `staircase`). */
    InverseTimeDecay: sched.InverseTimeDecay,
    /** `(initialLearningRate - endLearningRate) * (1 - s/decaySteps)^power + endLearningRate` with `s = min(step, decaySteps)`; with `cycle`, decaySteps becomes its first multiple at or above the step (1× at step 0) instead. */
    PolynomialDecay: sched.PolynomialDecay,
    /** `values[0]` while `step <= boundaries[0]`, `values[i]` while `boundaries[i-1] < step <= boundaries[i]`, and `values[last]` after the last boundary. */
    PiecewiseConstantDecay: sched.PiecewiseConstantDecay,
    /** Cosine decay with optional linear warmup. */
    CosineDecay: sched.CosineDecay,
    /** Cosine decay with warm restarts (SGDR): period `i` lasts `firstDecaySteps * tMul^i` steps and starts at `initialLearningRate * mMul^i`; each decays to `alpha` times its start. */
    CosineDecayRestarts: sched.CosineDecayRestarts,
  },
};
/** The optimizer classes as types: `const o: tf.optimizers.Adam = new tf.optimizers.Adam()`. */
export declare namespace optimizers {
  type Optimizer = opt.OptimizerClass;
  type SGD = opt.SGDClass;
  type Adam = opt.AdamClass;
  type AdamW = opt.AdamWClass;
  type Nadam = opt.NadamClass;
  type RMSprop = opt.RMSpropClass;
  type Adagrad = opt.AdagradClass;
  type Adadelta = opt.AdadeltaClass;
  type Adamax = opt.AdamaxClass;
  type Lion = opt.LionClass;
  type Ftrl = opt.FtrlClass;
  type Lamb = opt.LambClass;
  type Adafactor = opt.AdafactorClass;
  type Muon = opt.MuonClass;
  type ScheduleFreeAdamW = opt.ScheduleFreeAdamWClass;
  type LossScaleOptimizer = lso.LossScaleOptimizerClass;
  namespace schedules {
    type LearningRateSchedule = sched.LearningRateScheduleClass;
    type ExponentialDecay = sched.ExponentialDecayClass;
    type InverseTimeDecay = sched.InverseTimeDecayClass;
    type PolynomialDecay = sched.PolynomialDecayClass;
    type PiecewiseConstantDecay = sched.PiecewiseConstantDecayClass;
    type CosineDecay = sched.CosineDecayClass;
    type CosineDecayRestarts = sched.CosineDecayRestartsClass;
  }
}

/** `tf.train`: TensorFlow's checkpoints, and the tf.train.Example and SequenceExample records. */
export const train = {
  /** TensorFlow's `tf.train.Checkpoint`: saves and restores variables and optimizers (slots and counters included). */
  Checkpoint,
  /** tf.train.CheckpointManager(checkpoint, directory, maxToKeep, options) (Node): numbered saves, the last maxToKeep kept, listed in TensorFlow's `checkpoint` state file. */
  CheckpointManager: checkpointManagement.CheckpointManager,
  /** tf.train.latest_checkpoint(checkpoint_dir) (Node): the newest checkpoint the directory's `checkpoint` state file names, or null. */
  latestCheckpoint: checkpointManagement.latestCheckpoint,
  /** tf.train.list_variables(ckpt_dir_or_file) (Node): `[name, shape]` of a checkpoint's variables, sorted by name. */
  listVariables: checkpointManagement.listVariables,
  /** tf.train.load_variable(ckpt_dir_or_file, name) (Node): one variable's saved value, as a tensor. */
  loadVariable: checkpointManagement.loadVariable,
  /** tf.train.ExponentialMovingAverage(decay, numUpdates, zeroDebias, name): shadow variables that follow trained ones by exponential decay (`apply`, `average`). */
  ExponentialMovingAverage: movingAverages.ExponentialMovingAverage,
  /** tf.train.Example(features): one record's features; `serializeToString()` gives TensorFlow's bytes, `Example.fromString(bytes)` reads them. */
  Example: exampleProto.Example,
  /** tf.train.SequenceExample(context, featureLists): a record of context features and per-step feature lists, serialized as TensorFlow does. */
  SequenceExample: exampleProto.SequenceExample,
  /** tf.train.Features(feature): features by name. */
  Features: exampleProto.Features,
  /** tf.train.Feature(bytesList | floatList | int64List): one list of values. */
  Feature: exampleProto.Feature,
  /** tf.train.FeatureList(feature): a sequence of Features (one per step). */
  FeatureList: exampleProto.FeatureList,
  /** tf.train.FeatureLists(featureList): feature lists by name. */
  FeatureLists: exampleProto.FeatureLists,
  /** tf.train.BytesList(value): byte strings (Uint8Arrays, or strings as UTF-8). */
  BytesList: exampleProto.BytesList,
  /** tf.train.FloatList(value): float32 values. */
  FloatList: exampleProto.FloatList,
  /** tf.train.Int64List(value): 64-bit integers (numbers or bigints). */
  Int64List: exampleProto.Int64List,
};
/** `tf.train`'s classes as types. */
export declare namespace train {
  type Checkpoint = CheckpointClass;
  type CheckpointManager = checkpointManagement.CheckpointManagerClass;
  type ExponentialMovingAverage = movingAverages.ExponentialMovingAverageClass;
  type Example = exampleProto.ExampleClass;
  type SequenceExample = exampleProto.SequenceExampleClass;
  type Features = exampleProto.FeaturesClass;
  type Feature = exampleProto.FeatureClass;
  type FeatureList = exampleProto.FeatureListClass;
  type FeatureLists = exampleProto.FeatureListsClass;
  type BytesList = exampleProto.BytesListClass;
  type FloatList = exampleProto.FloatListClass;
  type Int64List = exampleProto.Int64ListClass;
}

/** `tf.keras`: layers, Sequential and Model (compile, fit, evaluate, predict), the optimizers (and their schedules), losses, metrics, activations, regularizers, constraints, initializers and backend settings. */
export const keras = {
  /** `tf.optimizers` and `tf.keras.optimizers`: the Keras 3 optimizers (classes, usable as types too). */
  optimizers,
  /** `tf.keras.losses`: loss classes (callable objects, as in Keras) and loss functions. */
  losses: {
    /** A loss object is callable, as in Keras: `loss(yTrue, yPred, sampleWeight?)` is `loss.call(...)`. */
    Loss: losses.Loss,
    /** Keras' `MeanSquaredError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.meanSquaredError` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    MeanSquaredError: losses.MeanSquaredError,
    /** Keras' `MeanAbsoluteError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.meanAbsoluteError` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    MeanAbsoluteError: losses.MeanAbsoluteError,
    /** Keras' `MeanAbsolutePercentageError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.meanAbsolutePercentageError` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    MeanAbsolutePercentageError: losses.MeanAbsolutePercentageError,
    /** Keras' `MeanSquaredLogarithmicError` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.meanSquaredLogarithmicError` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    MeanSquaredLogarithmicError: losses.MeanSquaredLogarithmicError,
    /** Keras' `Huber` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.huber` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    Huber: losses.Huber,
    /** Keras' `LogCosh` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.logCosh` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    LogCosh: losses.LogCosh,
    /** Keras' `BinaryCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.binaryCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    BinaryCrossentropy: losses.BinaryCrossentropy,
    /** Keras' `CategoricalCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.categoricalCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    CategoricalCrossentropy: losses.CategoricalCrossentropy,
    /** Keras' `SparseCategoricalCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.sparseCategoricalCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    SparseCategoricalCrossentropy: losses.SparseCategoricalCrossentropy,
    /** Keras' `KLDivergence` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.klDivergence` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    KLDivergence: losses.KLDivergence,
    /** Keras' `Poisson` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.poisson` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    Poisson: losses.Poisson,
    /** Keras' `CosineSimilarity` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.cosineSimilarity` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    CosineSimilarity: losses.CosineSimilarity,
    /** Keras' `Hinge` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.hinge` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    Hinge: losses.Hinge,
    /** Keras' `SquaredHinge` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.squaredHinge` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    SquaredHinge: losses.SquaredHinge,
    /** Keras' `CategoricalHinge` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.categoricalHinge` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    CategoricalHinge: losses.CategoricalHinge,
    /** Keras' `BinaryFocalCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.binaryFocalCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    BinaryFocalCrossentropy: losses.BinaryFocalCrossentropy,
    /** Keras' `CategoricalFocalCrossentropy` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.categoricalFocalCrossentropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    CategoricalFocalCrossentropy: losses.CategoricalFocalCrossentropy,
    /** Keras' `Dice` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.dice` (over `axis`), then weights and reduces (`sum_over_batch_size` by default). */
    Dice: losses.Dice,
    /** Keras' `Tversky` loss object: called as `loss(yTrue, yPred, sampleWeight?)`, it computes `tf.keras.losses.tversky` (over `axis`), then weights and reduces (`sum_over_batch_size` by default). */
    Tversky: losses.Tversky,
    /** Keras' `CategoricalGeneralizedCrossEntropy` loss object ({q = 0.5}): called as `loss(yTrue, yPred, sampleWeight?)` with integer class ids and probabilities, it computes `tf.keras.losses.categoricalGeneralizedCrossEntropy` per sample, then weights and reduces (`sum_over_batch_size` by default). */
    CategoricalGeneralizedCrossEntropy: losses.CategoricalGeneralizedCrossEntropy,
    /** Keras' `Circle` loss object ({gamma = 80, margin = 0.4, removeDiagonal = true}): called as `loss(yTrue, yPred, sampleWeight?)` with integer labels and L2-normalized embeddings, it computes `tf.keras.losses.circle` of the batch against itself, then weights and reduces (`sum_over_batch_size` by default) the rows whose loss is above 0. */
    Circle: losses.Circle,
    /** Keras' `CTC` loss object: called as `loss(yTrue, yPred, sampleWeight?)` with 0-padded labels [batch, maxLength] and logits [batch, frames, classes], it computes `tf.keras.losses.ctc` per sequence, then weights and reduces (`sum_over_batch_size` by default). */
    CTC: losses.CTC,
    /** keras.losses.mean_squared_error: mean((y_true - y_pred)², axis=-1). */
    meanSquaredError: losses.meanSquaredError,
    /** keras.losses.mean_absolute_error: mean(|y_true - y_pred|, axis=-1). */
    meanAbsoluteError: losses.meanAbsoluteError,
    /** keras.losses.mean_absolute_percentage_error: 100 · mean(|y_true - y_pred| / max(|y_true|, ε), axis=-1). */
    meanAbsolutePercentageError: losses.meanAbsolutePercentageError,
    /** keras.losses.mean_squared_logarithmic_error: mean((log(max(y_pred, ε) + 1) - log(max(y_true, ε) + 1))², axis=-1). */
    meanSquaredLogarithmicError: losses.meanSquaredLogarithmicError,
    /** keras.losses.huber(y_true, y_pred, delta=1): mean of ½e² where |e| <= delta, delta·|e| - ½delta² elsewhere (e = y_pred - y_true). */
    huber: losses.huber,
    /** keras.losses.log_cosh: mean(log(cosh(e)), axis=-1), as e + softplus(-2e) - log 2 (no overflow). */
    logCosh: losses.logCosh,
    /** keras.losses.binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0, axis=-1): the mean over `axis` of -(t·log p + (1-t)·log(1-p)) with p clipped to [ε, 1-ε], or, from logits, TensorFlow's stable sigmoid cross entropy. */
    binaryCrossentropy: losses.binaryCrossentropy,
    /** keras.losses.categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0, axis=-1): -Σ t·log p over `axis`, with p rescaled to sum to 1 and clipped to [ε, 1-ε], or, from logits, the softmax cross entropy (log-softmax, stable). */
    categoricalCrossentropy: losses.categoricalCrossentropy,
    /** keras.losses.sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1): categorical crossentropy with integer class ids `y_true` (any numeric dtype; cast to int32 as Keras casts to int64). */
    sparseCategoricalCrossentropy: losses.sparseCategoricalCrossentropy,
    /** keras.losses.kl_divergence: Σ y_true · log(y_true / y_pred) over the last axis, both clipped to [ε, 1]. */
    klDivergence: losses.klDivergence,
    /** keras.losses.poisson: mean(y_pred - y_true · log(y_pred + ε), axis=-1). */
    poisson: losses.poisson,
    /** keras.losses.cosine_similarity(y_true, y_pred, axis=-1): -Σ normalize(y_true)·normalize(y_pred). */
    cosineSimilarity: losses.cosineSimilarity,
    /** keras.losses.hinge: mean(max(1 - y_true · y_pred, 0), axis=-1); labels that are all 0 or 1 are first mapped to -1 and 1. */
    hinge: losses.hinge,
    /** keras.losses.squared_hinge: mean(max(1 - y_true · y_pred, 0)², axis=-1); labels that are all 0 or 1 are first mapped to -1 and 1, as in `hinge`. */
    squaredHinge: losses.squaredHinge,
    /** keras.losses.categorical_hinge: max(neg - pos + 1, 0) with pos = Σ y_true·y_pred and neg = max((1 - y_true)·y_pred) over the last axis (one-hot labels; not converted). */
    categoricalHinge: losses.categoricalHinge,
    /** keras.losses.binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2, from_logits=False, label_smoothing=0, axis=-1): the mean over `axis` of (1 - p_t)^gamma · bce, optionally weighted alpha·t + (1 - alpha)·(1 - t). */
    binaryFocalCrossentropy: losses.binaryFocalCrossentropy,
    /** keras.losses.categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2, from_logits=False, label_smoothing=0, axis=-1): Σ alpha·(1 - p)^gamma · (-t·log p) over `axis`. */
    categoricalFocalCrossentropy: losses.categoricalFocalCrossentropy,
    /** keras.losses.dice(y_true, y_pred, axis=None): 1 - 2·Σ(y_true·y_pred) / (Σy_true + Σy_pred + ε), the sums over `axis` (null: everything). */
    dice: losses.dice,
    /** keras.losses.tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None): 1 - I / (I + alpha·Σ(1 - y_pred)·y_true + beta·Σy_pred·(1 - y_true) + ε), I = Σy_true·y_pred. */
    tversky: losses.tversky,
    /** keras.losses.categorical_generalized_cross_entropy(y_true, y_pred, q): (1 - p^q) / q, p the probability y_pred gives the integer class id y_true. */
    categoricalGeneralizedCrossEntropy: losses.categoricalGeneralizedCrossEntropy,
    /** keras.losses.circle(y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True, gamma=80, margin=0.4): the Circle loss of each L2-normalized embedding against the reference ones (default: the batch), masked where it is 0. */
    circle: losses.circle,
    /** keras.losses.ctc(y_true, y_pred): the CTC loss of each sequence: 0-padded labels [batch, maxLength] (0 is the blank) and logits [batch, frames, classes], every frame counted. */
    ctc: losses.ctc,
    /** keras.losses.get(identifier): null for null; a loss object or function as it is; a name ('mse', 'mean_squared_error', 'MeanSquaredError') or `{className, config}` deserialized. */
    get: losses.get,
    /** keras.losses.serialize(loss): a loss object as `{className, config}`, a built-in loss function as its Keras name. */
    serialize: losses.serialize,
    /** keras.losses.deserialize(config): a name as the function or a new loss object, `{className, config}` (gradtape's or Keras' spelling) as that object. */
    deserialize: losses.deserialize,
    // Keras' short names of the function forms.
    /** keras.losses.mean_squared_error: mean((y_true - y_pred)², axis=-1). */
    mse: losses.meanSquaredError,
    /** keras.losses.mean_absolute_error: mean(|y_true - y_pred|, axis=-1). */
    mae: losses.meanAbsoluteError,
    /** keras.losses.mean_absolute_percentage_error: 100 · mean(|y_true - y_pred| / max(|y_true|, ε), axis=-1). */
    mape: losses.meanAbsolutePercentageError,
    /** keras.losses.mean_squared_logarithmic_error: mean((log(max(y_pred, ε) + 1) - log(max(y_true, ε) + 1))², axis=-1). */
    msle: losses.meanSquaredLogarithmicError,
    /** keras.losses.kl_divergence: Σ y_true · log(y_true / y_pred) over the last axis, both clipped to [ε, 1]. */
    kld: losses.klDivergence,
    /** keras.losses.log_cosh: mean(log(cosh(e)), axis=-1), as e + softplus(-2e) - log 2 (no overflow). */
    logcosh: losses.logCosh,
    // tf.keras's upper-case and long aliases of the same functions (TF 2.21's tf.keras.losses).
    /** tf.keras.losses.MSE: keras.losses.mean_squared_error. */
    MSE: losses.meanSquaredError,
    /** tf.keras.losses.MAE: keras.losses.mean_absolute_error. */
    MAE: losses.meanAbsoluteError,
    /** tf.keras.losses.MAPE: keras.losses.mean_absolute_percentage_error. */
    MAPE: losses.meanAbsolutePercentageError,
    /** tf.keras.losses.MSLE: keras.losses.mean_squared_logarithmic_error. */
    MSLE: losses.meanSquaredLogarithmicError,
    /** tf.keras.losses.KLD: keras.losses.kl_divergence. */
    KLD: losses.klDivergence,
    /** tf.keras.losses.kullback_leibler_divergence: keras.losses.kl_divergence. */
    kullbackLeiblerDivergence: losses.klDivergence,
  },
  /** `tf.keras.metrics`: Keras 3's stateful metrics (state in non-trainable variables, so
   * `updateState` works in compiled steps too) and the accuracy functions. */
  metrics: {
    /** keras.metrics.Metric: the base of stateful metrics (`addVariable`, `updateState`, `result`, `resetState`). */
    Metric: metrics.Metric,
    /** keras.metrics.Mean: the (weighted) mean of the values given, over every batch. */
    Mean: metrics.Mean,
    /** keras.metrics.Sum: the (weighted) sum of the values given, over every batch. */
    Sum: metrics.Sum,
    /** keras.metrics.MeanMetricWrapper: the weighted Mean of a per-sample function `fn(yTrue, yPred)`. */
    MeanMetricWrapper: metrics.MeanMetricWrapper,
    /** keras.metrics.MeanSquaredError: the mean of mean((yTrue - yPred)², axis=-1). */
    MeanSquaredError: metrics.MeanSquaredError,
    /** keras.metrics.RootMeanSquaredError: sqrt of the weighted mean of (yPred - yTrue)². */
    RootMeanSquaredError: metrics.RootMeanSquaredError,
    /** keras.metrics.MeanAbsoluteError: the mean of mean(|yTrue - yPred|, axis=-1). */
    MeanAbsoluteError: metrics.MeanAbsoluteError,
    /** keras.metrics.MeanAbsolutePercentageError: the mean of 100 · mean(|yTrue - yPred| / max(|yTrue|, 1e-7), axis=-1). */
    MeanAbsolutePercentageError: metrics.MeanAbsolutePercentageError,
    /** keras.metrics.MeanSquaredLogarithmicError: the mean of mean((log(1 + yPred) - log(1 + yTrue))², axis=-1). */
    MeanSquaredLogarithmicError: metrics.MeanSquaredLogarithmicError,
    /** keras.metrics.LogCoshError: the mean of mean(log(cosh(yPred - yTrue)), axis=-1). */
    LogCoshError: metrics.LogCoshError,
    /** keras.metrics.CosineSimilarity({axis = -1}): the mean cosine similarity of yTrue and yPred. */
    CosineSimilarity: metrics.CosineSimilarity,
    /** keras.metrics.R2Score({classAggregation = 'uniform_average', numRegressors = 0}): the coefficient of determination. */
    R2Score: metrics.R2Score,
    /** keras.metrics.Accuracy: how often yPred equals yTrue. */
    Accuracy: metrics.Accuracy,
    /** keras.metrics.BinaryAccuracy({threshold = 0.5}): how often yPred > threshold matches 0/1 labels. */
    BinaryAccuracy: metrics.BinaryAccuracy,
    /** keras.metrics.CategoricalAccuracy: how often argmax(yPred) is the one-hot label's class. */
    CategoricalAccuracy: metrics.CategoricalAccuracy,
    /** keras.metrics.SparseCategoricalAccuracy: how often argmax(yPred) equals the integer label. */
    SparseCategoricalAccuracy: metrics.SparseCategoricalAccuracy,
    /** keras.metrics.TopKCategoricalAccuracy({k = 5}): how often the one-hot label's class is in the top k. */
    TopKCategoricalAccuracy: metrics.TopKCategoricalAccuracy,
    /** keras.metrics.SparseTopKCategoricalAccuracy({k = 5, fromSortedIds = false}): how often the integer label is in the top k. */
    SparseTopKCategoricalAccuracy: metrics.SparseTopKCategoricalAccuracy,
    /** keras.metrics.BinaryCrossentropy({fromLogits, labelSmoothing}): the mean binary crossentropy. */
    BinaryCrossentropy: metrics.BinaryCrossentropy,
    /** keras.metrics.CategoricalCrossentropy({fromLogits, labelSmoothing, axis}): the mean categorical crossentropy. */
    CategoricalCrossentropy: metrics.CategoricalCrossentropy,
    /** keras.metrics.SparseCategoricalCrossentropy({fromLogits, axis}): the mean sparse categorical crossentropy. */
    SparseCategoricalCrossentropy: metrics.SparseCategoricalCrossentropy,
    /** keras.metrics.KLDivergence: the mean Kullback-Leibler divergence. */
    KLDivergence: metrics.KLDivergence,
    /** keras.metrics.Poisson: the mean of mean(yPred - yTrue · log(yPred + 1e-7), axis=-1). */
    Poisson: metrics.Poisson,
    /** keras.metrics.Hinge: the mean hinge loss (0/1 labels mapped to ±1). */
    Hinge: metrics.Hinge,
    /** keras.metrics.SquaredHinge: the mean squared hinge loss (0/1 labels mapped to ±1). */
    SquaredHinge: metrics.SquaredHinge,
    /** keras.metrics.CategoricalHinge: the mean categorical hinge loss. */
    CategoricalHinge: metrics.CategoricalHinge,
    /** keras.metrics.Precision({thresholds, topK, classId}): true positives / predicted positives. */
    Precision: metrics.Precision,
    /** keras.metrics.Recall({thresholds, topK, classId}): true positives / actual positives. */
    Recall: metrics.Recall,
    /** keras.metrics.AUC({numThresholds = 200, curve = 'ROC', summationMethod = 'interpolation', ...}): the area under the ROC or PR curve. */
    AUC: metrics.AUC,
    /** keras.metrics.TruePositives({thresholds = 0.5}): the weighted number of positive labels predicted positive. */
    TruePositives: metrics.TruePositives,
    /** keras.metrics.FalsePositives({thresholds = 0.5}): the weighted number of negative labels predicted positive. */
    FalsePositives: metrics.FalsePositives,
    /** keras.metrics.TrueNegatives({thresholds = 0.5}): the weighted number of negative labels predicted negative. */
    TrueNegatives: metrics.TrueNegatives,
    /** keras.metrics.FalseNegatives({thresholds = 0.5}): the weighted number of positive labels predicted negative. */
    FalseNegatives: metrics.FalseNegatives,
    /** keras.metrics.PrecisionAtRecall(recall, {numThresholds = 200, classId}): the best precision where recall >= `recall`. */
    PrecisionAtRecall: metrics.PrecisionAtRecall,
    /** keras.metrics.RecallAtPrecision(precision, {numThresholds = 200, classId}): the best recall where precision >= `precision`. */
    RecallAtPrecision: metrics.RecallAtPrecision,
    /** keras.metrics.SensitivityAtSpecificity(specificity, {numThresholds = 200, classId}): the best sensitivity where specificity >= `specificity`. */
    SensitivityAtSpecificity: metrics.SensitivityAtSpecificity,
    /** keras.metrics.SpecificityAtSensitivity(sensitivity, {numThresholds = 200, classId}): the best specificity where sensitivity >= `sensitivity`. */
    SpecificityAtSensitivity: metrics.SpecificityAtSensitivity,
    /** keras.metrics.FBetaScore({average = null, beta = 1, threshold = null}): the F-beta score per class, or averaged. */
    FBetaScore: metrics.FBetaScore,
    /** keras.metrics.F1Score({average = null, threshold = null}): the F1 score per class, or averaged. */
    F1Score: metrics.F1Score,
    /** keras.metrics.IoU({numClasses, targetClassIds, ignoreClass, sparseYTrue, sparseYPred, axis}): the mean intersection over union of the target classes. */
    IoU: metrics.IoU,
    /** keras.metrics.BinaryIoU({targetClassIds = [0, 1], threshold = 0.5}): IoU of thresholded predictions. */
    BinaryIoU: metrics.BinaryIoU,
    /** keras.metrics.MeanIoU({numClasses, ignoreClass, sparseYTrue, sparseYPred, axis}): the intersection over union averaged over every class. */
    MeanIoU: metrics.MeanIoU,
    /** keras.metrics.OneHotIoU({numClasses, targetClassIds, ignoreClass, sparseYPred, axis}): IoU of one-hot labels and scores. */
    OneHotIoU: metrics.OneHotIoU,
    /** keras.metrics.OneHotMeanIoU({numClasses, ignoreClass, sparseYPred, axis}): MeanIoU of one-hot labels and scores. */
    OneHotMeanIoU: metrics.OneHotMeanIoU,
    /** keras.metrics.PearsonCorrelation({axis = -1}): the mean Pearson correlation coefficient of yTrue and yPred along axis. */
    PearsonCorrelation: metrics.PearsonCorrelation,
    /** keras.metrics.ConcordanceCorrelation({axis = -1}): the mean concordance correlation coefficient of yTrue and yPred along axis (Keras' formula). */
    ConcordanceCorrelation: metrics.ConcordanceCorrelation,
    /** keras.metrics.pearson_correlation(y_true, y_pred, axis=-1): the Pearson correlation coefficient along axis, from the centred inputs over their population standard deviations. */
    pearsonCorrelation: metrics.pearsonCorrelation,
    /** keras.metrics.concordance_correlation(y_true, y_pred, axis=-1): Keras' concordance correlation coefficient along axis, 2·cov / (var(yTrue) + var(yPred) + (mean(yTrue) - mean(yPred))² + ε). */
    concordanceCorrelation: metrics.concordanceCorrelation,
    /** keras.metrics.binary_accuracy(y_true, y_pred, threshold=0.5): per sample, the fraction of entries where yPred > threshold matches yTrue. */
    binaryAccuracy: metrics.binaryAccuracy,
    /** keras.metrics.categorical_accuracy(y_true, y_pred): 1 where argmax(yPred) is the one-hot label's class, else 0. */
    categoricalAccuracy: metrics.categoricalAccuracy,
    /** keras.metrics.sparse_categorical_accuracy(y_true, y_pred): 1 where argmax(yPred) equals the integer label, else 0. */
    sparseCategoricalAccuracy: metrics.sparseCategoricalAccuracy,
    /** keras.metrics.top_k_categorical_accuracy(y_true, y_pred, k=5): 1 where the one-hot label's class is in the top k, else 0. */
    topKCategoricalAccuracy: metrics.topKCategoricalAccuracy,
    /** keras.metrics.sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False): 1 where the integer label is in the top k, else 0. */
    sparseTopKCategoricalAccuracy: metrics.sparseTopKCategoricalAccuracy,
    // The loss functions under keras.metrics (Keras 3 exports them there, and tf.keras its aliases): the same functions.
    /** keras.metrics.mean_squared_error: keras.losses.mean_squared_error, per sample (the same function). */
    meanSquaredError: losses.meanSquaredError,
    /** keras.metrics.mean_absolute_error: keras.losses.mean_absolute_error, per sample (the same function). */
    meanAbsoluteError: losses.meanAbsoluteError,
    /** keras.metrics.mean_absolute_percentage_error: keras.losses.mean_absolute_percentage_error, per sample (the same function). */
    meanAbsolutePercentageError: losses.meanAbsolutePercentageError,
    /** keras.metrics.mean_squared_logarithmic_error: keras.losses.mean_squared_logarithmic_error, per sample (the same function). */
    meanSquaredLogarithmicError: losses.meanSquaredLogarithmicError,
    /** tf.keras.metrics.mse: keras.losses.mean_squared_error, per sample. */
    mse: losses.meanSquaredError,
    /** tf.keras.metrics.mae: keras.losses.mean_absolute_error, per sample. */
    mae: losses.meanAbsoluteError,
    /** tf.keras.metrics.mape: keras.losses.mean_absolute_percentage_error, per sample. */
    mape: losses.meanAbsolutePercentageError,
    /** tf.keras.metrics.msle: keras.losses.mean_squared_logarithmic_error, per sample. */
    msle: losses.meanSquaredLogarithmicError,
    /** tf.keras.metrics.MSE: keras.losses.mean_squared_error, per sample. */
    MSE: losses.meanSquaredError,
    /** tf.keras.metrics.MAE: keras.losses.mean_absolute_error, per sample. */
    MAE: losses.meanAbsoluteError,
    /** tf.keras.metrics.MAPE: keras.losses.mean_absolute_percentage_error, per sample. */
    MAPE: losses.meanAbsolutePercentageError,
    /** tf.keras.metrics.MSLE: keras.losses.mean_squared_logarithmic_error, per sample. */
    MSLE: losses.meanSquaredLogarithmicError,
    /** keras.metrics.kl_divergence: keras.losses.kl_divergence, per sample (the same function). */
    klDivergence: losses.klDivergence,
    /** tf.keras.metrics.kld: keras.losses.kl_divergence, per sample. */
    kld: losses.klDivergence,
    /** tf.keras.metrics.KLD: keras.losses.kl_divergence, per sample. */
    KLD: losses.klDivergence,
    /** tf.keras.metrics.kullback_leibler_divergence: keras.losses.kl_divergence, per sample. */
    kullbackLeiblerDivergence: losses.klDivergence,
    /** keras.metrics.log_cosh: keras.losses.log_cosh, per sample (the same function). */
    logCosh: losses.logCosh,
    /** tf.keras.metrics.logcosh: keras.losses.log_cosh, per sample. */
    logcosh: losses.logCosh,
    /** keras.metrics.binary_crossentropy: keras.losses.binary_crossentropy, per sample (the same function). */
    binaryCrossentropy: losses.binaryCrossentropy,
    /** keras.metrics.binary_focal_crossentropy: keras.losses.binary_focal_crossentropy, per sample (the same function). */
    binaryFocalCrossentropy: losses.binaryFocalCrossentropy,
    /** keras.metrics.categorical_crossentropy: keras.losses.categorical_crossentropy, per sample (the same function). */
    categoricalCrossentropy: losses.categoricalCrossentropy,
    /** keras.metrics.categorical_focal_crossentropy: keras.losses.categorical_focal_crossentropy, per sample (the same function). */
    categoricalFocalCrossentropy: losses.categoricalFocalCrossentropy,
    /** keras.metrics.sparse_categorical_crossentropy: keras.losses.sparse_categorical_crossentropy, per sample (the same function). */
    sparseCategoricalCrossentropy: losses.sparseCategoricalCrossentropy,
    /** keras.metrics.hinge: keras.losses.hinge, per sample (the same function). */
    hinge: losses.hinge,
    /** keras.metrics.squared_hinge: keras.losses.squared_hinge, per sample (the same function). */
    squaredHinge: losses.squaredHinge,
    /** keras.metrics.categorical_hinge: keras.losses.categorical_hinge, per sample (the same function). */
    categoricalHinge: losses.categoricalHinge,
    /** keras.metrics.huber: keras.losses.huber, per sample (the same function). */
    huber: losses.huber,
    /** keras.metrics.poisson: keras.losses.poisson, per sample (the same function). */
    poisson: losses.poisson,
    /** keras.metrics.get(identifier): a metric from a name ('mse', 'Precision', 'sparse_categorical_accuracy'), `{className, config}`, or as it is. */
    get: metrics.get,
    /** keras.metrics.serialize(metric): `{className, config}`. */
    serialize: metrics.serialize,
    /** keras.metrics.deserialize({className, config}): a new metric of that class with those options. */
    deserialize: metrics.deserialize,
  },
  /** `tf.keras.activations`: activation functions, and `get(name)` / `serialize(fn)`. */
  activations: {
    /** keras.activations.relu(x, negative_slope=0, max_value=None, threshold=0) (Keras 2 called the slope `alpha`): x above `threshold` (0 at or below it), capped at `maxValue`, and negativeSlope·(x - threshold) added below the threshold. */
    relu: activations.relu,
    /** keras.activations.leaky_relu(x, negative_slope=0.2) */
    leakyRelu: activations.leakyRelu,
    /** keras.activations.relu6: min(max(x, 0), 6). */
    relu6: activations.relu6,
    /** keras.activations.sigmoid: 1 / (1 + exp(-x)). */
    sigmoid: activations.sigmoid,
    /** keras.activations.tanh: the hyperbolic tangent. */
    tanh: activations.tanh,
    /** keras.activations.softmax(x, axis=-1); `axis` null normalises over every element (Keras' axis=None). */
    softmax: activations.softmax,
    /** keras.activations.log_softmax(x, axis=-1); `axis` null as in softmax. */
    logSoftmax: activations.logSoftmax,
    /** keras.activations.softplus: log(1 + exp(x)), computed without overflow. */
    softplus: activations.softplus,
    /** keras.activations.softsign: x / (1 + |x|). */
    softsign: activations.softsign,
    /** keras.activations.elu(x, alpha=1): x where x > 0, alpha·(exp(x) - 1) elsewhere. */
    elu: activations.elu,
    /** keras.activations.selu: the scaled exponential linear unit (Klambauer et al.'s constants). */
    selu: activations.selu,
    /** keras.activations.gelu(x, approximate=False) */
    gelu: activations.gelu,
    /** keras.activations.silu (alias swish): x·sigmoid(x). */
    silu: activations.silu,
    /** keras.activations.silu (alias swish): x·sigmoid(x). */
    swish: activations.silu,
    /** keras.activations.exponential: exp(x). */
    exponential: activations.exponential,
    /** keras.activations.linear: x itself. */
    linear: activations.linear,
    /** keras.activations.hard_sigmoid (Keras 3): relu6(x + 3) / 6, i.e. clip(x/6 + 1/2, 0, 1). */
    hardSigmoid: activations.hardSigmoid,
    /** keras.activations.hard_silu (alias hard_swish): x · hard_sigmoid(x). */
    hardSilu: activations.hardSilu,
    /** keras.activations.hard_silu (alias hard_swish): x · hard_sigmoid(x). */
    hardSwish: activations.hardSilu,
    /** keras.activations.mish: x · tanh(softplus(x)). */
    mish: activations.mish,
    /** keras.activations.crelu(x, axis=-1): concat([relu(x), relu(-x)], axis). */
    crelu: activations.crelu,
    /** keras.activations.celu(x, alpha=1): x where x > 0, alpha·(exp(x/alpha) - 1) elsewhere. */
    celu: activations.celu,
    /** keras.activations.glu(x, axis=-1): a·sigmoid(b), a and b the halves of `x` along `axis`. */
    glu: activations.glu,
    /** keras.activations.hard_shrink(x, threshold=0.5): x where |x| > threshold, 0 elsewhere. */
    hardShrink: activations.hardShrink,
    /** keras.activations.hard_tanh(x): x clipped to [-1, 1]. */
    hardTanh: activations.hardTanh,
    /** keras.activations.log_sigmoid(x): log(sigmoid(x)) = -softplus(-x). */
    logSigmoid: activations.logSigmoid,
    /** keras.activations.soft_shrink(x, threshold=0.5): x - threshold above threshold, x + threshold below -threshold, 0 between. */
    softShrink: activations.softShrink,
    /** keras.activations.sparse_plus(x): 0 for x <= -1, (x + 1)²/4 for -1 < x < 1, x for x >= 1. */
    sparsePlus: activations.sparsePlus,
    /** keras.activations.sparsemax(x, axis=-1): the Euclidean projection of `x` onto the probability simplex along `axis`, max(x - tau, 0). */
    sparsemax: activations.sparsemax,
    /** keras.activations.squareplus(x, b=4): (x + sqrt(x² + b)) / 2. */
    squareplus: activations.squareplus,
    /** keras.activations.tanh_shrink(x): x - tanh(x). */
    tanhShrink: activations.tanhShrink,
    /** keras.activations.threshold(x, threshold, default_value): x where x > threshold, `defaultValue` elsewhere. */
    threshold: activations.threshold,
    /** keras.activations.get(identifier): null/undefined gives linear, a name gives the activation (Keras' snake_case names such as 'leaky_relu', or the camelCase spelling), a function is returned as is. */
    get: activations.get,
    /** keras.activations.serialize(activation): the Keras name of a built-in activation ('silu' for swish, as in Keras). */
    serialize: activations.serialize,
    /** keras.activations.deserialize(config, customObjects): the activation of a name, or of `{className: 'function', config: name}`. */
    deserialize: activations.deserialize,
  },
  /** `tf.keras.regularizers`: weight penalties (callable objects returning a scalar tensor, as in Keras). */
  regularizers: {
    /** keras.regularizers.Regularizer: the base class (penalty 0); a subclass gives `call(x)` and `getConfig()`. */
    Regularizer: regularizers.Regularizer,
    /** keras.regularizers.L1(l1=0.01): l1·Σ|x|. */
    L1: regularizers.L1,
    /** keras.regularizers.L2(l2=0.01): l2·Σx². */
    L2: regularizers.L2,
    /** keras.regularizers.L1L2(l1=0, l2=0): l1·Σ|x| + l2·Σx². */
    L1L2: regularizers.L1L2,
    /** keras.regularizers.OrthogonalRegularizer(factor=0.01, mode='rows'): factor · ½ · the mean |dot product| of distinct normalized rows (or columns). */
    OrthogonalRegularizer: regularizers.OrthogonalRegularizer,
    /** keras.regularizers.l1: `l1(0.01)` is `new L1(0.01)`. */
    l1: regularizers.l1,
    /** keras.regularizers.l2: `l2(0.01)` is `new L2(0.01)`. */
    l2: regularizers.l2,
    /** keras.regularizers.l1_l2: `l1l2({l1, l2})` is `new L1L2({l1, l2})`. */
    l1l2: regularizers.l1l2,
    /** keras.regularizers.l1_l2 in camelCase: `l1L2({l1, l2})` is `new L1L2({l1, l2})`. */
    l1L2: regularizers.l1l2,
    /** keras.regularizers.orthogonal_regularizer: OrthogonalRegularizer, callable with or without `new`. */
    orthogonalRegularizer: classAlias(regularizers.OrthogonalRegularizer),
    /** keras.regularizers.get(identifier): null for null; a regularizer or function as it is; a name ('l2', 'L1L2') as a new one with Keras' defaults; `{className, config}` deserialized. */
    get: regularizers.get,
    /** keras.regularizers.serialize(regularizer): `{className, config}`. */
    serialize: regularizers.serialize,
    /** keras.regularizers.deserialize(config): `{className, config}` or a name as a new regularizer. */
    deserialize: regularizers.deserialize,
  },
  /** `tf.keras.constraints`: projections for a variable's `constraint` option, which optimizers
   * apply after every update (constraint objects are callable, as in Keras). */
  constraints: {
    /** The base class of constraints: a subclass gives `call(w)` (and `getConfig()`). */
    Constraint: constraints.Constraint,
    /** keras.constraints.NonNeg: `maximum(w, 0)`. */
    NonNeg: constraints.NonNeg,
    /** keras.constraints.MaxNorm({maxValue = 2, axis = 0}): norms over `axis` scaled down to at most maxValue. */
    MaxNorm: constraints.MaxNorm,
    /** keras.constraints.UnitNorm({axis = 0}): norms over `axis` scaled to 1. */
    UnitNorm: constraints.UnitNorm,
    /** keras.constraints.MinMaxNorm({minValue = 0, maxValue = 1, rate = 1, axis = 0}): norms over `axis` moved into [minValue, maxValue]. */
    MinMaxNorm: constraints.MinMaxNorm,
    /** keras.constraints.non_neg: NonNeg, callable with or without `new`. */
    nonNeg: classAlias(constraints.NonNeg),
    /** keras.constraints.max_norm: MaxNorm, callable with or without `new`. */
    maxNorm: classAlias(constraints.MaxNorm),
    /** keras.constraints.unit_norm: UnitNorm, callable with or without `new`. */
    unitNorm: classAlias(constraints.UnitNorm),
    /** keras.constraints.min_max_norm: MinMaxNorm, callable with or without `new`. */
    minMaxNorm: classAlias(constraints.MinMaxNorm),
    /** keras.constraints.get(identifier): null for null; a constraint or function as it is; a name ('max_norm', 'MaxNorm') or `{className, config}` deserialized. */
    get: constraints.get,
    /** keras.constraints.serialize(constraint): `{className, config}`. */
    serialize: constraints.serialize,
    /** keras.constraints.deserialize(config): `{className, config}` or a name as a new constraint. */
    deserialize: constraints.deserialize,
  },
  /** `tf.keras.initializers`: Keras 3's weight initializers, objects called with a shape (and a
   * dtype) that return a new tensor of it; seeded ones give the same values at every call. */
  initializers: {
    /** The base class of initializers: a subclass gives `call(shape, dtype)` (and `getConfig()`). */
    Initializer: initializers.Initializer,
    /** keras.initializers.Zeros: zeros. */
    Zeros: initializers.Zeros,
    /** keras.initializers.Ones: ones. */
    Ones: initializers.Ones,
    /** keras.initializers.Constant({value = 0}): every element `value`. */
    Constant: initializers.Constant,
    /** keras.initializers.Identity({gain = 1}): gain times the identity matrix (2-D shapes). */
    Identity: initializers.Identity,
    /** keras.initializers.RandomNormal({mean = 0, stddev = 0.05, seed}). */
    RandomNormal: initializers.RandomNormal,
    /** keras.initializers.RandomUniform({minval = -0.05, maxval = 0.05, seed}). */
    RandomUniform: initializers.RandomUniform,
    /** keras.initializers.TruncatedNormal({mean = 0, stddev = 0.05, seed}): redrawn beyond two standard deviations. */
    TruncatedNormal: initializers.TruncatedNormal,
    /** keras.initializers.VarianceScaling({scale = 1, mode = 'fan_in', distribution = 'truncated_normal', seed}): variance scale / n. */
    VarianceScaling: initializers.VarianceScaling,
    /** keras.initializers.GlorotUniform({seed}) (Xavier uniform): uniform in ±√(6 / (fan_in + fan_out)), Keras' default for kernels. */
    GlorotUniform: initializers.GlorotUniform,
    /** keras.initializers.GlorotNormal({seed}): truncated normal of variance 2 / (fan_in + fan_out). */
    GlorotNormal: initializers.GlorotNormal,
    /** keras.initializers.HeUniform({seed}): uniform in ±√(6 / fan_in). */
    HeUniform: initializers.HeUniform,
    /** keras.initializers.HeNormal({seed}): truncated normal of variance 2 / fan_in. */
    HeNormal: initializers.HeNormal,
    /** keras.initializers.LecunUniform({seed}): uniform in ±√(3 / fan_in). */
    LecunUniform: initializers.LecunUniform,
    /** keras.initializers.LecunNormal({seed}): truncated normal of variance 1 / fan_in. */
    LecunNormal: initializers.LecunNormal,
    /** keras.initializers.Orthogonal({gain = 1, seed}): gain times a random orthogonal matrix. */
    Orthogonal: initializers.Orthogonal,
    /** keras.initializers.get(identifier): an initializer from its name ('glorot_uniform' or 'GlorotUniform'); an initializer or function as is; null for null. */
    get: initializers.get,
    /** keras.initializers.serialize(initializer): `{className, config}`. */
    serialize: initializers.serialize,
    /** keras.initializers.deserialize(config): `{className, config}` or a name as a new initializer. */
    deserialize: initializers.deserialize,
    // Keras' other names of the classes: the lower-case ones are the classes themselves in Keras, called like functions.
    /** keras.initializers.zeros: Zeros, callable with or without `new`. */
    zeros: classAlias(initializers.Zeros),
    /** keras.initializers.ones: Ones, callable with or without `new`. */
    ones: classAlias(initializers.Ones),
    /** keras.initializers.constant: Constant, callable with or without `new`. */
    constant: classAlias(initializers.Constant),
    /** keras.initializers.identity: Identity, callable with or without `new`. */
    identity: classAlias(initializers.Identity),
    /** keras.initializers.IdentityInitializer: Keras' other name of Identity (the same class). */
    IdentityInitializer: initializers.Identity,
    /** keras.initializers.random_normal: RandomNormal, callable with or without `new`. */
    randomNormal: classAlias(initializers.RandomNormal),
    /** keras.initializers.random_uniform: RandomUniform, callable with or without `new`. */
    randomUniform: classAlias(initializers.RandomUniform),
    /** keras.initializers.truncated_normal: TruncatedNormal, callable with or without `new`. */
    truncatedNormal: classAlias(initializers.TruncatedNormal),
    /** keras.initializers.variance_scaling: VarianceScaling, callable with or without `new`. */
    varianceScaling: classAlias(initializers.VarianceScaling),
    /** keras.initializers.glorot_uniform: GlorotUniform, callable with or without `new`. */
    glorotUniform: classAlias(initializers.GlorotUniform),
    /** keras.initializers.glorot_normal: GlorotNormal, callable with or without `new`. */
    glorotNormal: classAlias(initializers.GlorotNormal),
    /** keras.initializers.he_uniform: HeUniform, callable with or without `new`. */
    heUniform: classAlias(initializers.HeUniform),
    /** keras.initializers.he_normal: HeNormal, callable with or without `new`. */
    heNormal: classAlias(initializers.HeNormal),
    /** keras.initializers.lecun_uniform: LecunUniform, callable with or without `new`. */
    lecunUniform: classAlias(initializers.LecunUniform),
    /** keras.initializers.lecun_normal: LecunNormal, callable with or without `new`. */
    lecunNormal: classAlias(initializers.LecunNormal),
    /** keras.initializers.orthogonal: Orthogonal, callable with or without `new`. */
    orthogonal: classAlias(initializers.Orthogonal),
    /** keras.initializers.OrthogonalInitializer: Keras' other name of Orthogonal (the same class). */
    OrthogonalInitializer: initializers.Orthogonal,
  },
  /** `tf.keras.layers`: Keras 3's layers. A layer is callable (`layer(x, { training })`, the same
   * as `layer.apply(x, ...)`); it makes its weights on its first call from the input's shape. */
  layers: {
    /** keras.layers.Layer: the base class (`build(inputShape)` with `addWeight`, `call(inputs, {training})`). */
    Layer,
    /** keras.layers.Dense(units, {activation, useBias, initializers, regularizers, constraints}): activation(x · kernel + bias). */
    Dense,
    /** keras.layers.Activation(activation): applies a `tf.keras.activations` function. */
    Activation,
    /** keras.layers.ReLU({maxValue, negativeSlope, threshold}): the relu activation as a layer. */
    ReLU,
    /** keras.layers.Softmax({axis}): the softmax activation as a layer; a call's `mask` leaves positions out (-1e9 logits, 0 outputs). */
    Softmax,
    /** keras.layers.Dropout(rate, {noiseShape, seed}): drops units in training, scaling the rest by 1 / (1 - rate). */
    Dropout,
    /** keras.layers.Flatten({dataFormat}): [batch, ...] to [batch, product of the rest]. */
    Flatten,
    /** keras.layers.Reshape(targetShape): each sample reshaped (one -1 inferred). */
    Reshape,
    /** keras.layers.InputLayer({shape, batchSize, batchShape, dtype}): a model's input shape. */
    InputLayer,
    /** keras.layers.Conv1D(filters, kernelSize, {strides, padding, dataFormat, dilationRate, groups, activation, ...}): the temporal convolution (padding 'valid', 'same' or 'causal'). */
    Conv1D,
    /** keras.layers.Conv2D(filters, kernelSize, {strides, padding, dataFormat, dilationRate, groups, activation, ...}): the 2-D convolution of images. */
    Conv2D,
    /** keras.layers.Conv3D(filters, kernelSize, {strides, padding, dataFormat, dilationRate, groups, activation, ...}): the 3-D convolution of volumes. */
    Conv3D,
    /** keras.layers.Conv1DTranspose(filters, kernelSize, {strides, padding, outputPadding, ...}): the transposed convolution of sequences (upsampling). */
    Conv1DTranspose,
    /** keras.layers.Conv2DTranspose(filters, kernelSize, {strides, padding, outputPadding, ...}): the transposed convolution of images (upsampling). */
    Conv2DTranspose,
    /** keras.layers.Conv3DTranspose(filters, kernelSize, {strides, padding, outputPadding, ...}): the transposed convolution of volumes. */
    Conv3DTranspose,
    /** keras.layers.DepthwiseConv1D(kernelSize, {depthMultiplier, ...}): each channel of sequences convolved with its own filters. */
    DepthwiseConv1D,
    /** keras.layers.DepthwiseConv2D(kernelSize, {depthMultiplier, ...}): each channel of images convolved with its own filters. */
    DepthwiseConv2D,
    /** keras.layers.SeparableConv1D(filters, kernelSize, {depthMultiplier, ...}): a depthwise then a pointwise convolution of sequences. */
    SeparableConv1D,
    /** keras.layers.SeparableConv2D(filters, kernelSize, {depthMultiplier, ...}): a depthwise then a pointwise convolution of images. */
    SeparableConv2D,
    /** keras.layers.MaxPooling1D({poolSize, strides, padding, dataFormat}): the maximum of each window of steps. */
    MaxPooling1D,
    /** keras.layers.MaxPooling2D({poolSize, strides, padding, dataFormat}): the maximum of each window of an image. */
    MaxPooling2D,
    /** keras.layers.MaxPooling3D({poolSize, strides, padding, dataFormat}): the maximum of each window of a volume. */
    MaxPooling3D,
    /** keras.layers.AveragePooling1D({poolSize, strides, padding, dataFormat}): the mean of each window of steps. */
    AveragePooling1D,
    /** keras.layers.AveragePooling2D({poolSize, strides, padding, dataFormat}): the mean of each window of an image. */
    AveragePooling2D,
    /** keras.layers.AveragePooling3D({poolSize, strides, padding, dataFormat}): the mean of each window of a volume. */
    AveragePooling3D,
    /** keras.layers.GlobalAveragePooling1D({dataFormat, keepdims}): the mean over the steps, per channel. */
    GlobalAveragePooling1D,
    /** keras.layers.GlobalAveragePooling2D({dataFormat, keepdims}): the mean over the height and width, per channel. */
    GlobalAveragePooling2D,
    /** keras.layers.GlobalAveragePooling3D({dataFormat, keepdims}): the mean over the depth, height and width, per channel. */
    GlobalAveragePooling3D,
    /** keras.layers.GlobalMaxPooling1D({dataFormat, keepdims}): the maximum over the steps, per channel. */
    GlobalMaxPooling1D,
    /** keras.layers.GlobalMaxPooling2D({dataFormat, keepdims}): the maximum over the height and width, per channel. */
    GlobalMaxPooling2D,
    /** keras.layers.GlobalMaxPooling3D({dataFormat, keepdims}): the maximum over the depth, height and width, per channel. */
    GlobalMaxPooling3D,
    /** keras.layers.AdaptiveAveragePooling1D(outputSize, {dataFormat}): the mean over windows chosen so that the output has `outputSize` steps. */
    AdaptiveAveragePooling1D,
    /** keras.layers.AdaptiveAveragePooling2D(outputSize, {dataFormat}): the mean over windows chosen so that the output is `outputSize` (rows, cols). */
    AdaptiveAveragePooling2D,
    /** keras.layers.AdaptiveAveragePooling3D(outputSize, {dataFormat}): the mean over windows chosen so that the output is `outputSize`. */
    AdaptiveAveragePooling3D,
    /** keras.layers.AdaptiveMaxPooling1D(outputSize, {dataFormat}): the maximum over windows chosen so that the output has `outputSize` steps. */
    AdaptiveMaxPooling1D,
    /** keras.layers.AdaptiveMaxPooling2D(outputSize, {dataFormat}): the maximum over windows chosen so that the output is `outputSize` (rows, cols). */
    AdaptiveMaxPooling2D,
    /** keras.layers.AdaptiveMaxPooling3D(outputSize, {dataFormat}): the maximum over windows chosen so that the output is `outputSize`. */
    AdaptiveMaxPooling3D,
    /** keras.layers.BatchNormalization({axis, momentum, epsilon, center, scale, ...}): each channel normalized by the batch's statistics in training (updating the moving ones), by the moving ones in inference. */
    BatchNormalization,
    /** keras.layers.LayerNormalization({axis, epsilon, center, scale, ...}): each sample normalized over `axis` by its own statistics. */
    LayerNormalization,
    /** keras.layers.Embedding(inputDim, outputDim, {embeddingsInitializer, ...}): integer ids to rows of a trainable table. */
    Embedding,
    /** keras.layers.Masking({maskValue = 0}): marks the timesteps whose features all equal maskValue as padding (a mask the layers after it skip), zeroing them. */
    Masking,
    /** keras.layers.EinsumDense(equation, outputShape, {biasAxes, activation, ...}): activation(einsum(equation, x, kernel) + bias), a Dense of any rank. */
    EinsumDense,
    /** keras.layers.MultiHeadAttention({numHeads, keyDim, valueDim, dropout, outputShape, attentionAxes, ...}): multi-head attention, called as mha(query, value, key?, {attentionMask, returnAttentionScores, useCausalMask}). */
    MultiHeadAttention,
    /** keras.layers.GroupQueryAttention({headDim, numQueryHeads, numKeyValueHeads, dropout, useBias, slidingWindow, useGate, ...}): grouped-query attention (key/value heads shared by groups of query heads), called as gqa(query, value, key?, {attentionMask, returnAttentionScores, useCausalMask}). */
    GroupQueryAttention,
    /** keras.layers.Attention({useScale, scoreMode, dropout}): dot-product (Luong) attention, called on [query, value, key?] ({mask, returnAttentionScores, useCausalMask}). */
    Attention,
    /** keras.layers.AdditiveAttention({useScale, dropout}): additive (Bahdanau) attention, called on [query, value, key?]. */
    AdditiveAttention,
    /** keras.layers.SimpleRNN(units, {activation, returnSequences, returnState, goBackwards, dropout, ...}): h_t = tanh(x_t · kernel + h_{t-1} · recurrent_kernel + bias) over [batch, timesteps, features]. */
    SimpleRNN,
    /** keras.layers.LSTM(units, {returnSequences, returnState, goBackwards, unitForgetBias, dropout, ...}): the long short-term memory, gates i, f, c, o as Keras'. */
    LSTM,
    /** keras.layers.GRU(units, {resetAfter = true, returnSequences, returnState, goBackwards, dropout, ...}): the gated recurrent unit, gates z, r, h as Keras'. */
    GRU,
    /** keras.layers.RNN(cell, {returnSequences, returnState, goBackwards, stateful, zeroOutputForMask}): a recurrent cell (built-in, your own, or an array of cells, stacked) run over the timesteps. */
    RNN,
    /** keras.layers.SimpleRNNCell(units, {activation, dropout, ...}): one step of SimpleRNN, h_t = tanh(x_t · kernel + h_{t-1} · recurrent_kernel + bias), for keras.layers.RNN. */
    SimpleRNNCell,
    /** keras.layers.LSTMCell(units, {unitForgetBias, implementation, dropout, ...}): one step of LSTM (states [h, c]), for keras.layers.RNN. */
    LSTMCell,
    /** keras.layers.GRUCell(units, {resetAfter = true, implementation, dropout, ...}): one step of GRU, for keras.layers.RNN. */
    GRUCell,
    /** keras.layers.StackedRNNCells(cells): cells run one after the other within a timestep, for keras.layers.RNN. */
    StackedRNNCells,
    /** keras.layers.ConvLSTM1D(filters, kernelSize, {strides, padding, dataFormat, dilationRate, returnSequences, returnState, ...}): an LSTM whose products are 1-D convolutions, over [batch, time, steps, channels]. */
    ConvLSTM1D,
    /** keras.layers.ConvLSTM2D(filters, kernelSize, {strides, padding, dataFormat, dilationRate, returnSequences, returnState, ...}): an LSTM whose products are 2-D convolutions, over sequences of images. */
    ConvLSTM2D,
    /** keras.layers.ConvLSTM3D(filters, kernelSize, {strides, padding, dataFormat, dilationRate, returnSequences, returnState, ...}): an LSTM whose products are 3-D convolutions, over sequences of volumes. */
    ConvLSTM3D,
    /** keras.layers.Bidirectional(layer, {mergeMode = 'concat', backwardLayer, weights}): a recurrent layer run forward and backward over the sequence (copies made from its config), the outputs merged. */
    Bidirectional,
    /** keras.layers.TimeDistributed(layer): `layer` applied to every timestep of [batch, timesteps, ...], the same weights at each. */
    TimeDistributed,
    /** keras.layers.ReversibleEmbedding(inputDim, outputDim, {tieWeights = true, logitSoftCap, reverseDtype, maskZero, ...}): an Embedding whose call with {reverse: true} maps vectors back to logits over the ids. */
    ReversibleEmbedding,
    /** keras.layers.SpectralNormalization(layer, {powerIterations = 1}): the layer's kernel divided by its largest singular value (power iteration on the non-trainable vector_u), in training. */
    SpectralNormalization,
    /** keras.layers.Lambda(fn, {outputShape, mask, arguments}): a function as a layer (saved to JSON by the function's name only). */
    Lambda,
    /** keras.layers.Identity: returns its input (and its mask) unchanged. */
    Identity,
    /** keras.layers.Permute(dims): the axes after the batch axis reordered (`dims` counted from 1). */
    Permute,
    /** keras.layers.RepeatVector(n): [batch, features] to [batch, n, features]. */
    RepeatVector,
    /** keras.layers.UpSampling1D({size = 2}): each step repeated `size` times. */
    UpSampling1D,
    /** keras.layers.UpSampling2D({size = 2, dataFormat, interpolation = 'nearest'}): images enlarged by integer factors (pixels repeated, or `tf.image.resize`). */
    UpSampling2D,
    /** keras.layers.UpSampling3D({size = 2, dataFormat}): volumes enlarged by integer factors (voxels repeated). */
    UpSampling3D,
    /** keras.layers.ZeroPadding1D({padding = 1, dataFormat}): zeros before and after the steps. */
    ZeroPadding1D,
    /** keras.layers.ZeroPadding2D({padding = 1, dataFormat}): rows and columns of zeros around images. */
    ZeroPadding2D,
    /** keras.layers.ZeroPadding3D({padding = 1, dataFormat}): zeros before and after each spatial axis of volumes. */
    ZeroPadding3D,
    /** keras.layers.Cropping1D({cropping = 1}): steps removed at the start and end. */
    Cropping1D,
    /** keras.layers.Cropping2D({cropping = 0, dataFormat}): rows and columns removed around images. */
    Cropping2D,
    /** keras.layers.Cropping3D({cropping = 1, dataFormat}): entries removed before and after each spatial axis of volumes. */
    Cropping3D,
    /** keras.layers.LeakyReLU({negativeSlope = 0.3}): x, or negativeSlope · x below 0. */
    LeakyReLU,
    /** keras.layers.PReLU({alphaInitializer, alphaRegularizer, alphaConstraint, sharedAxes}): x, or alpha · x below 0 with trained slopes alpha. */
    PReLU,
    /** keras.layers.ELU({alpha = 1}): x, or alpha · (exp(x) - 1) below 0. */
    ELU,
    /** keras.layers.GaussianNoise(stddev, {seed}): adds N(0, stddev²) noise in training. */
    GaussianNoise,
    /** keras.layers.GaussianDropout(rate, {seed}): multiplies by N(1, rate / (1 - rate)) noise in training. */
    GaussianDropout,
    /** keras.layers.AlphaDropout(rate, {noiseShape, seed}): dropout keeping the mean and variance of SELU networks' activations, in training. */
    AlphaDropout,
    /** keras.layers.SpatialDropout1D(rate, {seed}): drops whole channels of sequences in training. */
    SpatialDropout1D,
    /** keras.layers.SpatialDropout2D(rate, {dataFormat, seed}): drops whole feature maps of images in training. */
    SpatialDropout2D,
    /** keras.layers.SpatialDropout3D(rate, {dataFormat, seed}): drops whole feature maps of volumes in training. */
    SpatialDropout3D,
    /** keras.layers.ActivityRegularization({l1, l2}): the identity, adding l1 · Σ|x| + l2 · Σx² to `losses`. */
    ActivityRegularization,
    /** keras.layers.UnitNormalization({axis = -1}): x / ||x||₂ over `axis`. */
    UnitNormalization,
    /** keras.layers.RMSNormalization({axis = -1, epsilon = 1e-6}): x · rsqrt(mean(x²) + epsilon) · scale over `axis`, scale trained. */
    RMSNormalization,
    /** keras.layers.GroupNormalization({groups = 32, axis = -1, epsilon, center, scale, ...}): each sample normalized within groups of channels. */
    GroupNormalization,
    /** keras.layers.Rescaling(scale, {offset = 0}): inputs · scale + offset. */
    Rescaling,
    /** keras.layers.Normalization({axis = -1, mean, variance, invert}): (x - mean) / sqrt(variance), from values given or `adapt(data)`. */
    Normalization,
    /** keras.layers.CategoryEncoding({numTokens, outputMode = 'multi_hot'}): integer ids as multi-hot, one-hot or count vectors (`countWeights` in the call). */
    CategoryEncoding,
    /** keras.layers.Discretization({binBoundaries} or {numBins}): numbers into bins (Bucketize's), bin boundaries given or from `adapt(data)`'s quantiles. */
    Discretization,
    /** keras.layers.IntegerLookup({vocabulary, numOovIndices = 1, maskToken, outputMode = 'int', invert}): integer tokens to vocabulary indices (or back), vocabulary given or from `adapt(data)`. */
    IntegerLookup,
    /** keras.layers.Hashing({numBins, maskValue, salt}): numbers into bins by TensorFlow's FarmHash (or salted SipHash) of their decimal text. */
    Hashing,
    /** keras.layers.Resizing(height, width, {interpolation, cropToAspectRatio, padToAspectRatio, fillValue, antialias, dataFormat}): images resized by `tf.image.resize`, optionally cropped or padded to the target's aspect ratio first. */
    Resizing,
    /** keras.layers.CenterCrop(height, width, {dataFormat}): the central window of the images (smart_resize when they are smaller). */
    CenterCrop,
    /** keras.layers.RandomFlip(mode = 'horizontal_and_vertical', {seed, dataFormat}): images mirrored with probability ½ in training. */
    RandomFlip,
    /** keras.layers.RandomCrop(height, width, {seed, dataFormat}): a window at a random corner in training. */
    RandomCrop,
    /** keras.layers.RandomContrast(factor, {valueRange, seed, dataFormat}): contrast scaled by a random factor in training. */
    RandomContrast,
    /** keras.layers.RandomBrightness(factor, {valueRange, seed, dataFormat}): a random delta added in training. */
    RandomBrightness,
    /** keras.layers.RandomRotation(factor, {fillMode, interpolation, seed, fillValue, dataFormat}): images rotated by a random angle in training. */
    RandomRotation,
    /** keras.layers.RandomTranslation(heightFactor, widthFactor, {fillMode, interpolation, seed, fillValue, dataFormat}): images shifted randomly in training. */
    RandomTranslation,
    /** keras.layers.RandomZoom(heightFactor, widthFactor = null, {fillMode, interpolation, seed, fillValue, dataFormat}): images zoomed randomly in training. */
    RandomZoom,
    /** keras.layers.RandomGrayscale(factor = 0.5, {dataFormat, seed}): images turned grey with probability `factor` in training. */
    RandomGrayscale,
    /** keras.layers.RandomInvert(factor = 1, {valueRange, seed, dataFormat}): images inverted (high − x) at random in training. */
    RandomInvert,
    /** keras.layers.Solarization({additionFactor, thresholdFactor, valueRange, seed}): pixels above a random threshold inverted in training. */
    Solarization,
    /** keras.layers.AutoContrast({valueRange}): each image's channels stretched to the full range. */
    AutoContrast,
    /** keras.layers.RandomColorDegeneration(factor, {valueRange, seed, dataFormat}): images blended towards grey by a random factor in training. */
    RandomColorDegeneration,
    /** keras.layers.RandomSaturation(factor, {valueRange, seed, dataFormat}): saturation scaled randomly in training. */
    RandomSaturation,
    /** keras.layers.RandomHue(factor, {valueRange, seed, dataFormat}): hue shifted randomly in training. */
    RandomHue,
    /** keras.layers.RandomPosterization(factor, {valueRange, seed, dataFormat}): pixels kept to a random number of high bits in training. */
    RandomPosterization,
    /** keras.layers.RandomSharpness(factor, {valueRange, seed, dataFormat}): images sharpened or blurred by a random factor in training. */
    RandomSharpness,
    /** keras.layers.RandomColorJitter({valueRange, brightnessFactor, contrastFactor, saturationFactor, hueFactor, seed, dataFormat}): random brightness, contrast, saturation and hue changes in training. */
    RandomColorJitter,
    /** keras.layers.RandomGaussianBlur({factor, kernelSize, sigma, valueRange, seed, dataFormat}): images blurred at random in training. */
    RandomGaussianBlur,
    /** keras.layers.RandomErasing({factor, scale, fillValue, valueRange, seed, dataFormat}): a random box of the images filled in training. */
    RandomErasing,
    /** keras.layers.RandomShear({xFactor, yFactor, fillMode, interpolation, fillValue, seed, dataFormat}): images sheared randomly in training. */
    RandomShear,
    /** keras.layers' Merge: the base of the elementwise merge layers (a subclass defines `mergeFunction(inputs)`). */
    Merge: merging.Merge,
    /** keras.layers.Add: the sum of an array of tensors (shapes broadcast as Keras'). */
    Add: merging.Add,
    /** keras.layers.Subtract: the first of two tensors minus the second. */
    Subtract: merging.Subtract,
    /** keras.layers.Multiply: the elementwise product of an array of tensors. */
    Multiply: merging.Multiply,
    /** keras.layers.Average: the elementwise mean of an array of tensors. */
    Average: merging.Average,
    /** keras.layers.Maximum: the elementwise maximum of an array of tensors. */
    Maximum: merging.Maximum,
    /** keras.layers.Minimum: the elementwise minimum of an array of tensors. */
    Minimum: merging.Minimum,
    /** keras.layers.Concatenate({axis = -1}): an array of tensors joined along `axis`. */
    Concatenate: merging.Concatenate,
    /** keras.layers.Dot(axes, {normalize}): the samples' dot products of two tensors along an axis of each. */
    Dot: merging.Dot,
    /** keras.layers.add(inputs): `new Add()(inputs)`. */
    add: merging.add,
    /** keras.layers.subtract(inputs): `new Subtract()(inputs)`. */
    subtract: merging.subtract,
    /** keras.layers.multiply(inputs): `new Multiply()(inputs)`. */
    multiply: merging.multiply,
    /** keras.layers.average(inputs): `new Average()(inputs)`. */
    average: merging.average,
    /** keras.layers.maximum(inputs): `new Maximum()(inputs)`. */
    maximum: merging.maximum,
    /** keras.layers.minimum(inputs): `new Minimum()(inputs)`. */
    minimum: merging.minimum,
    /** keras.layers.concatenate(inputs, axis = -1): `new Concatenate({ axis })(inputs)`. */
    concatenate: merging.concatenate,
    /** keras.layers.dot(inputs, axes, {normalize}): `new Dot(axes, { normalize })(inputs)`. */
    dot: merging.dot,
    /** keras.layers.Input(shape, {batchSize, dtype, name}): the same function as `tf.keras.Input`. */
    Input,
    /** keras.layers.Convolution1D: Keras' other name for `Conv1D` (the same class). */
    Convolution1D: Conv1D,
    /** keras.layers.Convolution2D: Keras' other name for `Conv2D` (the same class). */
    Convolution2D: Conv2D,
    /** keras.layers.Convolution3D: Keras' other name for `Conv3D` (the same class). */
    Convolution3D: Conv3D,
    /** keras.layers.Convolution1DTranspose: Keras' other name for `Conv1DTranspose` (the same class). */
    Convolution1DTranspose: Conv1DTranspose,
    /** keras.layers.Convolution2DTranspose: Keras' other name for `Conv2DTranspose` (the same class). */
    Convolution2DTranspose: Conv2DTranspose,
    /** keras.layers.Convolution3DTranspose: Keras' other name for `Conv3DTranspose` (the same class). */
    Convolution3DTranspose: Conv3DTranspose,
    /** keras.layers.SeparableConvolution1D: Keras' other name for `SeparableConv1D` (the same class). */
    SeparableConvolution1D: SeparableConv1D,
    /** keras.layers.SeparableConvolution2D: Keras' other name for `SeparableConv2D` (the same class). */
    SeparableConvolution2D: SeparableConv2D,
    /** keras.layers.MaxPool1D: Keras' other name for `MaxPooling1D` (the same class). */
    MaxPool1D: MaxPooling1D,
    /** keras.layers.MaxPool2D: Keras' other name for `MaxPooling2D` (the same class). */
    MaxPool2D: MaxPooling2D,
    /** keras.layers.MaxPool3D: Keras' other name for `MaxPooling3D` (the same class). */
    MaxPool3D: MaxPooling3D,
    /** keras.layers.AvgPool1D: Keras' other name for `AveragePooling1D` (the same class). */
    AvgPool1D: AveragePooling1D,
    /** keras.layers.AvgPool2D: Keras' other name for `AveragePooling2D` (the same class). */
    AvgPool2D: AveragePooling2D,
    /** keras.layers.AvgPool3D: Keras' other name for `AveragePooling3D` (the same class). */
    AvgPool3D: AveragePooling3D,
    /** keras.layers.GlobalMaxPool1D: Keras' other name for `GlobalMaxPooling1D` (the same class). */
    GlobalMaxPool1D: GlobalMaxPooling1D,
    /** keras.layers.GlobalMaxPool2D: Keras' other name for `GlobalMaxPooling2D` (the same class). */
    GlobalMaxPool2D: GlobalMaxPooling2D,
    /** keras.layers.GlobalMaxPool3D: Keras' other name for `GlobalMaxPooling3D` (the same class). */
    GlobalMaxPool3D: GlobalMaxPooling3D,
    /** keras.layers.GlobalAvgPool1D: Keras' other name for `GlobalAveragePooling1D` (the same class). */
    GlobalAvgPool1D: GlobalAveragePooling1D,
    /** keras.layers.GlobalAvgPool2D: Keras' other name for `GlobalAveragePooling2D` (the same class). */
    GlobalAvgPool2D: GlobalAveragePooling2D,
    /** keras.layers.GlobalAvgPool3D: Keras' other name for `GlobalAveragePooling3D` (the same class). */
    GlobalAvgPool3D: GlobalAveragePooling3D,
    /** keras.layers.serialize(layer): `{className, config}` (and `buildConfig` once built). */
    serialize: layerSerialization.serialize,
    /** keras.layers.deserialize({className, config}): a new layer of that class (your own from `customObjects`). */
    deserialize: layerSerialization.deserialize,
  },
  /** `tf.keras.models`: the model classes, making models from configs and JSON, cloning, and loading saved models. */
  models: {
    /** keras.models.Sequential: `tf.keras.Sequential` (the same class; `tf.keras.models.Sequential([...])` as TensorFlow's tutorials write it). */
    Sequential,
    /** keras.models.Model: `tf.keras.Model` (the same class). */
    Model,
    /** keras.models.model_from_config({className, config}): a new model (new weights). */
    modelFromConfig: saving.modelFromConfig,
    /** keras.models.save_model(model, filepath, {overwrite}): Node: `model.save(filepath)` ('.keras' archive or '.gtkeras'). */
    saveModel: saving.saveModelTo,
    /** keras.models.model_from_json(json): a new model (new weights) from `model.toJson()`. */
    modelFromJson: saving.modelFromJson,
    /** keras.models.clone_model(model): the same architecture with new layers and new weights. */
    cloneModel: saving.cloneModel,
    /** keras.models.load_model(path, {customObjects, compile}): Node: the model `model.save(path)` wrote ('.gtkeras', gradtape's format), or a Keras 3 '.keras' archive. */
    loadModel: saving.loadModel,
    /** The model `model.toBytes()` gave, anywhere (browsers too): weights, compile state and optimizer restored; or a Keras 3 '.keras' archive's bytes. */
    fromBytes: saving.fromBytes,
  },
  /** keras.Sequential(layers, {name}): a model of layers called one after the other. */
  Sequential,
  /** keras.Model: a layer with compile, fit, evaluate, predict and summary; `new Model({ inputs, outputs })` (functional), or subclass it and define `call`. */
  Model,
  /** keras.Input(shape, {batchSize, dtype, name}): the KerasTensor standing for a model's inputs (functional API; also a Sequential's first entry). */
  Input,
  /** keras.KerasTensor: a symbolic tensor (shape with null for unknown sizes, dtype, name) of the functional API. */
  KerasTensor,
  /** keras.Layer: keras.layers.Layer, the base class of layers. */
  Layer,
  /** keras.Variable(initializer, {shape, dtype, trainable, name, ...}): Keras 3's variable, a tf.Variable made from a value or from an initializer and a shape, with Keras' `name`, `path` and casting `assign`. */
  Variable: KerasVariable,
  /** keras.Loss: keras.losses.Loss, the base class of loss objects. */
  Loss: losses.Loss,
  /** keras.Metric: keras.metrics.Metric, the base class of stateful metrics. */
  Metric: metrics.Metric,
  /** keras.Optimizer: keras.optimizers.Optimizer, the base class of the optimizers. */
  Optimizer: opt.Optimizer,
  /** keras.Initializer: keras.initializers.Initializer, the base class of initializers. */
  Initializer: initializers.Initializer,
  /** keras.Regularizer: keras.regularizers.Regularizer, the base class of regularizers. */
  Regularizer: regularizers.Regularizer,
  /** `tf.keras.callbacks`: History, what `fit` returns, and the callbacks `fit`, `evaluate` and `predict` take. */
  callbacks: {
    /** keras.callbacks.History: `history` (each log's value per epoch) and `epoch`. */
    History,
    /** keras.callbacks.Callback: the base class (override onEpochEnd, onTrainBatchEnd, ...). */
    Callback: callbackClasses.Callback,
    /** keras.callbacks.EarlyStopping({monitor, minDelta, patience, mode, baseline, restoreBestWeights, startFromEpoch}). */
    EarlyStopping: callbackClasses.EarlyStopping,
    /** keras.callbacks.ReduceLROnPlateau({monitor, factor, patience, mode, minDelta, cooldown, minLr}). */
    ReduceLROnPlateau: callbackClasses.ReduceLROnPlateau,
    /** keras.callbacks.LearningRateScheduler(schedule(epoch, lr)): the learning rate of each epoch. */
    LearningRateScheduler: callbackClasses.LearningRateScheduler,
    /** keras.callbacks.TerminateOnNaN(): stops at the first batch whose loss is NaN or infinite. */
    TerminateOnNaN: callbackClasses.TerminateOnNaN,
    /** keras.callbacks.LambdaCallback({onEpochEnd, ...}): a callback of functions. */
    LambdaCallback: callbackClasses.LambdaCallback,
    /** keras.callbacks.SwapEMAWeights({swapOnEpoch}): the optimizer's moving averages (useEma) in the model for each evaluation. */
    SwapEMAWeights: callbackClasses.SwapEMAWeights,
    /** keras.callbacks.ModelCheckpoint(filepath, {saveBestOnly, saveWeightsOnly, monitor, saveFreq}) (Node). */
    ModelCheckpoint: fileCallbacks.ModelCheckpoint,
    /** keras.callbacks.CSVLogger(filename, {separator, append}) (Node). */
    CSVLogger: fileCallbacks.CSVLogger,
    /** keras.callbacks.BackupAndRestore({backupDir, saveFreq, doubleCheckpoint, deleteCheckpoint}): backs up the training state; an interrupted fit resumes from it (Node). */
    BackupAndRestore: fileCallbacks.BackupAndRestore,
    /** keras.callbacks.TensorBoard({logDir, updateFreq, histogramFreq, writeStepsPerSecond, writeGraph}): the logs as TensorFlow event files (Node). */
    TensorBoard: tensorBoardCallbacks.TensorBoard,
    /** keras.callbacks.ProgbarLogger(): what `verbose: 1` and `2` print (fit, evaluate and predict add one). */
    ProgbarLogger: progbarClasses.ProgbarLogger,
  },
  /** `tf.keras.preprocessing`: the sequence helpers of TensorFlow's tf.keras.preprocessing (Keras' legacy module) and the dataset maker. */
  preprocessing: {
    /** `tf.keras.preprocessing.sequence`: skip-grams for word2vec, and padding. */
    sequence: {
      /** keras.preprocessing.sequence.skipgrams(sequence, vocabularySize, {windowSize, negativeSamples, shuffle, categorical, samplingTable, seed}): [couples, labels], Keras' for the same Python random state. */
      skipgrams: kerasSequence.skipgrams,
      /** keras.preprocessing.sequence.make_sampling_table(size, samplingFactor=1e-5): word2vec's probability of keeping the word of each rank. */
      makeSamplingTable: kerasSequence.makeSamplingTable,
      /** keras.preprocessing.sequence.pad_sequences (keras.utils.padSequences). */
      padSequences: kerasUtils.padSequences,
    },
    /** keras.preprocessing.timeseries_dataset_from_array (keras.utils.timeseriesDatasetFromArray). */
    timeseriesDatasetFromArray: kerasUtils.timeseriesDatasetFromArray,
  },
  /** `tf.keras.utils`: the data helpers of Keras programs. */
  utils: {
    /** keras.utils.to_categorical(x, numClasses): integer labels as one-hot rows. */
    toCategorical: kerasUtils.toCategorical,
    /** keras.utils.normalize(x, axis, order): unit-norm rows. */
    normalize: kerasUtils.normalize,
    /** keras.utils.pad_sequences(sequences, {maxlen, dtype, padding, truncating, value}): ragged sequences to one length. */
    padSequences: kerasUtils.padSequences,
    /** keras.utils.timeseries_dataset_from_array(data, targets, sequenceLength, options): sliding windows as a tf.data dataset. */
    timeseriesDatasetFromArray: kerasUtils.timeseriesDatasetFromArray,
    /** keras.utils.set_random_seed(seed): tf.random.setSeed. */
    setRandomSeed: kerasUtils.setRandomSeed,
    /** keras.utils.pack_x_y_sample_weight(x, y, sample_weight): `x`, `[x]`, `[x, y]` or `[x, y, sampleWeight]`, the layout fit takes. */
    packXYSampleWeight: kerasUtils.packXYSampleWeight,
    /** keras.utils.unpack_x_y_sample_weight(data): `[x, y, sampleWeight]`, null for what data lacks. */
    unpackXYSampleWeight: kerasUtils.unpackXYSampleWeight,
    /** keras.utils.clear_session(): keras.backend.clearSession, the automatic layer names start over. */
    clearSession,
    /** keras.utils.register_keras_serializable(package, name): a decorator registering a class or function under 'package>name' for deserialization. */
    registerKerasSerializable: customObjects.registerKerasSerializable,
    /** keras.utils.get_custom_objects(): the global object of custom objects by name (add to it to register). */
    getCustomObjects: customObjects.getCustomObjects,
    /** keras.utils.get_registered_name(obj): the name registerKerasSerializable gave it, else its own name. */
    getRegisteredName: customObjects.getRegisteredName,
    /** keras.utils.get_registered_object(name, customObjects, moduleObjects): the object of that name in the scope, the global objects or the given ones; null if none. */
    getRegisteredObject: customObjects.getRegisteredObject,
    /** keras.utils.CustomObjectScope(customObjects): a scope (`run(fn)`, or `enter()`/`exit()`) in which deserialization finds those objects by name. */
    CustomObjectScope: customObjects.CustomObjectScope,
    /** keras.utils.custom_object_scope(customObjects) as `customObjectScope(objects, fn)`: runs fn with those objects found by name. */
    customObjectScope: customObjects.customObjectScope,
    /** keras.utils.serialize_keras_object(obj): the same function as `tf.keras.saving.serializeKerasObject`. */
    serializeKerasObject: serializationLib.serializeKerasObject,
    /** keras.utils.deserialize_keras_object(config, {customObjects}): the same function as `tf.keras.saving.deserializeKerasObject`. */
    deserializeKerasObject: serializationLib.deserializeKerasObject,
  },
  /** `tf.keras.saving`: Keras 3's serialization of objects to JSON-ready data and back, saving and loading models, and the custom-object registry. */
  saving: {
    /** keras.saving.serialize_keras_object(obj): any Keras object (layer, model, optimizer, loss, metric, initializer, ...), tensor or structure of them as the JSON-ready data Keras 3 writes. */
    serializeKerasObject: serializationLib.serializeKerasObject,
    /** keras.saving.deserialize_keras_object(config, {customObjects}): the object Keras' JSON describes (serializeKerasObject's or Keras' own). */
    deserializeKerasObject: serializationLib.deserializeKerasObject,
    /** keras.saving.load_model(path, {customObjects, compile}): `tf.keras.models.loadModel`. */
    loadModel: saving.loadModel,
    /** keras.saving.save_model(model, filepath, {overwrite}): `tf.keras.models.saveModel`. */
    saveModel: saving.saveModelTo,
    /** keras.saving.register_keras_serializable(package, name): `tf.keras.utils.registerKerasSerializable`. */
    registerKerasSerializable: customObjects.registerKerasSerializable,
    /** keras.saving.get_custom_objects(): `tf.keras.utils.getCustomObjects`. */
    getCustomObjects: customObjects.getCustomObjects,
    /** keras.saving.get_registered_name(obj): `tf.keras.utils.getRegisteredName`. */
    getRegisteredName: customObjects.getRegisteredName,
    /** keras.saving.get_registered_object(name, customObjects, moduleObjects): `tf.keras.utils.getRegisteredObject`. */
    getRegisteredObject: customObjects.getRegisteredObject,
    /** keras.saving.CustomObjectScope(customObjects): `tf.keras.utils.CustomObjectScope`. */
    CustomObjectScope: customObjects.CustomObjectScope,
    /** keras.saving.custom_object_scope(customObjects) as `customObjectScope(objects, fn)`: `tf.keras.utils.customObjectScope`. */
    customObjectScope: customObjects.customObjectScope,
  },
  /** `tf.keras.ops`: Keras 3's op namespace (numpy, nn, linalg, math and core ops) with NumPy semantics and Keras' dtype promotion. */
  ops: kerasOps,
  /** `tf.keras.backend`: `setFloatx(dtype)` and `floatx()`, the default float dtype, and `clearSession()`. */
  backend: {
    /** keras.backend.clear_session(): starts the automatic layer names over ('dense', 'dense_1', ...). */
    clearSession,
    /** Sets the dtype plain JS numbers become (`'float32'` or `'float64'`), as `tf.keras.backend.set_floatx`. */
    setFloatx,
    /** The dtype plain JS numbers become: `'float32'` unless changed by `setFloatx`. */
    floatx: getFloatx,
    /** keras.backend.epsilon(): the fuzz factor (1e-7 unless set). */
    epsilon: kerasSettings.epsilon,
    /** keras.backend.set_epsilon(value). */
    setEpsilon: kerasSettings.setEpsilon,
    /** keras.backend.image_data_format(): 'channels_last' unless set. */
    imageDataFormat: kerasSettings.imageDataFormat,
    /** keras.backend.set_image_data_format(format): the default `dataFormat` of layers and Keras ops made from then on. */
    setImageDataFormat: kerasSettings.setImageDataFormat,
  },
  /** `tf.keras.config`: Keras 3's global settings. */
  config: {
    /** keras.config.floatx(): the default float dtype ('float32' unless set). */
    floatx: getFloatx,
    /** keras.config.set_floatx(dtype): 'float32' or 'float64'. */
    setFloatx,
    /** keras.config.epsilon(): the fuzz factor losses, metrics and constraints use (1e-7 unless set). */
    epsilon: kerasSettings.epsilon,
    /** keras.config.set_epsilon(value). */
    setEpsilon: kerasSettings.setEpsilon,
    /** keras.config.image_data_format(): 'channels_last' unless set. */
    imageDataFormat: kerasSettings.imageDataFormat,
    /** keras.config.set_image_data_format(format): the default `dataFormat` of layers and Keras ops made from then on. */
    setImageDataFormat: kerasSettings.setImageDataFormat,
    /** keras.config.backend(): 'tensorflow', the backend whose semantics and numbers gradtape follows. */
    backend: (): 'tensorflow' => 'tensorflow',
  },
  /** `tf.keras.tree`: Keras 3's nested-structure utilities (arrays and plain objects, an object's values by its sorted keys; mismatches are ValueErrors, as optree raises them). */
  tree: {
    /** keras.tree.is_nested(structure). */
    isNested: kerasTree.isNestedStructure,
    /** keras.tree.flatten(structure). */
    flatten: kerasTree.flatten,
    /** keras.tree.flatten_with_path(structure): [path, leaf] pairs. */
    flattenWithPath: kerasTree.flattenWithPath,
    /** keras.tree.map_structure(func, ...structures). */
    mapStructure: kerasTree.mapStructure,
    /** keras.tree.map_structure_up_to(shallowStructure, func, ...structures). */
    mapStructureUpTo: kerasTree.mapStructureUpTo,
    /** keras.tree.pack_sequence_as(structure, flatSequence). */
    packSequenceAs: kerasTree.packSequenceAs,
    /** keras.tree.assert_same_structure(a, b). */
    assertSameStructure: kerasTree.assertSameStructure,
    /** keras.tree.assert_same_paths(a, b). */
    assertSamePaths: kerasTree.assertSamePaths,
    /** keras.tree.traverse(func, structure, topDown). */
    traverse: kerasTree.traverse,
    /** keras.tree.MAP_TO_NONE: traverse's marker for a node replaced by null. */
    MAP_TO_NONE: kerasTree.MAP_TO_NONE,
  },
  /** `tf.keras.random`: Keras 3's random ops, its TensorFlow backend's numbers for the same seed (an integer, or a SeedGenerator that advances at each draw). Options are Keras' keyword arguments. */
  random: {
    /** keras.random.SeedGenerator(seed, name): a random stream's state ([seed, draws], a non-trainable variable) for the seed option. */
    SeedGenerator: kerasRandom.SeedGenerator,
    /** keras.random.normal(shape, {mean, stddev, dtype, seed}). */
    normal: kerasRandom.normal,
    /** keras.random.uniform(shape, {minval, maxval, dtype, seed}). */
    uniform: kerasRandom.uniform,
    /** keras.random.truncated_normal(shape, {mean, stddev, dtype, seed}). */
    truncatedNormal: kerasRandom.truncatedNormal,
    /** keras.random.randint(shape, minval, maxval, {dtype, seed}): int32 in [minval, maxval). */
    randint: kerasRandom.randint,
    /** keras.random.categorical(logits, numSamples, {dtype, seed}). */
    categorical: kerasRandom.categorical,
    /** keras.random.dropout(inputs, rate, {noiseShape, seed}). */
    dropout: kerasRandom.dropout,
    /** keras.random.shuffle(x, {axis, seed}). */
    shuffle: kerasRandom.shuffle,
    /** keras.random.gamma(shape, alpha, {dtype, seed}). */
    gamma: kerasRandom.gamma,
    /** keras.random.binomial(shape, counts, probabilities, {dtype, seed}). */
    binomial: kerasRandom.binomial,
    /** keras.random.beta(shape, alpha, beta, {dtype, seed}). */
    beta: kerasRandom.beta,
  },
};
/** `tf.keras.optimizers.X` as a type, as `tf.optimizers.X`. */
export declare namespace keras {
  namespace random {
    type SeedGenerator = InstanceType<typeof keras.random.SeedGenerator>;
  }
  namespace optimizers {
    type Optimizer = opt.OptimizerClass;
    type SGD = opt.SGDClass;
    type Adam = opt.AdamClass;
    type AdamW = opt.AdamWClass;
    type Nadam = opt.NadamClass;
    type RMSprop = opt.RMSpropClass;
    type Adagrad = opt.AdagradClass;
    type Adadelta = opt.AdadeltaClass;
    type Adamax = opt.AdamaxClass;
    type Lion = opt.LionClass;
    type Ftrl = opt.FtrlClass;
    type Lamb = opt.LambClass;
    type Adafactor = opt.AdafactorClass;
    type Muon = opt.MuonClass;
    type ScheduleFreeAdamW = opt.ScheduleFreeAdamWClass;
    type LossScaleOptimizer = lso.LossScaleOptimizerClass;
    namespace schedules {
      type LearningRateSchedule = sched.LearningRateScheduleClass;
      type ExponentialDecay = sched.ExponentialDecayClass;
      type InverseTimeDecay = sched.InverseTimeDecayClass;
      type PolynomialDecay = sched.PolynomialDecayClass;
      type PiecewiseConstantDecay = sched.PiecewiseConstantDecayClass;
      type CosineDecay = sched.CosineDecayClass;
      type CosineDecayRestarts = sched.CosineDecayRestartsClass;
    }
  }
  /** `tf.keras.constraints.X` as a type. */
  namespace constraints {
    type Constraint = constraintTypes.ConstraintClass;
    type NonNeg = constraintTypes.NonNegClass;
    type MaxNorm = constraintTypes.MaxNormClass;
    type UnitNorm = constraintTypes.UnitNormClass;
    type MinMaxNorm = constraintTypes.MinMaxNormClass;
  }
  /** `tf.keras.initializers.X` as a type: `const init: tf.keras.initializers.Initializer = new tf.keras.initializers.HeNormal()`. */
  namespace initializers {
    type Initializer = initializerTypes.InitializerClass;
    type Zeros = initializerTypes.ZerosClass;
    type Ones = initializerTypes.OnesClass;
    type Constant = initializerTypes.ConstantClass;
    type Identity = initializerTypes.IdentityClass;
    type RandomNormal = initializerTypes.RandomNormalClass;
    type RandomUniform = initializerTypes.RandomUniformClass;
    type TruncatedNormal = initializerTypes.TruncatedNormalClass;
    type VarianceScaling = initializerTypes.VarianceScalingClass;
    type GlorotUniform = initializerTypes.GlorotUniformClass;
    type GlorotNormal = initializerTypes.GlorotNormalClass;
    type HeUniform = initializerTypes.HeUniformClass;
    type HeNormal = initializerTypes.HeNormalClass;
    type LecunUniform = initializerTypes.LecunUniformClass;
    type LecunNormal = initializerTypes.LecunNormalClass;
    type Orthogonal = initializerTypes.OrthogonalClass;
  }
  /** `tf.keras.metrics.X` as a type: `const acc: tf.keras.metrics.Metric = new tf.keras.metrics.Accuracy()`. */
  namespace metrics {
    type Metric = metricTypes.MetricClass;
    type Mean = metricTypes.MeanClass;
    type Sum = metricTypes.SumClass;
    type MeanMetricWrapper = metricTypes.MeanMetricWrapperClass;
    type MeanSquaredError = metricTypes.MeanSquaredErrorClass;
    type RootMeanSquaredError = metricTypes.RootMeanSquaredErrorClass;
    type MeanAbsoluteError = metricTypes.MeanAbsoluteErrorClass;
    type MeanAbsolutePercentageError = metricTypes.MeanAbsolutePercentageErrorClass;
    type MeanSquaredLogarithmicError = metricTypes.MeanSquaredLogarithmicErrorClass;
    type LogCoshError = metricTypes.LogCoshErrorClass;
    type CosineSimilarity = metricTypes.CosineSimilarityClass;
    type R2Score = metricTypes.R2ScoreClass;
    type Accuracy = metricTypes.AccuracyClass;
    type BinaryAccuracy = metricTypes.BinaryAccuracyClass;
    type CategoricalAccuracy = metricTypes.CategoricalAccuracyClass;
    type SparseCategoricalAccuracy = metricTypes.SparseCategoricalAccuracyClass;
    type TopKCategoricalAccuracy = metricTypes.TopKCategoricalAccuracyClass;
    type SparseTopKCategoricalAccuracy = metricTypes.SparseTopKCategoricalAccuracyClass;
    type BinaryCrossentropy = metricTypes.BinaryCrossentropyClass;
    type CategoricalCrossentropy = metricTypes.CategoricalCrossentropyClass;
    type SparseCategoricalCrossentropy = metricTypes.SparseCategoricalCrossentropyClass;
    type KLDivergence = metricTypes.KLDivergenceClass;
    type Poisson = metricTypes.PoissonClass;
    type Hinge = metricTypes.HingeClass;
    type SquaredHinge = metricTypes.SquaredHingeClass;
    type CategoricalHinge = metricTypes.CategoricalHingeClass;
    type Precision = metricTypes.PrecisionClass;
    type Recall = metricTypes.RecallClass;
    type AUC = metricTypes.AUCClass;
    type TruePositives = metricTypes.TruePositivesClass;
    type FalsePositives = metricTypes.FalsePositivesClass;
    type TrueNegatives = metricTypes.TrueNegativesClass;
    type FalseNegatives = metricTypes.FalseNegativesClass;
    type PrecisionAtRecall = metricTypes.PrecisionAtRecallClass;
    type RecallAtPrecision = metricTypes.RecallAtPrecisionClass;
    type SensitivityAtSpecificity = metricTypes.SensitivityAtSpecificityClass;
    type SpecificityAtSensitivity = metricTypes.SpecificityAtSensitivityClass;
    type FBetaScore = metricTypes.FBetaScoreClass;
    type F1Score = metricTypes.F1ScoreClass;
    type IoU = metricTypes.IoUClass;
    type BinaryIoU = metricTypes.BinaryIoUClass;
    type MeanIoU = metricTypes.MeanIoUClass;
    type OneHotIoU = metricTypes.OneHotIoUClass;
    type OneHotMeanIoU = metricTypes.OneHotMeanIoUClass;
    type PearsonCorrelation = metricTypes.PearsonCorrelationClass;
    type ConcordanceCorrelation = metricTypes.ConcordanceCorrelationClass;
  }
  /** `tf.keras.losses.X` as a type: `const huber: tf.keras.losses.Huber = new tf.keras.losses.Huber()`. */
  namespace losses {
    type Loss = lossTypes.LossClass;
    type MeanSquaredError = lossTypes.MeanSquaredErrorClass;
    type MeanAbsoluteError = lossTypes.MeanAbsoluteErrorClass;
    type MeanAbsolutePercentageError = lossTypes.MeanAbsolutePercentageErrorClass;
    type MeanSquaredLogarithmicError = lossTypes.MeanSquaredLogarithmicErrorClass;
    type Huber = lossTypes.HuberClass;
    type LogCosh = lossTypes.LogCoshClass;
    type BinaryCrossentropy = lossTypes.BinaryCrossentropyClass;
    type CategoricalCrossentropy = lossTypes.CategoricalCrossentropyClass;
    type SparseCategoricalCrossentropy = lossTypes.SparseCategoricalCrossentropyClass;
    type KLDivergence = lossTypes.KLDivergenceClass;
    type Poisson = lossTypes.PoissonClass;
    type CosineSimilarity = lossTypes.CosineSimilarityClass;
    type Hinge = lossTypes.HingeClass;
    type SquaredHinge = lossTypes.SquaredHingeClass;
    type CategoricalHinge = lossTypes.CategoricalHingeClass;
    type BinaryFocalCrossentropy = lossTypes.BinaryFocalCrossentropyClass;
    type CategoricalFocalCrossentropy = lossTypes.CategoricalFocalCrossentropyClass;
    type Dice = lossTypes.DiceClass;
    type Tversky = lossTypes.TverskyClass;
    type CategoricalGeneralizedCrossEntropy = lossTypes.CategoricalGeneralizedCrossEntropyClass;
    type Circle = lossTypes.CircleClass;
    type CTC = lossTypes.CTCClass;
  }
  /** `tf.keras.Sequential`, `tf.keras.Model` and the other top-level classes as types. */
  type Sequential = SequentialClass;
  type Model = ModelClass;
  type Layer = LayerClass;
  type Variable = KerasVariableClass;
  type Loss = lossTypes.LossClass;
  type Metric = metricTypes.MetricClass;
  type Optimizer = opt.OptimizerClass;
  type Initializer = initializerTypes.InitializerClass;
  type Regularizer = regularizerTypes.RegularizerClass;
  /** `tf.keras.utils.CustomObjectScope` as a type. */
  namespace utils {
    type CustomObjectScope = CustomObjectScopeClass;
  }
  /** `tf.keras.saving.CustomObjectScope` as a type. */
  namespace saving {
    type CustomObjectScope = CustomObjectScopeClass;
  }
  /** `tf.keras.KerasTensor` as a type. */
  type KerasTensor = KerasTensorClass;
  /** `tf.keras.layers.X` as a type: `const d: tf.keras.layers.Dense = new tf.keras.layers.Dense(2)`. */
  namespace layers {
    type Layer = LayerClass;
    type Convolution1D = Conv1DClass;
    type Convolution2D = Conv2DClass;
    type Convolution3D = Conv3DClass;
    type Convolution1DTranspose = Conv1DTransposeClass;
    type Convolution2DTranspose = Conv2DTransposeClass;
    type Convolution3DTranspose = Conv3DTransposeClass;
    type SeparableConvolution1D = SeparableConv1DClass;
    type SeparableConvolution2D = SeparableConv2DClass;
    type MaxPool1D = MaxPooling1DClass;
    type MaxPool2D = MaxPooling2DClass;
    type MaxPool3D = MaxPooling3DClass;
    type AvgPool1D = AveragePooling1DClass;
    type AvgPool2D = AveragePooling2DClass;
    type AvgPool3D = AveragePooling3DClass;
    type GlobalMaxPool1D = GlobalMaxPooling1DClass;
    type GlobalMaxPool2D = GlobalMaxPooling2DClass;
    type GlobalMaxPool3D = GlobalMaxPooling3DClass;
    type GlobalAvgPool1D = GlobalAveragePooling1DClass;
    type GlobalAvgPool2D = GlobalAveragePooling2DClass;
    type GlobalAvgPool3D = GlobalAveragePooling3DClass;
    type Dense = DenseClass;
    type Activation = ActivationClass;
    type ReLU = ReLUClass;
    type Softmax = SoftmaxClass;
    type Dropout = DropoutClass;
    type Flatten = FlattenClass;
    type Reshape = ReshapeClass;
    type InputLayer = InputLayerClass;
    type Conv1D = Conv1DClass;
    type Conv2D = Conv2DClass;
    type MaxPooling1D = MaxPooling1DClass;
    type MaxPooling2D = MaxPooling2DClass;
    type MaxPooling3D = MaxPooling3DClass;
    type AveragePooling1D = AveragePooling1DClass;
    type AveragePooling2D = AveragePooling2DClass;
    type AveragePooling3D = AveragePooling3DClass;
    type GlobalAveragePooling1D = GlobalAveragePooling1DClass;
    type GlobalAveragePooling2D = GlobalAveragePooling2DClass;
    type GlobalAveragePooling3D = GlobalAveragePooling3DClass;
    type GlobalMaxPooling1D = GlobalMaxPooling1DClass;
    type GlobalMaxPooling2D = GlobalMaxPooling2DClass;
    type GlobalMaxPooling3D = GlobalMaxPooling3DClass;
    type BatchNormalization = BatchNormalizationClass;
    type LayerNormalization = LayerNormalizationClass;
    type Embedding = EmbeddingClass;
    type Masking = MaskingClass;
    type EinsumDense = EinsumDenseClass;
    type MultiHeadAttention = MultiHeadAttentionClass;
    type GroupQueryAttention = GroupQueryAttentionClass;
    type Attention = AttentionClass;
    type Conv3D = Conv3DClass;
    type Conv1DTranspose = Conv1DTransposeClass;
    type Conv2DTranspose = Conv2DTransposeClass;
    type Conv3DTranspose = Conv3DTransposeClass;
    type DepthwiseConv1D = DepthwiseConv1DClass;
    type DepthwiseConv2D = DepthwiseConv2DClass;
    type SeparableConv1D = SeparableConv1DClass;
    type SeparableConv2D = SeparableConv2DClass;
    type AdditiveAttention = AdditiveAttentionClass;
    type SimpleRNN = SimpleRNNClass;
    type LSTM = LSTMClass;
    type GRU = GRUClass;
    type RNN = RNNClass;
    type SimpleRNNCell = SimpleRNNCellClass;
    type LSTMCell = LSTMCellClass;
    type GRUCell = GRUCellClass;
    type StackedRNNCells = StackedRNNCellsClass;
    type ConvLSTM1D = ConvLSTM1DClass;
    type ConvLSTM2D = ConvLSTM2DClass;
    type ConvLSTM3D = ConvLSTM3DClass;
    type SpectralNormalization = SpectralNormalizationClass;
    type ReversibleEmbedding = ReversibleEmbeddingClass;
    type AdaptiveAveragePooling1D = AdaptiveAveragePooling1DClass;
    type AdaptiveAveragePooling2D = AdaptiveAveragePooling2DClass;
    type AdaptiveAveragePooling3D = AdaptiveAveragePooling3DClass;
    type AdaptiveMaxPooling1D = AdaptiveMaxPooling1DClass;
    type AdaptiveMaxPooling2D = AdaptiveMaxPooling2DClass;
    type AdaptiveMaxPooling3D = AdaptiveMaxPooling3DClass;
    type Bidirectional = BidirectionalClass;
    type TimeDistributed = TimeDistributedClass;
    type Merge = MergeClass;
    type Add = AddClass;
    type Subtract = SubtractClass;
    type Multiply = MultiplyClass;
    type Average = AverageClass;
    type Maximum = MaximumClass;
    type Minimum = MinimumClass;
    type Concatenate = ConcatenateClass;
    type Dot = DotClass;
    type Lambda = LambdaClass;
    type Identity = IdentityClass;
    type Permute = PermuteClass;
    type RepeatVector = RepeatVectorClass;
    type UpSampling1D = UpSampling1DClass;
    type UpSampling2D = UpSampling2DClass;
    type UpSampling3D = UpSampling3DClass;
    type ZeroPadding1D = ZeroPadding1DClass;
    type ZeroPadding2D = ZeroPadding2DClass;
    type ZeroPadding3D = ZeroPadding3DClass;
    type Cropping1D = Cropping1DClass;
    type Cropping2D = Cropping2DClass;
    type Cropping3D = Cropping3DClass;
    type LeakyReLU = LeakyReLUClass;
    type PReLU = PReLUClass;
    type ELU = ELUClass;
    type GaussianNoise = GaussianNoiseClass;
    type GaussianDropout = GaussianDropoutClass;
    type AlphaDropout = AlphaDropoutClass;
    type SpatialDropout1D = SpatialDropout1DClass;
    type SpatialDropout2D = SpatialDropout2DClass;
    type SpatialDropout3D = SpatialDropout3DClass;
    type ActivityRegularization = ActivityRegularizationClass;
    type UnitNormalization = UnitNormalizationClass;
    type RMSNormalization = RMSNormalizationClass;
    type GroupNormalization = GroupNormalizationClass;
    type Rescaling = RescalingClass;
    type Normalization = NormalizationClass;
    type CategoryEncoding = CategoryEncodingClass;
    type Discretization = DiscretizationClass;
    type IntegerLookup = IntegerLookupClass;
    type Hashing = HashingClass;
    type Resizing = ResizingClass;
    type CenterCrop = CenterCropClass;
    type RandomFlip = RandomFlipClass;
    type RandomCrop = RandomCropClass;
    type RandomContrast = RandomContrastClass;
    type RandomBrightness = RandomBrightnessClass;
    type RandomRotation = RandomRotationClass;
    type RandomTranslation = RandomTranslationClass;
    type RandomGrayscale = RandomGrayscaleClass;
    type RandomInvert = RandomInvertClass;
    type Solarization = SolarizationClass;
    type AutoContrast = AutoContrastClass;
    type RandomColorDegeneration = RandomColorDegenerationClass;
    type RandomSaturation = RandomSaturationClass;
    type RandomHue = RandomHueClass;
    type RandomPosterization = RandomPosterizationClass;
    type RandomSharpness = RandomSharpnessClass;
    type RandomColorJitter = RandomColorJitterClass;
    type RandomGaussianBlur = RandomGaussianBlurClass;
    type RandomErasing = RandomErasingClass;
    type RandomShear = RandomShearClass;
    type RandomZoom = RandomZoomClass;
  }
  /** `tf.keras.callbacks.X` as a type. */
  namespace callbacks {
    type History = HistoryClass;
    type Callback = CallbackCallbackClass;
    type EarlyStopping = EarlyStoppingCallbackClass;
    type ReduceLROnPlateau = ReduceLROnPlateauCallbackClass;
    type LearningRateScheduler = LearningRateSchedulerCallbackClass;
    type TerminateOnNaN = TerminateOnNaNCallbackClass;
    type LambdaCallback = LambdaCallbackCallbackClass;
    type SwapEMAWeights = SwapEMAWeightsCallbackClass;
    type ModelCheckpoint = ModelCheckpointCallbackClass;
    type CSVLogger = CSVLoggerCallbackClass;
    type BackupAndRestore = BackupAndRestoreCallbackClass;
    type TensorBoard = TensorBoardCallbackClass;
    type ProgbarLogger = ProgbarLoggerCallbackClass;
  }
  /** `tf.keras.regularizers.X` as a type: `const r: tf.keras.regularizers.Regularizer = tf.keras.regularizers.l2(0.01)`. */
  namespace regularizers {
    type Regularizer = regularizerTypes.RegularizerClass;
    type L1 = regularizerTypes.L1Class;
    type L2 = regularizerTypes.L2Class;
    type L1L2 = regularizerTypes.L1L2Class;
    type OrthogonalRegularizer = regularizerTypes.OrthogonalRegularizerClass;
  }
}

// TensorFlow 2's top-level aliases of Keras's modules, as values: `tf.losses.MeanSquaredError()`,
// `tf.metrics.MeanAbsoluteError()`, `tf.initializers.zeros()` (TensorFlow's tutorials use them).
// As types, their classes are tf.keras.losses.X etc. (this module's own `losses`, `metrics` and
// `initializers` are its imports of those modules).
/** `tf.losses`: `tf.keras.losses`. */
const lossesAlias = keras.losses;
/** `tf.metrics`: `tf.keras.metrics`. */
const metricsAlias = keras.metrics;
/** `tf.initializers`: `tf.keras.initializers`. */
const initializersAlias = keras.initializers;
export { lossesAlias as losses, metricsAlias as metrics, initializersAlias as initializers };

// The classes under other names, for the type namespaces above (the runtime objects hold the classes).
type SequentialClass = Sequential;
type CustomObjectScopeClass = customObjects.CustomObjectScope;
type ModelClass = Model;
type LayerClass = Layer;
type KerasVariableClass = KerasVariable;
type DenseClass = Dense;
type ActivationClass = Activation;
type ReLUClass = ReLU;
type SoftmaxClass = Softmax;
type DropoutClass = Dropout;
type FlattenClass = Flatten;
type ReshapeClass = Reshape;
type InputLayerClass = InputLayer;
type Conv1DClass = Conv1D;
type LambdaClass = Lambda;
type IdentityClass = Identity;
type PermuteClass = Permute;
type RepeatVectorClass = RepeatVector;
type UpSampling1DClass = UpSampling1D;
type UpSampling2DClass = UpSampling2D;
type UpSampling3DClass = UpSampling3D;
type ZeroPadding1DClass = ZeroPadding1D;
type ZeroPadding2DClass = ZeroPadding2D;
type ZeroPadding3DClass = ZeroPadding3D;
type Cropping1DClass = Cropping1D;
type Cropping2DClass = Cropping2D;
type Cropping3DClass = Cropping3D;
type LeakyReLUClass = LeakyReLU;
type PReLUClass = PReLU;
type ELUClass = ELU;
type GaussianNoiseClass = GaussianNoise;
type GaussianDropoutClass = GaussianDropout;
type AlphaDropoutClass = AlphaDropout;
type SpatialDropout1DClass = SpatialDropout1D;
type SpatialDropout2DClass = SpatialDropout2D;
type SpatialDropout3DClass = SpatialDropout3D;
type ActivityRegularizationClass = ActivityRegularization;
type UnitNormalizationClass = UnitNormalization;
type RMSNormalizationClass = RMSNormalization;
type GroupNormalizationClass = GroupNormalization;
type RescalingClass = Rescaling;
type NormalizationClass = Normalization;
type CategoryEncodingClass = CategoryEncoding;
type DiscretizationClass = Discretization;
type IntegerLookupClass = IntegerLookup;
type HashingClass = Hashing;
type ResizingClass = Resizing;
type CenterCropClass = CenterCrop;
type RandomFlipClass = RandomFlip;
type RandomCropClass = RandomCrop;
type RandomContrastClass = RandomContrast;
type RandomBrightnessClass = RandomBrightness;
type RandomRotationClass = RandomRotation;
type RandomTranslationClass = RandomTranslation;
type RandomZoomClass = RandomZoom;
type RandomGrayscaleClass = RandomGrayscale;
type RandomInvertClass = RandomInvert;
type SolarizationClass = Solarization;
type AutoContrastClass = AutoContrast;
type RandomColorDegenerationClass = RandomColorDegeneration;
type RandomSaturationClass = RandomSaturation;
type RandomHueClass = RandomHue;
type RandomPosterizationClass = RandomPosterization;
type RandomSharpnessClass = RandomSharpness;
type RandomColorJitterClass = RandomColorJitter;
type RandomGaussianBlurClass = RandomGaussianBlur;
type RandomErasingClass = RandomErasing;
type RandomShearClass = RandomShear;
type EinsumDenseClass = EinsumDense;
type MultiHeadAttentionClass = MultiHeadAttention;
type GroupQueryAttentionClass = GroupQueryAttention;
type AttentionClass = Attention;
type Conv3DClass = Conv3D;
type Conv1DTransposeClass = Conv1DTranspose;
type Conv2DTransposeClass = Conv2DTranspose;
type Conv3DTransposeClass = Conv3DTranspose;
type DepthwiseConv1DClass = DepthwiseConv1D;
type DepthwiseConv2DClass = DepthwiseConv2D;
type SeparableConv1DClass = SeparableConv1D;
type SeparableConv2DClass = SeparableConv2D;
type AdditiveAttentionClass = AdditiveAttention;
type MergeClass = merging.Merge;
type AddClass = merging.Add;
type SubtractClass = merging.Subtract;
type MultiplyClass = merging.Multiply;
type AverageClass = merging.Average;
type MaximumClass = merging.Maximum;
type MinimumClass = merging.Minimum;
type ConcatenateClass = merging.Concatenate;
type DotClass = merging.Dot;
type Conv2DClass = Conv2D;
type MaxPooling1DClass = MaxPooling1D;
type MaxPooling2DClass = MaxPooling2D;
type MaxPooling3DClass = MaxPooling3D;
type AveragePooling1DClass = AveragePooling1D;
type AveragePooling2DClass = AveragePooling2D;
type AveragePooling3DClass = AveragePooling3D;
type GlobalAveragePooling1DClass = GlobalAveragePooling1D;
type GlobalAveragePooling2DClass = GlobalAveragePooling2D;
type GlobalAveragePooling3DClass = GlobalAveragePooling3D;
type GlobalMaxPooling1DClass = GlobalMaxPooling1D;
type GlobalMaxPooling2DClass = GlobalMaxPooling2D;
type GlobalMaxPooling3DClass = GlobalMaxPooling3D;
type BatchNormalizationClass = BatchNormalization;
type LayerNormalizationClass = LayerNormalization;
type EmbeddingClass = Embedding;
type MaskingClass = Masking;
type SimpleRNNClass = SimpleRNN;
type LSTMClass = LSTM;
type GRUClass = GRU;
type RNNClass = RNN;
type SimpleRNNCellClass = SimpleRNNCell;
type LSTMCellClass = LSTMCell;
type GRUCellClass = GRUCell;
type StackedRNNCellsClass = StackedRNNCells;
type ConvLSTM1DClass = ConvLSTM1D;
type ConvLSTM2DClass = ConvLSTM2D;
type ConvLSTM3DClass = ConvLSTM3D;
type SpectralNormalizationClass = SpectralNormalization;
type ReversibleEmbeddingClass = ReversibleEmbedding;
type AdaptiveAveragePooling1DClass = AdaptiveAveragePooling1D;
type AdaptiveAveragePooling2DClass = AdaptiveAveragePooling2D;
type AdaptiveAveragePooling3DClass = AdaptiveAveragePooling3D;
type AdaptiveMaxPooling1DClass = AdaptiveMaxPooling1D;
type AdaptiveMaxPooling2DClass = AdaptiveMaxPooling2D;
type AdaptiveMaxPooling3DClass = AdaptiveMaxPooling3D;
type BidirectionalClass = Bidirectional;
type TimeDistributedClass = TimeDistributed;
type KerasTensorClass = KerasTensor;
type HistoryClass = History;
type CallbackCallbackClass = callbackClasses.Callback;
type EarlyStoppingCallbackClass = callbackClasses.EarlyStopping;
type ReduceLROnPlateauCallbackClass = callbackClasses.ReduceLROnPlateau;
type LearningRateSchedulerCallbackClass = callbackClasses.LearningRateScheduler;
type TerminateOnNaNCallbackClass = callbackClasses.TerminateOnNaN;
type LambdaCallbackCallbackClass = callbackClasses.LambdaCallback;
type SwapEMAWeightsCallbackClass = callbackClasses.SwapEMAWeights;
type ModelCheckpointCallbackClass = fileCallbacks.ModelCheckpoint;
type CSVLoggerCallbackClass = fileCallbacks.CSVLogger;
type BackupAndRestoreCallbackClass = fileCallbacks.BackupAndRestore;
type TensorBoardCallbackClass = tensorBoardCallbacks.TensorBoard;
type ProgbarLoggerCallbackClass = progbarClasses.ProgbarLogger;

export { setFloatx, getFloatx as floatx };

// The op table's ops as Tensor methods (`x.sigmoid()`), and the hand-written ones' methods.
Object.assign(Tensor.prototype, tensorOps);

/** True when `x` is a tensor or variable. */
export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

// Node and workers start the module at import, so no `await` is needed there. Browsers may refuse
// synchronous compilation on the main thread; `await tf.ready()` covers them.
try {
  initSync();
} catch {
  /* started later by ready() or on first use */
}
