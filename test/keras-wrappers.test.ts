// tf.keras.layers.Bidirectional and TimeDistributed against Keras 3.15.1. Every KERAS_* number
// below comes from Keras 3.15.1 (JAX backend, float32) via scripts/keras_wrappers_fixtures.py,
// which builds the same layers with the same weights and inputs (made by `pattern`, repeated here)
// and prints the weight names, the outputs, the gradients of a fixed loss (jax.grad of the layer's
// stateless_call) and 3 epochs of fit. float32 results agree within 1e-5 relative (plus 1e-6
// absolute), not bit for bit.
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { asList, expectClose, expectKerasGradients, fixtureLoss, fixtureSequences, pattern, setPatternWeights, values } from './helpers/keras';

const L = tf.keras.layers;

beforeEach(() => tf.keras.backend.clearSession());

/** The fixture's sequences: [batch 2, 4 timesteps, 3 features]. */
const X = fixtureSequences;
/** The fixture's image sequences: [batch 2, 3 timesteps, 4, 4, 2 channels]. */
const X_IMAGES = (): tf.Tensor => pattern([2, 3, 4, 4, 2], 0.2, 1, 0.7);

/** The fixture's cases, as the script makes them, and their inputs. */
const CASES: Record<string, [() => tf.keras.layers.Layer, () => tf.Tensor]> = {
  lstm_concat_seq: [() => new L.Bidirectional(new L.LSTM(3, { returnSequences: true })), X],
  lstm_sum: [() => new L.Bidirectional(new L.LSTM(3), { mergeMode: 'sum' }), X],
  gru_mul_seq: [() => new L.Bidirectional(new L.GRU(2, { returnSequences: true }), { mergeMode: 'mul' }), X],
  simple_ave_state: [() => new L.Bidirectional(new L.SimpleRNN(3, { returnState: true }), { mergeMode: 'ave' }), X],
  lstm_none_seq_state: [() => new L.Bidirectional(new L.LSTM(2, { returnSequences: true, returnState: true }), { mergeMode: null }), X],
  lstm_explicit_backward: [() => new L.Bidirectional(new L.LSTM(2, { returnSequences: true }), {
    backwardLayer: new L.LSTM(2, { goBackwards: true, returnSequences: true, activation: 'relu' }),
  }), X],
  td_dense: [() => new L.TimeDistributed(new L.Dense(3, { activation: 'tanh' })), X],
  td_conv: [() => new L.TimeDistributed(new L.Conv2D(2, [2, 2], { activation: 'relu' })), X_IMAGES],
};

/** A case's layer built for its input with the fixture's weights: `pattern(shape, i + 1)` for weight i. */
function fixtureLayer(name: string): [tf.keras.layers.Layer, tf.Tensor] {
  const [make, input] = CASES[name]!;
  const layer = make();
  const x = input();
  layer.build(x.shape);
  setPatternWeights(layer);
  return [layer, x];
}


const KERAS_FORWARD: Record<string, { names: string[]; shapes: number[][]; outputShapes: number[][]; outputs: number[][] }> = {
  lstm_concat_seq: {
    names: ['bidirectional/forward_lstm/lstm_cell/kernel', 'bidirectional/forward_lstm/lstm_cell/recurrent_kernel', 'bidirectional/forward_lstm/lstm_cell/bias', 'bidirectional/backward_lstm/lstm_cell/kernel', 'bidirectional/backward_lstm/lstm_cell/recurrent_kernel', 'bidirectional/backward_lstm/lstm_cell/bias'],
    shapes: [[3, 12], [3, 12], [12], [3, 12], [3, 12], [12]],
    outputShapes: [[2, 4, 6]],
    outputs: [
      [-0.12266661, -0.048457675, 0.044668399, 0.13599484, 0.10472446, -0.20130023, -0.2219836, -0.063496605, 0.081869446, 0.13400531, 0.11498607, -0.22944534, -0.22273958, -0.06609413, 0.097469501, 0.11421578, 0.097073242, -0.15793295, -0.27167615, -0.086503372, 0.097777262, 0.077260897, 0.10346651, -0.11669488, -0.12969001, -0.02563812, 0.063651584, 0.14430296, 0.093275927, -0.22615542, -0.20368946, -0.069094442, 0.077735357, 0.12670037, 0.11640903, -0.18866783, -0.24785931, -0.060876336, 0.10251183, 0.1198834, 0.10051111, -0.18689632, -0.24191639, -0.08082705, 0.10005613, 0.065929428, 0.084973745, -0.079275817],
    ],
  },
  lstm_sum: {
    names: ['bidirectional/forward_lstm/lstm_cell/kernel', 'bidirectional/forward_lstm/lstm_cell/recurrent_kernel', 'bidirectional/forward_lstm/lstm_cell/bias', 'bidirectional/backward_lstm/lstm_cell/kernel', 'bidirectional/backward_lstm/lstm_cell/recurrent_kernel', 'bidirectional/backward_lstm/lstm_cell/bias'],
    shapes: [[3, 12], [3, 12], [12], [3, 12], [3, 12], [12]],
    outputShapes: [[2, 3]],
    outputs: [
      [-0.13568132, 0.018221088, -0.10352297, -0.097613424, 0.012448877, -0.12609929],
    ],
  },
  gru_mul_seq: {
    names: ['bidirectional/forward_gru/gru_cell/kernel', 'bidirectional/forward_gru/gru_cell/recurrent_kernel', 'bidirectional/forward_gru/gru_cell/bias', 'bidirectional/backward_gru/gru_cell/kernel', 'bidirectional/backward_gru/gru_cell/recurrent_kernel', 'bidirectional/backward_gru/gru_cell/bias'],
    shapes: [[3, 6], [2, 6], [2, 6], [3, 6], [2, 6], [2, 6]],
    outputShapes: [[2, 4, 2]],
    outputs: [
      [-0.16086882, -0.0080216816, -0.043818273, 0.00032105975, -0.14169668, 0.0035173646, -0.071769156, 0.0072803814, -0.063946135, -0.092587352, -0.14721824, -0.0015176537, -0.036945436, -0.050242472, -0.14259475, -0.0051361737],
    ],
  },
  simple_ave_state: {
    names: ['bidirectional/forward_simple_rnn/simple_rnn_cell/kernel', 'bidirectional/forward_simple_rnn/simple_rnn_cell/recurrent_kernel', 'bidirectional/forward_simple_rnn/simple_rnn_cell/bias', 'bidirectional/backward_simple_rnn/simple_rnn_cell/kernel', 'bidirectional/backward_simple_rnn/simple_rnn_cell/recurrent_kernel', 'bidirectional/backward_simple_rnn/simple_rnn_cell/bias'],
    shapes: [[3, 3], [3, 3], [3], [3, 3], [3, 3], [3]],
    outputShapes: [[2, 3], [2, 3], [2, 3]],
    outputs: [
      [0.17020451, 0.23776346, -0.038095191, 0.11646663, 0.082250386, -0.042817488],
      [0.44235986, -0.024271343, -0.45274588, 0.32614988, -0.47861558, -0.54927856],
      [-0.10195085, 0.49979827, 0.3765555, -0.093216613, 0.64311635, 0.46364358],
    ],
  },
  lstm_none_seq_state: {
    names: ['bidirectional/forward_lstm/lstm_cell/kernel', 'bidirectional/forward_lstm/lstm_cell/recurrent_kernel', 'bidirectional/forward_lstm/lstm_cell/bias', 'bidirectional/backward_lstm/lstm_cell/kernel', 'bidirectional/backward_lstm/lstm_cell/recurrent_kernel', 'bidirectional/backward_lstm/lstm_cell/bias'],
    shapes: [[3, 8], [2, 8], [8], [3, 8], [2, 8], [8]],
    outputShapes: [[2, 4, 2], [2, 4, 2], [2, 2], [2, 2], [2, 2], [2, 2]],
    outputs: [
      [0.074965395, -0.038657162, 0.1239463, 0.035849396, 0.11188575, -0.010614885, 0.13771118, 0.056905754, 0.088945791, -0.029613668, 0.12182347, -0.00054143544, 0.14027967, 0.010333801, 0.13860719, -0.019908097],
      [-0.24481118, 0.068571463, -0.13638823, -0.0087399473, -0.26172033, 0.071366616, -0.021920094, -0.066958942, -0.32211387, 0.072954126, -0.13718165, 0.011519752, -0.22359854, 0.0089610117, -0.15529914, 0.050053604],
      [0.13771118, 0.056905754, 0.13860719, -0.019908097],
      [0.28688601, 0.13522579, 0.42078537, -0.043406345],
      [-0.24481118, 0.068571463, -0.32211387, 0.072954126],
      [-0.39588207, 0.13017493, -0.48983857, 0.12738453],
    ],
  },
  lstm_explicit_backward: {
    names: ['bidirectional/forward_lstm/lstm_cell/kernel', 'bidirectional/forward_lstm/lstm_cell/recurrent_kernel', 'bidirectional/forward_lstm/lstm_cell/bias', 'bidirectional/lstm_1/lstm_cell/kernel', 'bidirectional/lstm_1/lstm_cell/recurrent_kernel', 'bidirectional/lstm_1/lstm_cell/bias'],
    shapes: [[3, 8], [2, 8], [8], [3, 8], [2, 8], [8]],
    outputShapes: [[2, 4, 4]],
    outputs: [
      [0.074965395, -0.038657162, 0, 0.073146731, 0.1239463, 0.035849396, 0, 0.050782595, 0.11188575, -0.010614885, 0, 0.092657492, 0.13771118, 0.056905754, 0, 0, 0.088945791, -0.029613668, 0, 0.050856169, 0.12182347, -0.00054143544, 0, 0.010980459, 0.14027967, 0.010333801, 0, 0.02481474, 0.13860719, -0.019908097, 0, 0.050542101],
    ],
  },
  td_dense: {
    names: ['time_distributed/dense/kernel', 'time_distributed/dense/bias'],
    shapes: [[3, 3], [3]],
    outputShapes: [[2, 4, 3]],
    outputs: [
      [0.37119299, -0.23315966, -0.47529081, 0.4925015, 0.23090804, -0.39148593, 0.35077342, -0.45263815, -0.55626726, 0.48510662, 0.33361524, -0.33109292, 0.38624156, -0.41329166, -0.56663084, 0.43425933, 0.1465023, -0.3680689, 0.44861379, -0.12691388, -0.50144166, 0.3739146, -0.21384825, -0.46929675],
    ],
  },
  td_conv: {
    names: ['time_distributed/conv2d/kernel', 'time_distributed/conv2d/bias'],
    shapes: [[2, 2, 2, 2], [2]],
    outputShapes: [[2, 3, 3, 3, 2]],
    outputs: [
      [0.72418773, 0.033073895, 0.41490433, 0.17375959, 0.17159921, 0, 0.71850085, 0, 0.60081494, 0.16126564, 0.24048354, 0.065580919, 0.59437907, 0, 0.72111619, 0.040981084, 0.40549979, 0.17126228, 0.24184158, 0, 0.60258144, 0, 0.71774322, 0.04875271, 0.17166871, 0, 0.41695204, 0, 0.7248143, 0, 0.22851659, 0.050551221, 0.24824339, 0, 0.61061656, 0, 0.57564396, 0.1706368, 0.2229134, 0.042812608, 0.25487864, 0, 0.71010911, 0.063854516, 0.37766182, 0.162086, 0.17301783, 0, 0.72990608, 0, 0.56696719, 0.17320062, 0.21757226, 0.034936324, 0.44541058, 0, 0.7319864, 0, 0.5581634, 0.17547943, 0.26881909, 0, 0.63362837, 0, 0.70131969, 0.078310788, 0.17564055, 0, 0.454932, 0, 0.73375314, 0, 0.3506068, 0.15045922, 0.17742601, 0, 0.46445313, 0, 0.54021472, 0.17917173, 0.20317999, 0.010571688, 0.28359982, 0, 0.69141489, 0.092056319, 0.34181026, 0.14605874, 0.17952493, 0, 0.65481997, 0, 0.68605793, 0.098642975, 0.33314139, 0.14140396, 0.48345128, 0, 0.73715341, 0, 0.52187914, 0.18169723, 0.2991541, 0, 0.6614415, 0, 0.68043935, 0.10502891],
    ],
  },
};

const KERAS_GRADS: Record<string, { loss: number; grads: number[][] }> = {
  lstm_concat_seq: {
    loss: 0.10410663,
    grads: [
      [0.062973313, -0.0015475299, 0.04055918, 0.03440221, 0.0023961517, 0.017662287, -0.22090057, -0.018116245, 0.18836939, 0.08941365, -0.0086236736, 0.10851148, -0.058572885, -0.040509243, 0.083701752, -0.043168917, -0.017198905, 0.040760059, 0.24601781, 0.27959195, 0.40524086, -0.17398643, -0.090929329, 0.19629456, -0.13579229, -0.048814371, 0.063500509, -0.088070676, -0.023778178, 0.033011433, 0.52675486, 0.36571053, 0.31543413, -0.30571705, -0.10442149, 0.13552582],
      [-0.0055420231, 0.004549406, -0.0041769734, 0.0021856138, 0.0033504593, -0.0070926617, -0.0015301667, -0.043167651, -0.039883669, -0.0023477999, 0.0049203672, -0.0059520057, -0.0026543811, 0.00072988111, -0.00025372254, -0.00011618051, 0.00068210589, -0.00147245, 0.0033288789, -0.0083886795, -0.0071992897, -0.0032824695, 0.00018125609, 0.00074972649, 0.0025923806, -0.0019496515, 0.0020575379, -0.00049296499, -0.001345976, 0.0030554447, -0.00096440688, 0.017959876, 0.017707938, 0.0016950802, -0.0021267487, 0.0034662837],
      [0.0031472519, -0.034850445, 0.023426022, 0.005316101, -0.011616432, 0.029618636, 0.11455802, 0.29740611, 0.24903801, -0.0017378256, -0.02891174, 0.018821092],
      [0.084588192, 0.054561391, -0.04221886, 0.043510992, 0.042761706, -0.019376352, 0.29854, 0.63510257, 0.21703157, 0.18951452, 0.1376563, -0.091900781, 0.072355717, 0.01110486, 0.041662879, 0.040970586, 0.014412093, 0.029171869, 0.26728186, 0.16300663, -0.33530506, 0.18945594, 0.050340291, 0.068148613, 0.0053658783, -0.040755607, 0.09401498, 0.0074244575, -0.024844307, 0.055643402, 0.033750135, -0.43244946, -0.63388956, 0.046020869, -0.075072236, 0.17662451],
      [-0.0018416559, -0.00011498854, 0.0062867259, 0.00012272521, -0.0028405315, 0.0070130145, -0.003856305, -0.028114732, -0.043891408, -0.0025151984, -0.00032123504, 0.0079295151, -0.0029575175, -0.00095999497, 0.0065570078, -0.00053135044, -0.0034882259, 0.0068149935, -0.0079989703, -0.036780167, -0.045127854, -0.0051697195, -0.002682006, 0.0091662817, 0.0014964207, 8.6917076e-05, -0.010488017, -0.0010324016, 0.0041640457, -0.01160213, 0.00100879, 0.040969413, 0.072682157, 0.00039368449, -1.888955e-05, -0.014092267],
      [0.00059193745, 0.018754104, 0.047968812, -0.0050894087, -0.030251749, 0.058057521, 0.024255313, -0.14735599, -0.38909316, -0.0058330894, 0.031396825, 0.05249371],
    ],
  },
  lstm_sum: {
    loss: -0.15890434,
    grads: [
      [-0.021974145, -0.016404469, 0.018342979, -0.023444392, -0.0051699015, 0.0092522707, 0.090677157, 0.068003297, 0.05833479, -0.071838744, -0.027810054, 0.035846528, -0.014476256, -0.0075070336, 0.00090081553, -0.022994056, -0.0012948541, -0.0046181246, 0.089090437, 0.05387558, -0.023073371, -0.05287176, -0.005899047, -0.018460432, 0.003976977, 0.0070715765, -0.017223069, -0.005142278, 0.0035601123, -0.014993615, 0.020081846, -0.001024086, -0.087020062, 0.0061075157, 0.020476243, -0.058796905],
      [0.021198601, 0.010727536, -0.0020840659, 0.01971299, 0.0070984792, -0.00088967883, -0.085233852, -0.082091093, -0.0052486472, 0.02395957, 0.012412619, -0.0018569259, 0.0059822644, 0.0032796718, -0.00073563366, 0.005472973, 0.0021433013, -0.00041428593, -0.023575304, -0.024967439, -0.0024605051, 0.0062877871, 0.0036858814, -0.00091702823, -0.00885229, -0.004382397, 0.00096865359, -0.0082069263, -0.0028539589, 0.00043499979, 0.035560306, 0.032857619, 0.0024575037, -0.010515068, -0.0052812919, 0.0012194314],
      [-0.099312104, -0.065187886, 0.005929037, -0.087788612, -0.034630831, 0.0044448581, 0.39245152, 0.48420075, 0.0099332239, -0.094312511, -0.05823417, 0.0084058503],
      [-0.0077550304, 0.0060773357, -0.028342452, -0.0056011304, 0.0055952971, -0.018977443, -0.027522702, 0.062758267, 0.1329052, -0.028698748, 0.010590897, -0.053395551, 0.0016958331, 0.014169437, -0.021493977, 0.0070119835, 0.015576106, -0.028548047, 0.031417936, 0.16520007, 0.14674921, 0.011356669, 0.038976997, -0.069761902, 0.0098633245, 0.011538393, 0.0016207136, 0.01431857, 0.013769232, -0.016514055, 0.066582099, 0.14262176, 0.049536359, 0.042817581, 0.037866086, -0.033333834],
      [0.010093028, 0.0042372756, -0.0041314843, 0.0074124327, 0.0043650623, -0.0050519765, 0.037673667, 0.050256878, 0.031007575, 0.014515716, 0.0058870888, -0.0055861147, 0.0092214197, 0.0036778755, -0.0036441877, 0.0066658193, 0.0037982636, -0.0044446797, 0.034493376, 0.043780606, 0.028277764, 0.012949643, 0.0049880696, -0.0045442451, -0.015470065, -0.0069162231, 0.0068981564, -0.011584456, -0.007180653, 0.0086341482, -0.058459535, -0.082114018, -0.052327089, -0.023031937, -0.01028556, 0.010452618],
      [0.091907188, 0.033729997, -0.040758654, 0.060923297, 0.034251545, -0.040896799, 0.33830884, 0.39950475, 0.29667172, 0.11448647, 0.041369792, -0.04256431],
    ],
  },
  gru_mul_seq: {
    loss: -0.22183231,
    grads: [
      [0.060901396, -0.033008635, 0.0060227062, 0.00036010286, -0.048292145, 0.010253215, 0.094437465, -0.0073612845, 0.006521964, 0.0011650729, -0.001935333, -0.015086025, 0.056505144, 0.023856942, 0.0020855297, 0.0010883389, 0.045886084, -0.029008457],
      [-0.0038906648, -0.011706152, 0.00099030649, -0.0035935813, -0.03982152, 0.034926161, -0.018603865, 0.020546464, -0.0028392128, 0.0023012431, 0.025656562, -0.022961233],
      [0.061558407, -0.025047215, 0.0077506457, -0.010762338, -0.28534058, 0.17313202, 0.061558403, -0.025047215, 0.0077506453, -0.010762339, -0.13438842, 0.10269131],
      [0.0032213097, 0.010157008, -0.00094316388, 0.0027013933, -0.051256165, 0.016164321, 0.090231866, -0.0086880969, -0.0019573832, 0.011618848, -0.010085046, 0.06508863, 0.10895674, -0.020958222, -0.0014902938, 0.011743388, 0.038718224, 0.064755157],
      [-0.00020401919, -0.0023317081, -0.0031314511, 0.0098113399, -0.034784481, 0.02566937, -0.0026790248, 0.0020189276, -0.00033415441, -0.00011413565, -0.0022405447, -0.00020179636],
      [0.05408904, 0.018847417, 0.011443952, -0.030980505, 0.24576625, -0.21488693, 0.05408904, 0.018847415, 0.01144395, -0.030980507, 0.1123658, -0.07333833],
    ],
  },
  simple_ave_state: {
    loss: 1.4373282,
    grads: [
      [0.33769026, 0.2795167, -0.067232981, 0.23043683, -0.0011753254, -0.48603433, -0.051206551, -0.28097787, -0.53701466],
      [0.55193251, -0.12232507, -0.23709942, -1.0456914, 0.14417197, 0.20752338, -1.0925505, 0.19773823, 0.32559416],
      [2.4621122, -0.66935962, -0.58584082],
      [-0.31713617, -0.21952192, 0.35896906, -0.21705686, 0.64899832, 0.35338667, 0.047286808, 1.0263696, 0.080368295],
      [-0.022086615, 0.04631329, 0.0676466, 0.29024169, -0.33198571, 0.53862745, 0.19390914, -0.25812417, 0.25477877],
      [0.70839, 0.54941761, 1.4580473],
    ],
  },
  lstm_none_seq_state: {
    loss: 0.81326246,
    grads: [
      [0.0026852195, -0.015192294, 0.018432785, -0.0021817496, 0.11977844, 0.069671482, -0.011516172, -0.030229313, 0.020085465, -0.0019871052, 0.025596328, -0.0078066867, 0.12647085, 0.09770336, -0.019455783, -0.026292354, 0.022285437, 0.012721887, 0.013389083, -0.0075236792, 0.037452646, 0.051795296, -0.012671641, -0.0024578646],
      [0.022698006, 0.0028222771, 0.015864404, -0.0015890497, 0.081291318, -0.0059640985, 0.019121695, -0.0010403456, -0.0014085962, 0.00077712967, -0.001143602, -4.3640961e-05, -0.0112419, -0.0090804845, -0.0024234732, -2.8185284e-05],
      [0.24563345, -0.0068719834, 0.13734011, -0.014803767, 0.91492593, 0.18901832, 0.17878541, -0.02099923],
      [-0.11622381, -0.00085941888, 0.0016348707, -0.00028281281, -0.10079748, -0.07259164, -0.039186779, -7.038936e-05, 0.0082590058, 0.0018655749, 0.010523092, 0.0010183702, -0.20878243, 0.049333446, 0.0083492287, 0.00063116412, 0.12649158, 0.0031787402, 0.011447649, 0.0015488707, -0.15876499, 0.13392395, 0.049566709, 0.00085506495],
      [-0.046865731, -0.0026082071, -0.039738845, 0.00035926959, 0.20715579, -0.027068522, -0.019569375, -0.0011151037, 0.00046763045, 0.00017826285, 0.0044021215, -0.00016554249, -0.016851675, -0.0012590567, 0.00048457598, 0.00010339407],
      [0.3996281, 0.020019352, 0.21864003, -0.0013021289, -1.4155486, 0.12870327, 0.1456472, 0.0098437555],
    ],
  },
  lstm_explicit_backward: {
    loss: 0.097842172,
    grads: [
      [0.028727964, 0.0067657344, 0.024821628, -0.004424911, 0.20950915, 0.26866451, 0.068043098, 1.3332814e-05, 0.0062141027, 0.0022871941, -0.016775299, -0.0059822612, 0.026195452, 0.2245158, -0.062656611, -0.0064941114, -0.021002471, -0.0039222469, -0.045677014, -0.0030123545, -0.17694247, 0.010458015, -0.14593905, -0.008086944],
      [-0.00047238352, 0.0029696117, 0.0023456304, -0.00037929791, 0.020511609, -0.0026064466, -0.0039469781, 0.0032261999, -0.00049635477, 0.00017494368, -0.0008890552, -1.8784849e-05, -0.0049784891, -0.0017278839, -0.0037338317, 0.0003146347],
      [0.0047021885, 0.017659429, 0.029616304, -0.0024044267, 0.26151136, 0.025248624, -0.024408285, 0.020387536],
      [0, 0.0033409349, 0, 0.0084225107, 0, 0.13411127, 0, 0.0063810162, 0, 0.016155332, 0, 0.024760377, 0, 0.31845614, 0, 0.057161316, 0, 0.016743697, 0, 0.022360083, 0, 0.26179978, 0, 0.064683072],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.00052100135, 0, -0.001630871, 0, 0.0085603092, 0, -0.0013840271],
      [0, 0.019466147, 0, -0.016263064, 0, 0.24921578, 0, 0.029202051],
    ],
  },
  td_dense: {
    loss: -0.43041277,
    grads: [
      [0.15487778, 0.22273391, 0.17622377, 0.42923209, 0.76201463, 0.5460614, 0.37875208, 0.72461784, 0.50265062],
      [0.57212633, 0.92520368, 0.73867512],
    ],
  },
  td_conv: {
    loss: 0.76087278,
    grads: [
      [0.055462718, 0.83747458, 0.32011402, 2.153574, 0.43421039, 2.4568138, 0.34409115, 1.6045759, -0.22909603, -0.8331039, 0.062702656, 0.87684631, 0.32501143, 2.1744018, 0.43446228, 2.4493024],
      [1.303571, 3.9508829],
    ],
  },
};

const KERAS_FIT_SEQUENTIAL = {
  names: ['sequential/bidirectional/forward_lstm/lstm_cell/kernel', 'sequential/bidirectional/forward_lstm/lstm_cell/recurrent_kernel', 'sequential/bidirectional/forward_lstm/lstm_cell/bias', 'sequential/bidirectional/backward_lstm/lstm_cell/kernel', 'sequential/bidirectional/backward_lstm/lstm_cell/recurrent_kernel', 'sequential/bidirectional/backward_lstm/lstm_cell/bias', 'sequential/dense/kernel', 'sequential/dense/bias'],
  loss: [0.53307581, 0.5174318, 0.53740436],
  weights: [
    [0.42209372, 0.37606889, -0.22175853, -0.48981446, -0.041297004, 0.46912166, 0.28480247, -0.31938177, -0.45876947, 0.069152921, 0.49773589, 0.19845253, -0.38932627, -0.40410465, 0.17085911, 0.49916857, 0.094742492, -0.4472684, -0.33892131, 0.26381412, 0.47930181, -0.013346623, -0.48437327, -0.24674253, 0.35149664, 0.43613803, -0.12077872, -0.50005853, -0.1479672, 0.42135119, 0.37338057, -0.22222626, -0.49033427, -0.044426791, 0.46776101, 0.29190579],
    [0.45325339, -0.080137022, -0.49726671, -0.18819253, 0.39603901, 0.39892957, -0.17759694, -0.48753232, -0.084848545, 0.45149079, 0.32372403, -0.27963537, -0.47489569, 0.024859264, 0.48777038, 0.23543094, -0.3620075, -0.42943341, 0.1337875, 0.50282943, 0.13489358, -0.42810047, -0.3646571, 0.23250893, 0.48925558, 0.02930391, -0.47313032, -0.28142121, 0.32277337, 0.45459843, -0.081732556, -0.50099689, -0.18566619, 0.39772856, 0.39958292, -0.1834006],
    [0.077062875, -0.45069635, -0.3128956, 0.29498312, 0.47427034, -0.03605146, -0.51638216, -0.2803019, 0.38253841, 0.42901742, -0.13722762, -0.49677044],
    [-0.37834391, -0.41538024, 0.15437049, 0.50071657, 0.1112795, -0.43790805, -0.3437911, 0.25437897, 0.47418091, 0.007218644, -0.4797748, -0.25882566, 0.33931568, 0.44383997, -0.10676815, -0.49890244, -0.16359785, 0.41216791, 0.38288864, -0.21039373, -0.49577391, -0.058097258, 0.46312377, 0.30487207, -0.30219769, -0.46621227, 0.047016818, 0.49176624, 0.21302508, -0.37986431, -0.41988295, 0.15013276, 0.5054087, 0.10737152, -0.44090822, -0.34985039],
    [-0.47843003, 0.0086563872, 0.48504999, 0.25125408, -0.3497211, -0.43674222, 0.11923836, 0.50256431, 0.14505059, -0.4169713, -0.37514514, 0.21898739, 0.4927958, 0.045698442, -0.4666661, -0.29510668, 0.30960318, 0.46197355, -0.059820205, -0.49234912, -0.2074203, 0.38779852, 0.40912572, -0.16697766, -0.50021297, -0.099288166, 0.44428855, 0.33626992, -0.2656031, -0.4808405, 0.00366463, 0.47984821, 0.25985369, -0.35272458, -0.43805698, 0.11419474],
    [-0.13072045, 0.42732951, 0.37735644, -0.22291423, -0.48776278, -0.025332671, 0.50195533, 0.3108561, -0.37914819, -0.44454846, 0.077513561, 0.50616699],
    [0.39998358, 0.47475001, -0.11428159, -0.53678626, -0.20861721, 0.46488753],
    [0.21677694],
  ],
};

const KERAS_FIT_FUNCTIONAL = {
  names: ['bidirectional/forward_gru/gru_cell/kernel', 'bidirectional/forward_gru/gru_cell/recurrent_kernel', 'bidirectional/forward_gru/gru_cell/bias', 'bidirectional/backward_gru/gru_cell/kernel', 'bidirectional/backward_gru/gru_cell/recurrent_kernel', 'bidirectional/backward_gru/gru_cell/bias', 'time_distributed/dense/kernel', 'time_distributed/dense/bias'],
  loss: [0.64004886, 0.58850819, 0.54815358],
  weights: [
    [0.47475508, 0.43183178, -0.20312804, -0.45142478, 0.0070625716, 0.41049778, 0.35168445, -0.25507936, -0.4149625, 0.12353636, 0.5524354, 0.14260381, -0.33167118, -0.46568862, 0.22377811, 0.54227298, 0.14108709, -0.49547431],
    [0.39653203, -0.028984461, -0.4432911, -0.13709727, 0.34921038, 0.35101604, -0.23280008, -0.55578732, -0.133351, 0.40297732, 0.37122387, -0.22766264],
    [0.12895709, -0.43806878, -0.26091322, 0.34790048, 0.41185066, -0.09635824, -0.432071, -0.20480956, 0.42490804, 0.481554, -0.20260403, -0.55871689],
    [-0.43724722, -0.47520864, 0.15823194, 0.4423579, 0.052927531, -0.49458519, -0.40028492, 0.19607881, 0.53631467, 0.018624362, -0.50924063, -0.25368273, 0.29773375, 0.502716, -0.091090441, -0.44079104, -0.10586219, 0.46670803],
    [-0.43797281, -0.038533706, 0.52890235, 0.29754698, -0.30149326, -0.39117801, 0.11293305, 0.44016564, 0.12909865, -0.46784449, -0.42275926, 0.16931304],
    [-0.19815375, 0.43610412, 0.32206318, -0.28701782, -0.54780006, -0.091972023, 0.41340181, 0.29648423, -0.36418873, -0.51454109, 0.016786762, 0.43776816],
    [0.33121687, 0.5108462],
    [0.43612674],
  ],
};

describe('Bidirectional and TimeDistributed against Keras 3.15.1', () => {
  it.each(Object.keys(CASES))('%s: weights named, shaped and ordered as Keras 3, outputs as Keras', (name) => {
    const want = KERAS_FORWARD[name]!;
    const [layer, x] = fixtureLayer(name);
    expect(layer.weights.map((w) => w.name)).toEqual(want.names);
    expect(layer.weights.map((w) => w.path)).toEqual(want.names);
    expect(layer.weights.map((w) => w.shape)).toEqual(want.shapes);
    const outputs = asList(layer(x) as tf.Tensor | tf.Tensor[]);
    expect(outputs.map((t) => t.shape)).toEqual(want.outputShapes);
    outputs.forEach((t, i) => expectClose(t, want.outputs[i]!, `${name} output ${i}`));
  });

  it.each(Object.keys(CASES))('%s: the gradients of a loss of the outputs, eager and inside tf.function', (name) => {
    const [layer, x] = fixtureLayer(name);
    expectKerasGradients(name, (input) => fixtureLoss(asList(layer(input) as tf.Tensor | tf.Tensor[])), [x], layer.trainableWeights, KERAS_GRADS[name]!);
  });

  it("fit: a Sequential Bidirectional(LSTM) -> Dense (SGD) as Keras' History and weights, compiled and eager alike", () => {
    const x = pattern([6, 4, 3], 0.1, 1, 0.7);
    const y = pattern([6, 1], 0.4, 1, 1.1);
    const run = (runEagerly: boolean) => {
      tf.keras.backend.clearSession();
      const model = new tf.keras.Sequential([tf.keras.Input([4, 3]), new L.Bidirectional(new L.LSTM(3)), new L.Dense(1)]);
      setPatternWeights(model);
      model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse', runEagerly });
      const history = model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false });
      return { names: model.weights.map((w) => w.name), paths: model.weights.map((w) => w.path), loss: history.history.loss!, weights: model.getWeights().map(values) };
    };
    const eager = run(true);
    // Keras 3's paths are under the Sequential that built the layers ('sequential/bidirectional/...'); the names are not.
    expect(eager.paths).toEqual(KERAS_FIT_SEQUENTIAL.names);
    expect(eager.names.map((n) => `sequential/${n}`)).toEqual(KERAS_FIT_SEQUENTIAL.names);
    expectClose(eager.loss, KERAS_FIT_SEQUENTIAL.loss, 'loss');
    eager.weights.forEach((w, i) => expectClose(w, KERAS_FIT_SEQUENTIAL.weights[i]!, `weight ${i}`));
    expect(run(false)).toEqual(eager);
  });

  it("fit: a functional Bidirectional(GRU, 'sum') -> TimeDistributed(Dense) (Adam) as Keras', compiled and eager alike", () => {
    const x = pattern([6, 4, 3], 0.1, 1, 0.7);
    const y = pattern([6, 4, 1], 0.5, 1, 0.8);
    const run = (runEagerly: boolean) => {
      tf.keras.backend.clearSession();
      const input = tf.keras.Input([4, 3]);
      const hidden = new L.Bidirectional(new L.GRU(2, { returnSequences: true }), { mergeMode: 'sum' }).apply(input);
      const model = new tf.keras.Model({ inputs: input, outputs: new L.TimeDistributed(new L.Dense(1)).apply(hidden) });
      setPatternWeights(model);
      model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.01 }), loss: 'mse', runEagerly });
      const history = model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false });
      return { names: model.weights.map((w) => w.name), paths: model.weights.map((w) => w.path), loss: history.history.loss!, weights: model.getWeights().map(values) };
    };
    const eager = run(true);
    expect(eager.names).toEqual(KERAS_FIT_FUNCTIONAL.names);
    expect(eager.paths).toEqual(KERAS_FIT_FUNCTIONAL.names);
    expectClose(eager.loss, KERAS_FIT_FUNCTIONAL.loss, 'loss');
    eager.weights.forEach((w, i) => expectClose(w, KERAS_FIT_FUNCTIONAL.weights[i]!, `weight ${i}`));
    expect(run(false)).toEqual(eager);
  });
});

describe('Bidirectional and TimeDistributed: configs, saving, shapes, stateful', () => {
  it("getConfig has Keras 3's keys (the layers nested as {className, config}); fromConfig and deserialize make the same layer", () => {
    const bi = new L.Bidirectional(new L.GRU(2, { name: 'enc', returnSequences: true }), { mergeMode: 'mul' });
    const config = bi.getConfig();
    expect(Object.keys(config)).toEqual(['name', 'trainable', 'dtype', 'mergeMode', 'layer', 'backwardLayer']);
    expect(config).toMatchObject({ name: 'bidirectional', mergeMode: 'mul', layer: { className: 'GRU', config: { name: 'forward_enc', goBackwards: false } }, backwardLayer: { className: 'GRU', config: { name: 'backward_enc', goBackwards: true } } });
    expect(L.Bidirectional.fromConfig(config).getConfig()).toEqual(config);
    const td = new L.TimeDistributed(new L.Dense(3, { name: 'proj' }));
    expect(td.getConfig()).toMatchObject({ name: 'time_distributed', layer: { className: 'Dense', config: { name: 'proj', units: 3 } } });
    td.apply(tf.keras.Input([4, 5]));
    const restored = tf.keras.layers.deserialize(JSON.parse(JSON.stringify(tf.keras.layers.serialize(td))) as Parameters<typeof tf.keras.layers.deserialize>[0]);
    expect(restored.weights.map((w) => w.name)).toEqual(['time_distributed/proj/kernel', 'time_distributed/proj/bias']);
  });

  it('saves and loads: weightsToBytes / weightsFromBytes, and a functional model through JSON and bytes', () => {
    const make = () => {
      tf.keras.backend.clearSession();
      const input = tf.keras.Input([4, 3]);
      const hidden = new L.Bidirectional(new L.LSTM(3, { returnSequences: true })).apply(input);
      const steps = new L.TimeDistributed(new L.Dense(2, { activation: 'tanh' })).apply(hidden);
      return new tf.keras.Model({ inputs: input, outputs: new L.Bidirectional(new L.SimpleRNN(2), { mergeMode: 'ave' }).apply(steps) });
    };
    const a = make();
    const b = make();
    const x = X();
    expect(values(b.predict(x))).not.toEqual(values(a.predict(x)));
    b.weightsFromBytes(a.weightsToBytes());
    expect(values(b.predict(x))).toEqual(values(a.predict(x)));
    const twin = tf.keras.models.modelFromJson(a.toJson());
    expect(twin.weights.map((w) => w.name)).toEqual(a.weights.map((w) => w.name));
    twin.setWeights(a.getWeights());
    expect(values(twin.predict(x))).toEqual(values(a.predict(x)));
    expect(values(tf.keras.models.fromBytes(a.toBytes()).predict(x))).toEqual(values(a.predict(x)));
  });

  it('the `weights` option sets the forward then the backward weights at build', () => {
    const source = new L.Bidirectional(new L.GRU(2));
    source.build([null, 4, 3]);
    const copy = new L.Bidirectional(new L.GRU(2), { weights: source.getWeights() });
    expect(values(copy(X()))).toEqual(values(source(X())));
  });

  it('symbolic calls: output KerasTensors for each merge mode, returnState and TimeDistributed', () => {
    const input = tf.keras.Input([4, 3]);
    const shapes = (out: unknown) => (Array.isArray(out) ? out : [out]).map((t: tf.keras.KerasTensor) => t.shape);
    expect(shapes(new L.Bidirectional(new L.LSTM(2, { returnSequences: true })).apply(input))).toEqual([[null, 4, 4]]);
    expect(shapes(new L.Bidirectional(new L.LSTM(2), { mergeMode: 'sum' }).apply(input))).toEqual([[null, 2]]);
    expect(shapes(new L.Bidirectional(new L.GRU(2, { returnState: true }), { mergeMode: null }).apply(input))).toEqual([[null, 2], [null, 2], [null, 2], [null, 2]]);
    expect(shapes(new L.Bidirectional(new L.LSTM(2, { returnState: true })).apply(input))).toEqual([[null, 4], [null, 2], [null, 2], [null, 2], [null, 2]]);
    expect(shapes(new L.TimeDistributed(new L.Conv2D(3, 2)).apply(tf.keras.Input([5, 6, 6, 1])))).toEqual([[null, 5, 5, 5, 3]]);
  });

  it('returnSequences: the backward half at timestep t is the backward layer over x_t..x_T (reversed back to align)', () => {
    const bi = new L.Bidirectional(new L.SimpleRNN(2, { returnSequences: true }), { mergeMode: null });
    const x = X();
    const [, backward] = bi(x) as unknown as tf.Tensor[];
    const last = bi.backwardLayer(tf.slice(x, [0, 3, 0], [-1, 1, -1])) as tf.Tensor; // reads only x_3
    expect(values(tf.slice(backward!, [0, 3, 0], [-1, 1, -1]))).toEqual(values(last));
  });

  it('TimeDistributed over a Sequential stack equals the stack on each timestep; it trains in a compiled fit', () => {
    const stack = new tf.keras.Sequential([new L.Dense(4, { activation: 'relu' }), new L.Dense(2)]);
    const td = new L.TimeDistributed(stack);
    const x = X();
    const out = td(x);
    expect(out.shape).toEqual([2, 4, 2]);
    expect(values(tf.slice(out, [0, 2, 0], [-1, 1, -1]))).toEqual(values(stack(tf.squeeze(tf.slice(x, [0, 2, 0], [-1, 1, -1]), [1]))));
    const model = new tf.keras.Sequential([tf.keras.Input([4, 3]), new L.TimeDistributed(new L.Dense(1))]);
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const history = model.fit(x, tf.zeros([2, 4, 1]), { epochs: 3 });
    expect(history.history.loss![2]!).toBeLessThan(history.history.loss![0]!);
  });

  it('stateful: both layers carry their states; resetStates zeroes both', () => {
    const bi = new L.Bidirectional(new L.LSTM(2, { stateful: true }));
    const x = X();
    const first = values(bi(x));
    expect(bi.states!.length).toBe(4);
    expect(values(bi(x))).not.toEqual(first);
    bi.resetStates();
    expect(bi.states!.map(values).flat().every((v) => v === 0)).toBe(true);
    expect(values(bi(x))).toEqual(first);
    expect(() => new L.Bidirectional(new L.LSTM(2)).resetStates()).toThrow("keras.layers.Bidirectional: resetStates() is for a layer wrapping one made with stateful: true; layer 'bidirectional_1' wraps 'forward_lstm_1', which is not stateful.");
  });
});

describe('Bidirectional and TimeDistributed: errors say what is wrong', () => {
  it("Keras' checks: a layer to wrap, merge modes, a backward layer that matches", () => {
    expect(() => new L.Bidirectional(3 as never)).toThrow('keras.layers.Bidirectional: Please initialize `Bidirectional` layer with a `keras.layers.Layer` instance');
    expect(() => new L.Bidirectional(new L.LSTM(2), { mergeMode: 'max' as never })).toThrow(/^keras.layers.Bidirectional: Invalid merge mode. Received: .max.\. Merge mode should be one of 'sum', 'mul', 'ave', 'concat' or null\.$/);
    expect(() => new L.Bidirectional(new L.LSTM(2), { mergeMode: 'sum', backward: 1 } as never)).toThrow("keras.layers.Bidirectional: unknown option 'backward'; the options are mergeMode, backwardLayer, weights, name, trainable, dtype, activityRegularizer, inputShape.");
    expect(() => new L.Bidirectional(new L.LSTM(2), { backwardLayer: new L.LSTM(2) })).toThrow('keras.layers.Bidirectional: Forward layer and backward layer should have different `goBackwards` value. Received: forwardLayer.goBackwards false, backwardLayer.goBackwards=false. Give the backward layer goBackwards: true.');
    expect(() => new L.Bidirectional(new L.LSTM(2, { goBackwards: true }))).toThrow('Wrap a layer with goBackwards: false');
    expect(() => new L.Bidirectional(new L.LSTM(2), { backwardLayer: new L.LSTM(2, { goBackwards: true, returnSequences: true }) })).toThrow('keras.layers.Bidirectional: Forward layer and backward layer are expected to have the same value for attribute "returnSequences", got "false" for forward layer and "true" for backward layer. Give the backward layer returnSequences: false.');
    expect(() => new L.Bidirectional(new L.Dense(2))).toThrow("keras.layers.Bidirectional: layer 'dense' has no boolean `goBackwards`");
    expect(() => new L.TimeDistributed({} as never)).toThrow('keras.layers.TimeDistributed: Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance');
    expect(() => new L.TimeDistributed(new L.Dense(2))(tf.ones([2, 3]))).toThrow('keras.layers.TimeDistributed: Input 0 of layer "time_distributed" is incompatible with the layer: expected min_ndim=3, found ndim=2.');
  });
});
