// tf.keras.layers.SimpleRNN, LSTM and GRU against Keras 3.15.1. Every KERAS_* number below comes
// from Keras 3.15.1 (JAX backend, float32) via scripts/keras_recurrent_fixtures.py, which builds
// the same layers with the same weights and inputs (made by `pattern`, repeated here) and prints
// the outputs, the gradients of a fixed loss (jax.grad of the layer's stateless_call) and a few
// epochs of fit. float32 results agree within 1e-5 relative (plus 1e-6 absolute), not bit for bit:
// gradtape adds the bias before the recurrent product, Keras after it.
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { asList, expectClose, expectKerasGradients, fixtureLoss, fixtureSequences, pattern, setPatternWeights, values } from './helpers/keras';

const L = tf.keras.layers;

beforeEach(() => tf.keras.backend.clearSession());

/** The fixture's cases, as the script makes them. */
const CASES: Record<string, () => tf.keras.layers.Layer> = {
  simple: () => new L.SimpleRNN(3, { returnSequences: true, returnState: true }),
  simple_backwards_relu_nobias: () => new L.SimpleRNN(3, { returnSequences: true, goBackwards: true, activation: 'relu', useBias: false }),
  lstm: () => new L.LSTM(3, { returnSequences: true, returnState: true }),
  lstm_backwards: () => new L.LSTM(3, { goBackwards: true, returnState: true }),
  lstm_hard_sigmoid_nobias: () => new L.LSTM(2, { useBias: false, recurrentActivation: 'hard_sigmoid', activation: 'relu', returnSequences: true }),
  gru: () => new L.GRU(3, { returnSequences: true, returnState: true }),
  gru_reset_before: () => new L.GRU(3, { resetAfter: false, returnSequences: true, returnState: true }),
  gru_backwards: () => new L.GRU(3, { goBackwards: true, returnSequences: true }),
};

/** A case's layer built for [2, 4, 3] with the fixture's weights: `pattern(shape, i + 1)` for weight i. */
function fixtureLayer(name: string): tf.keras.layers.Layer {
  const layer = CASES[name]!();
  layer.build([2, 4, 3]);
  setPatternWeights(layer);
  return layer;
}


const KERAS_FORWARD: Record<string, { names: string[]; shapes: number[][]; outputs: number[][] }> = {
  simple: {
    names: ['simple_rnn/simple_rnn_cell/kernel', 'simple_rnn/simple_rnn_cell/recurrent_kernel', 'simple_rnn/simple_rnn_cell/bias'],
    shapes: [[3, 3], [3, 3], [3]],
    outputs: [
      [0.0057172817, -0.54885304, -0.32360715, 0.3092967, -0.19871458, -0.40324065, 0.22972114, -0.6469022, -0.56884813, 0.44235986, -0.024271343, -0.45274588, 0.023282101, -0.67440784, -0.43117094, 0.28829956, -0.27909383, -0.42197633, 0.34472582, -0.40571082, -0.52971166, 0.32614988, -0.47861558, -0.54927856],
      [0.44235986, -0.024271343, -0.45274588, 0.32614988, -0.47861558, -0.54927856],
    ],
  },
  simple_backwards_relu_nobias: {
    names: ['simple_rnn/simple_rnn_cell/kernel', 'simple_rnn/simple_rnn_cell/recurrent_kernel'],
    shapes: [[3, 3], [3, 3]],
    outputs: [
      [0.074992329, 0.42576367, 0.15279022, 0, 0, 0, 0.084708892, 0.31402129, 0.083291784, 0, 0, 0.056349382, 0, 0, 0, 0.028314753, 0, 0, 0.023358561, 0.22420372, 0.096589893, 0, 0, 0],
    ],
  },
  lstm: {
    names: ['lstm/lstm_cell/kernel', 'lstm/lstm_cell/recurrent_kernel', 'lstm/lstm_cell/bias'],
    shapes: [[3, 12], [3, 12], [12]],
    outputs: [
      [-0.12266661, -0.048457675, 0.044668399, -0.2219836, -0.063496605, 0.081869446, -0.22273958, -0.06609413, 0.097469501, -0.27167615, -0.086503372, 0.097777262, -0.12969001, -0.02563812, 0.063651584, -0.20368946, -0.069094442, 0.077735357, -0.24785931, -0.060876336, 0.10251183, -0.24191639, -0.08082705, 0.10005613],
      [-0.27167615, -0.086503372, 0.097777262, -0.24191639, -0.08082705, 0.10005613],
      [-0.47699085, -0.18673985, 0.26913324, -0.43677801, -0.16997983, 0.25485343],
    ],
  },
  lstm_backwards: {
    names: ['lstm/lstm_cell/kernel', 'lstm/lstm_cell/recurrent_kernel', 'lstm/lstm_cell/bias'],
    shapes: [[3, 12], [3, 12], [12]],
    outputs: [
      [-0.24326511, -0.083438531, 0.099192388, -0.24829066, -0.066603996, 0.10683528],
      [-0.24326511, -0.083438531, 0.099192388, -0.24829066, -0.066603996, 0.10683528],
      [-0.44091526, -0.17604014, 0.25191635, -0.45646375, -0.1505715, 0.28059691],
    ],
  },
  lstm_hard_sigmoid_nobias: {
    names: ['lstm/lstm_cell/kernel', 'lstm/lstm_cell/recurrent_kernel'],
    shapes: [[3, 8], [2, 8]],
    outputs: [
      [0.0067804512, 0, 0.0038920571, 0.077977724, 0.050165161, 0.048025552, 0.034818839, 0.10881156, 0.066982508, 0, 0.044351552, 0.029065367, 0.052960645, 0.032266948, 0.031338993, 0.018504424],
    ],
  },
  gru: {
    names: ['gru/gru_cell/kernel', 'gru/gru_cell/recurrent_kernel', 'gru/gru_cell/bias'],
    shapes: [[3, 9], [3, 9], [2, 9]],
    outputs: [
      [0.034764465, -0.097137339, -0.097419985, -0.24829397, -0.61410105, 0.45884535, -0.27341333, -0.13315055, 0.41711456, -0.31745505, -0.45576125, 0.10506145, -0.3744413, -0.18556343, 0.45895621, -0.2100475, -0.30109817, -0.048614465, -0.53217894, -0.44544303, 0.55034262, -0.17331602, -0.23360078, 0.1881056],
      [-0.31745505, -0.45576125, 0.10506145, -0.17331602, -0.23360078, 0.1881056],
    ],
  },
  gru_reset_before: {
    names: ['gru/gru_cell/kernel', 'gru/gru_cell/recurrent_kernel', 'gru/gru_cell/bias'],
    shapes: [[3, 9], [3, 9], [9]],
    outputs: [
      [0.09640675, 0.033034898, -0.072713815, -0.25460133, -0.42433515, 0.39136073, -0.20384885, 0.028151369, 0.38677204, -0.23707405, -0.2764757, 0.11839657, -0.40879673, 0.068810396, 0.37507442, -0.13341433, -0.068345778, -0.014071912, -0.51372671, -0.1957261, 0.47904199, -0.041473482, -0.038627151, 0.20695968],
      [-0.23707405, -0.2764757, 0.11839657, -0.041473482, -0.038627151, 0.20695968],
    ],
  },
  gru_backwards: {
    names: ['gru/gru_cell/kernel', 'gru/gru_cell/recurrent_kernel', 'gru/gru_cell/bias'],
    shapes: [[3, 9], [3, 9], [2, 9]],
    outputs: [
      [-0.13670577, -0.47422153, 0.051826317, -0.27968898, -0.097550243, 0.24413124, -0.45650116, -0.54146957, 0.47661304, -0.14827389, -0.26647714, 0.17659166, 0.038903177, -0.10580691, -0.11040645, -0.35815445, -0.50114775, 0.55806762, -0.19074079, -0.45363054, 0.039994199, -0.52402586, -0.15630829, 0.45791811],
    ],
  },
};
const KERAS_GRADS: Record<string, { loss: number; grads: number[][] }> = {
  simple: { loss: -0.617878318, grads: [
    [0.1641221, 0.098353595, -0.11867207, 0.55517805, 0.36117223, 0.20121196, 0.52608633, 0.35066301, 0.36882284],
    [-0.1079649, -0.020928787, -0.099641249, -0.15167527, 0.40929538, 0.30774263, 0.042799495, 0.28657663, 0.29437748],
    [1.7691071, -0.24850917, 0.63128567],
  ] },
  simple_backwards_relu_nobias: { loss: 0.0900944099, grads: [
    [0.027268559, 0.24671707, 0.86100441, 0.76468062, 0.14544851, 1.2454158, 0.92339778, -0.065892607, 0.68732142],
    [-0.024788212, -0.012731656, 0.075811975, 0, 0, 0.26705521, 0, 0, 0.070834383],
  ] },
  lstm: { loss: 0.440541178, grads: [
    [0.049137168, 0.010558416, 0.014419954, 0.010728536, -0.0035621035, 0.020913936, -0.17551404, -0.018881422, 0.095323488, -0.026645709, -0.017470749, 0.030400347, 0.0078717284, -0.0059678671, 0.020665357, 0.021396982, -0.0030068506, 0.021303631, -0.085210614, 0.04713282, 0.1830695, -0.034535199, -0.026287489, 0.033883959, -0.039350878, -0.017977787, 0.011271631, 0.015872618, -0.00017607445, 0.0055711586, 0.069578491, 0.077477887, 0.13227218, -0.016289134, -0.01521038, 0.011724864],
    [-0.06185443, -0.00688319, -0.026167793, -0.052481569, -0.0037194698, -0.021806298, 0.24184775, 0.057153247, -0.12480215, -0.030898027, -0.0024348837, -0.011341297, -0.01794702, -0.002047763, -0.0075779273, -0.015199041, -0.0012030638, -0.0061083185, 0.069089234, 0.017394872, -0.03528782, -0.0093040615, -0.00090161001, -0.0030495387, 0.025239132, 0.002836646, 0.010775147, 0.021229381, 0.0013819111, 0.0090250997, -0.098495558, -0.022489667, 0.051348671, 0.012179632, 0.00075878669, 0.0050586294],
    [0.21974315, 0.037597302, 0.13497949, 0.24825834, 0.023805827, 0.089514181, -0.84633869, -0.29297137, 0.65556127, 0.029409587, -0.00019788742, 0.062746227],
  ] },
  lstm_backwards: { loss: 0.0248329937, grads: [
    [-0.0076967832, -0.0044744732, 0.0041808458, -0.010744132, -0.0053290352, 0.0065585505, 0.021902392, 0.055845309, 0.037934925, 0.018319573, -0.0093186237, 0.036522485, 0.00064833625, -0.0022709658, 0.014524957, 0.0077918149, -0.0065809605, 0.02463286, -0.04417792, 0.052615307, 0.14497668, -0.02067899, -0.026130373, 0.062122643, 0.0085028093, 0.0016511655, 0.013876872, 0.020431072, -0.0028525458, 0.024065515, -0.076825269, 0.0095670782, 0.14230296, -0.044028107, -0.023167178, 0.040709622],
    [-0.023532307, 0.0025454303, -0.022186566, -0.021575969, 0.0012874771, -0.017786276, 0.09480837, -0.01723722, -0.11271217, 0.01833236, 0.010227868, -0.0080772582, -0.0072350074, 0.00068084878, -0.006504206, -0.0065300427, 0.0002595791, -0.0050508305, 0.028729171, -0.0039955438, -0.032353569, 0.0055475319, 0.002745921, -0.0015455838, 0.009146533, -0.00096484181, 0.0086250314, 0.0083518624, -0.0004947338, 0.0068588094, -0.036640253, 0.0065303864, 0.043394521, -0.0068845758, -0.0038815739, 0.0029779822],
    [0.12271723, -0.013402918, 0.10651196, 0.096535206, -0.0056537995, 0.076141372, -0.48189893, 0.085818455, 0.52257371, -0.072055161, -0.040441141, 0.026711402],
  ] },
  lstm_hard_sigmoid_nobias: { loss: -0.0283872895, grads: [
    [-0.0034615807, -0.01228049, 0.0010876926, -0.0012954329, -0.054175027, -0.061426342, 0.0033604531, -0.018931393, -0.012297768, -0.00045968499, 0.0047651911, -0.0074856402, -0.056238979, 0.037476793, -0.00076581445, -0.019045986, -0.01182725, 0.011709002, 0.0048364876, -0.0080108643, -0.015742406, 0.10801826, -0.004312526, -0.0047469549],
    [0.00056150748, -0.00046598382, 0.0010067768, -0.00038968626, 0.01656707, 0.011014488, 0.001079548, -0.00096305244, -0.00053520722, -0.0010846992, -0.00020805793, -0.0013707906, 0.00047979853, -0.009548883, 0.00015165427, -0.002217025],
  ] },
  gru: { loss: 0.22192876, grads: [
    [-0.016151588, -0.18726653, 0.072743863, -0.0090304967, 0.014482334, -0.0079314848, 0.11254233, 0.070049703, 0.33956501, -0.020255528, 0.010413373, 0.097878501, -0.0088245654, -0.022545027, 0.00064986758, 0.072776206, 0.25615823, 0.57232642, -0.0090305042, 0.20021263, 0.048940644, -0.0019403752, -0.042510763, 0.0087394156, -0.022065535, 0.2484113, 0.37196267],
    [0.063437611, 0.0090408958, -0.037289843, -0.0066664661, -0.011714756, 0.0026542637, 0.10891612, 0.11421078, -0.14513361, 0.078531347, -0.093243964, -0.040308572, -0.013946394, -0.018734964, 0.0037731482, 0.25071844, 0.26173475, -0.041757695, -0.029325625, 0.039690617, 0.055717029, 0.0096748909, 0.015323201, -0.0062772981, -0.19454063, -0.16442935, 0.16402778],
    [-0.0056352839, 0.12541541, 0.129502, -0.0053368006, -0.044495083, -0.01958927, -0.36245829, -0.12112978, 0.63143009, -0.0056352615, 0.12541543, 0.12950198, -0.0053368006, -0.044495087, -0.019589271, -0.23628664, -0.093171418, 0.38732445],
  ] },
  gru_reset_before: { loss: 0.261014163, grads: [
    [-0.0061638877, -0.16959155, 0.095754616, 0.0064276401, 0.0078060906, -0.0094046993, 0.13135087, 0.027848825, 0.30652848, -0.047800515, -0.039050646, 0.12114146, 0.00441017, 0.0063220626, -0.0092994943, 0.15705451, 0.3035067, 0.46314088, -0.05326267, 0.121043, 0.054850861, -0.00094482722, 5.3623226e-05, -0.0021566194, 0.063902438, 0.34947675, 0.26925752],
    [0.050896496, 0.0083573814, -0.024704769, -0.0017771777, -0.0041314154, 0.014150933, 0.12109295, 0.047822472, -0.10999827, 0.035509713, -0.087222047, -0.03065465, 0.00294609, 0.0019938704, 0.011938553, 0.12527122, 0.067931227, -0.014788061, -0.023839787, 0.031941861, 0.064369656, -0.0014517475, 0.0018833561, -0.024232538, -0.13051671, -0.049032226, 0.15003827],
    [0.013595626, 0.013680849, 0.14886037, -0.01122435, 0.005418418, -0.065426163, -0.23507184, 0.060895801, 0.61937416],
  ] },
  gru_backwards: { loss: 0.0337481052, grads: [
    [0.10567489, 0.1981183, 0.11781757, -0.0040203715, -0.017070133, -0.0016559595, -0.15643263, -0.081123829, 0.7329573, 0.22494254, 0.17038023, 0.11759217, -0.012441802, -0.050666358, -0.0052340589, 0.028715193, 0.55647516, 0.69925088, 0.17397815, 0.013701778, 0.028375365, -0.011447525, -0.045919292, -0.004851128, 0.19213194, 0.77294475, 0.13636535],
    [-0.029889628, 0.063270293, -0.075945087, -0.00036320186, 0.0020512112, -0.0017805303, 0.061737634, -0.048081398, -0.12852439, -0.068525694, 0.066099726, -0.10027528, 0.001289055, 0.005977646, 0.0012860126, 0.047066163, -0.14148919, -0.15712854, 0.047589164, -0.044690341, 0.10630454, 0.0014937958, -5.7340832e-05, 0.0011593603, -0.09375187, 0.0033029281, 0.17745775],
    [-0.039848983, -0.077557132, 0.3134509, -0.021352358, -0.0288272, -0.0056605702, -0.038591146, 0.3397499, 0.73053944, -0.039848994, -0.077557117, 0.3134509, -0.021352358, -0.028827196, -0.0056605688, -0.0078725666, 0.11363405, 0.48559445],
  ] },
};
const KERAS_FIT_SEQUENTIAL_LSTM = {
  loss: [0.62782115, 0.60480469, 0.59224689],
  weights: [
    [0.41835636, 0.37251991, -0.2219404, -0.49296671, -0.042310562, 0.46872088, 0.29805028, -0.30781719, -0.46133402, 0.062716335, 0.49349511, 0.19718385, -0.39023253, -0.40612698, 0.17117471, 0.49810681, 0.094536275, -0.44771186, -0.33427021, 0.26905093, 0.47783026, -0.012442498, -0.48497361, -0.24719763, 0.35384771, 0.43659347, -0.12011407, -0.49853048, -0.14726911, 0.42107362, 0.36724743, -0.22578013, -0.49002066, -0.03660718, 0.47108355, 0.29247841],
    [0.45452848, -0.078773052, -0.49692282, -0.18712921, 0.3967599, 0.39921701, -0.1823152, -0.49569216, -0.083091632, 0.45267972, 0.32513875, -0.27915177, -0.47438553, 0.025283042, 0.48788801, 0.2358401, -0.36175567, -0.42935106, 0.13200118, 0.50031906, 0.13540982, -0.42738622, -0.36407512, 0.23268728, 0.48868918, 0.0286953, -0.47327417, -0.2818976, 0.32246134, 0.45447001, -0.07962092, -0.49745798, -0.18643945, 0.39720321, 0.39896092, -0.1836167],
    [0.07119526, -0.45810241, -0.31510922, 0.29005575, 0.47082072, -0.03740203, -0.49493009, -0.23580046, 0.37267685, 0.42353472, -0.14397475, -0.499259],
    [-0.39091688, -0.41668653, 0.16305473],
    [-0.41266116],
  ],
};
const KERAS_FIT_FUNCTIONAL_GRU_SIMPLE = {
  loss: [0.84389782, 0.73011214, 0.6459043],
  weights: [
    [0.36950791, 0.36445466, -0.16704282, -0.54262698, -0.10028088, 0.41776651, 0.34049171, -0.25671262, -0.43842316, 0.015454319, 0.55118042, 0.25408939, -0.37128884, -0.46122423, 0.11672694, 0.55248207, 0.1485727, -0.39927694, -0.38558647, 0.31847697, 0.53544432, 0.010240203, -0.53181905, -0.30109835, 0.41068092, 0.45691246, -0.13530821],
    [0.50720018, -0.13267881, -0.55184162, -0.23944309, 0.34695324, 0.42709333, -0.23317426, -0.44758734, -0.13136992, 0.51236129, 0.26688135, -0.2300476, -0.52737916, -0.026779041, 0.43266746, 0.18583557, -0.30929551, -0.47826734, 0.078561336, 0.55847138, 0.18901181, -0.37177995, -0.31748867, 0.19722633, 0.53813869, -0.020408824, -0.42699501],
    [0.087391965, -0.40987888, -0.35028464, 0.23928618, 0.51943541, -0.0086000441, -0.43928996, -0.27580035, 0.41886941, 0.43970537, -0.09574759, -0.53453857, -0.17342056, 0.48289213, 0.38455608, -0.19241552, -0.53682518, 0.031284489],
    [-0.36116934, -0.36515921, 0.17860478, 0.54797006, 0.066492721, -0.49513158],
    [-0.46356556, 0.0044188593, 0.43960541, 0.20317888],
    [-0.1901601, 0.37468889],
    [0.3278684, 0.40359607],
    [0.4441486],
  ],
};

describe('SimpleRNN, LSTM and GRU against Keras 3.15.1', () => {
  it.each(Object.keys(CASES))('%s: weights named and shaped as Keras 3, outputs (sequences, states) as Keras', (name) => {
    const want = KERAS_FORWARD[name]!;
    const layer = fixtureLayer(name);
    expect(layer.weights.map((w) => w.name)).toEqual(want.names);
    expect(layer.weights.map((w) => w.path)).toEqual(want.names);
    expect(layer.weights.map((w) => w.shape)).toEqual(want.shapes);
    const outputs = asList(layer(fixtureSequences()) as tf.Tensor | tf.Tensor[]);
    expect(outputs.length).toBe(want.outputs.length);
    outputs.forEach((t, i) => expectClose(t, want.outputs[i]!, `${name} output ${i}`));
  });

  it.each(Object.keys(CASES))('%s: the gradients of a loss of the outputs and states, eager and inside tf.function', (name) => {
    const layer = fixtureLayer(name);
    expectKerasGradients(name, (input) => fixtureLoss(asList(layer(input) as tf.Tensor | tf.Tensor[])), [fixtureSequences()], layer.trainableWeights, KERAS_GRADS[name]!);
  });

  it("fit: a Sequential LSTM -> Dense (SGD) as Keras' History and weights, compiled and eager alike", () => {
    const x = pattern([6, 4, 3], 0.1, 1, 0.7);
    const y = pattern([6, 1], 0.4, 1, 1.1);
    const run = (runEagerly: boolean) => {
      tf.keras.backend.clearSession();
      const model = new tf.keras.Sequential([tf.keras.Input([4, 3]), new L.LSTM(3), new L.Dense(1)]);
      setPatternWeights(model);
      model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse', runEagerly });
      const history = model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false });
      return { loss: history.history.loss!, weights: model.getWeights().map(values) };
    };
    const eager = run(true);
    expectClose(eager.loss, KERAS_FIT_SEQUENTIAL_LSTM.loss, 'loss');
    eager.weights.forEach((w, i) => expectClose(w, KERAS_FIT_SEQUENTIAL_LSTM.weights[i]!, `weight ${i}`));
    expect(run(false)).toEqual(eager);
  });

  it("fit: a functional GRU (returnSequences) -> SimpleRNN -> Dense (Adam) as Keras', compiled and eager alike", () => {
    const x = pattern([6, 4, 3], 0.1, 1, 0.7);
    const y = pattern([6, 1], 0.4, 1, 1.1);
    const run = (runEagerly: boolean) => {
      tf.keras.backend.clearSession();
      const input = tf.keras.Input([4, 3]);
      const hidden = new L.SimpleRNN(2).apply(new L.GRU(3, { returnSequences: true }).apply(input));
      const model = new tf.keras.Model({ inputs: input, outputs: new L.Dense(1).apply(hidden) });
      setPatternWeights(model);
      model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.01 }), loss: 'mse', runEagerly });
      const history = model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false });
      return { loss: history.history.loss!, weights: model.getWeights().map(values) };
    };
    const eager = run(true);
    expectClose(eager.loss, KERAS_FIT_FUNCTIONAL_GRU_SIMPLE.loss, 'loss');
    eager.weights.forEach((w, i) => expectClose(w, KERAS_FIT_FUNCTIONAL_GRU_SIMPLE.weights[i]!, `weight ${i}`));
    expect(run(false)).toEqual(eager);
  });
});

describe('recurrent layers: initial weights, shapes, configs and saving', () => {
  it("LSTM's bias starts [0, 1, 0, 0] by gate with unitForgetBias (Keras: [0, 0, 1, 1, 0, 0, 0, 0] for 2 units), zeros without", () => {
    const lstm = new L.LSTM(2);
    lstm.build([null, 4, 3]);
    expect(values(lstm.bias!)).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const plain = new L.LSTM(2, { unitForgetBias: false, biasInitializer: 'ones' });
    plain.build([null, 4, 3]);
    expect(values(plain.bias!)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const constant = new L.LSTM(1, { biasInitializer: new tf.keras.initializers.Constant({ value: 0.5 }) });
    constant.build([null, 4, 3]);
    expect(values(constant.bias!)).toEqual([0.5, 1, 0.5, 0.5]);
  });

  it("the recurrent kernel starts orthogonal (Keras' default): U Uᵀ = I for [units, gates·units]", () => {
    for (const layer of [new L.SimpleRNN(4), new L.LSTM(4), new L.GRU(4)]) {
      layer.build([null, 3, 2]);
      const u = (layer as tf.keras.layers.LSTM).recurrentKernel!;
      const gram = values(tf.matmul(u, u, false, true));
      gram.forEach((v, k) => expect(v).toBeCloseTo(k % 5 === 0 ? 1 : 0, 5));
    }
  });

  it('output shapes: returnSequences, returnState (a KerasTensor per state), in Sequential and functional models', () => {
    const input = tf.keras.Input([7, 3]);
    const [sequence, h, c] = new L.LSTM(5, { returnSequences: true, returnState: true }).apply(input) as unknown as tf.keras.KerasTensor[];
    expect([sequence!.shape, h!.shape, c!.shape]).toEqual([[null, 7, 5], [null, 5], [null, 5]]);
    const [last, state] = new L.GRU(2, { returnState: true }).apply(sequence!) as unknown as tf.keras.KerasTensor[];
    expect([last!.shape, state!.shape]).toEqual([[null, 2], [null, 2]]);
    const model = new tf.keras.Model({ inputs: input, outputs: [last!, h!] });
    const [a, b] = model.predict(tf.ones([2, 7, 3])) as unknown as tf.Tensor[];
    expect([a!.shape, b!.shape]).toEqual([[2, 2], [2, 5]]);
    expect(new L.SimpleRNN(4).computeOutputShape([null, 9, 2])).toEqual([null, 4]);
    const stacked = new tf.keras.Sequential([tf.keras.Input([6, 2]), new L.SimpleRNN(4, { returnSequences: true }), new L.LSTM(3)]);
    expect(stacked.computeOutputShape([null, 6, 2])).toEqual([null, 3]);
    expect(stacked.predict(tf.ones([5, 6, 2])).shape).toEqual([5, 3]);
  });

  it('goBackwards reads the sequence from its end: the same as the forward layer on the reversed sequence', () => {
    const x = fixtureSequences();
    const forward = new L.GRU(3, { returnSequences: true });
    const backward = new L.GRU(3, { returnSequences: true, goBackwards: true });
    forward.build([null, 4, 3]);
    backward.build([null, 4, 3]);
    backward.setWeights(forward.getWeights());
    expect(values(backward(x))).toEqual(values(forward(tf.reverse(x, [1]))));
  });

  it('getConfig has Keras 3 keys; fromConfig, serialize/deserialize make the same layer', () => {
    const lstm = new L.LSTM(4, { name: 'enc', returnSequences: true, dropout: 0.25, kernelRegularizer: 'l2', recurrentActivation: 'hard_sigmoid' });
    expect(lstm.getConfig()).toEqual({
      name: 'enc', trainable: true, dtype: 'float32', returnSequences: true, returnState: false, goBackwards: false, stateful: false, unroll: false,
      zeroOutputForMask: false, units: 4, activation: 'tanh', useBias: true,
      kernelInitializer: { className: 'GlorotUniform', config: { seed: null } },
      recurrentInitializer: { className: 'Orthogonal', config: { gain: 1, seed: null } },
      biasInitializer: { className: 'Zeros', config: {} },
      kernelRegularizer: { className: 'L2', config: { l2: 0.01 } }, recurrentRegularizer: null, biasRegularizer: null,
      kernelConstraint: null, recurrentConstraint: null, biasConstraint: null,
      dropout: 0.25, recurrentDropout: 0, seed: null, recurrentActivation: 'hard_sigmoid', unitForgetBias: true,
    });
    expect(new L.GRU(2).getConfig()).toMatchObject({ resetAfter: true, recurrentActivation: 'sigmoid' });
    expect(new L.SimpleRNN(2, { activation: null }).getConfig()).toMatchObject({ activation: 'linear' });
    for (const layer of [lstm, new L.GRU(3, { resetAfter: false, goBackwards: true }), new L.SimpleRNN(2, { returnState: true, activation: 'relu' })]) {
      layer.apply(tf.keras.Input([5, 2]));
      const data = tf.keras.layers.serialize(layer);
      expect(data.buildConfig).toEqual({ inputShape: [null, 5, 2] });
      const twin = tf.keras.layers.deserialize(data);
      expect(twin.constructor).toBe(layer.constructor);
      expect(twin.getConfig()).toEqual(layer.getConfig());
      expect(twin.built).toBe(true);
      expect(twin.weights.map((w) => w.shape)).toEqual(layer.weights.map((w) => w.shape));
      expect((layer.constructor as typeof L.LSTM).fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    }
    expect(tf.keras.layers.serialize(new L.GRU(2)).className).toBe('GRU');
  });

  it('saves and loads: weightsToBytes / weightsFromBytes and a whole model (toBytes / fromBytes) predict the same', () => {
    const make = () => new tf.keras.Sequential([tf.keras.Input([4, 3]), new L.GRU(3, { returnSequences: true }), new L.SimpleRNN(2, { returnSequences: true }), new L.LSTM(2), new L.Dense(1)]);
    const a = make();
    const b = make();
    const x = fixtureSequences();
    expect(values(b.predict(x))).not.toEqual(values(a.predict(x)));
    b.weightsFromBytes(a.weightsToBytes());
    expect(values(b.predict(x))).toEqual(values(a.predict(x)));
    a.compile({ optimizer: 'adam', loss: 'mse' });
    const loaded = tf.keras.models.fromBytes(a.toBytes());
    expect(loaded.layers.map((l) => l.constructor.name)).toEqual(['GRU', 'SimpleRNN', 'LSTM', 'Dense']);
    expect(values(loaded.predict(x))).toEqual(values(a.predict(x)));
  });

  it('a functional model using returnState (an encoder\'s h and c into Dense layers) through JSON and bytes', () => {
    const input = tf.keras.Input([4, 3]);
    const [, h, c] = new L.LSTM(3, { returnState: true }).apply(input) as unknown as tf.keras.KerasTensor[];
    const model = new tf.keras.Model({ inputs: input, outputs: new L.Dense(1).apply(new L.Concatenate().apply([h!, c!])) });
    const x = fixtureSequences();
    const twin = tf.keras.models.modelFromJson(model.toJson());
    twin.setWeights(model.getWeights());
    expect(values(twin.predict(x))).toEqual(values(model.predict(x)));
    expect(values(tf.keras.models.fromBytes(model.toBytes()).predict(x))).toEqual(values(model.predict(x)));
  });

  it('regularizers add to losses; constraints apply after each update', () => {
    const layer = new L.SimpleRNN(2, { kernelRegularizer: tf.keras.regularizers.l2(0.5), recurrentRegularizer: 'l1', biasConstraint: 'non_neg', biasInitializer: 'ones' });
    layer(fixtureSequences());
    const [kernel, recurrent] = layer.getWeights();
    expect(layer.losses.map((l) => l.item())).toEqual([
      tf.mul(0.5, tf.reduceSum(tf.square(kernel!))).item(),
      tf.mul(0.01, tf.reduceSum(tf.abs(recurrent!))).item(),
    ]);
    const model = new tf.keras.Sequential([tf.keras.Input([4, 3]), layer]);
    model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 100 }), loss: 'mse' });
    model.fit(fixtureSequences(), tf.fill([2, 2], -5), { epochs: 1 }); // pushes the bias far below 0: clipped at 0
    expect(values(layer.bias!).every((v) => v >= 0)).toBe(true);
  });
});

describe('recurrent layers: dropout, stateful, tf.function', () => {
  /** A linear SimpleRNN with identity kernels and no bias: h_t = x_t ⊙ m + (h_{t-1} ⊙ r) (masks m, r). */
  function identityRNN(options: tf.SimpleRNNOptions, units = 64): tf.keras.layers.SimpleRNN {
    const layer = new L.SimpleRNN(units, { activation: null, useBias: false, kernelInitializer: 'identity', recurrentInitializer: 'identity', returnSequences: true, ...options });
    layer.build([null, 3, units]);
    return layer;
  }

  it('dropout: one input mask per call, the same at every timestep (values 0 or 1 / (1 - rate)); none in inference', () => {
    const layer = identityRNN({ dropout: 0.5, recurrentInitializer: 'zeros' });
    const x = tf.ones([2, 3, 64]);
    expect(values(layer(x))).toEqual(values(x)); // inference: no dropout
    const steps = tf.unstack(layer(x, { training: true }), 1).map(values);
    expect(steps[1]).toEqual(steps[0]);
    expect(steps[2]).toEqual(steps[0]);
    expect(new Set(steps[0])).toEqual(new Set([0, 2]));
    const again = values(tf.unstack(layer(x, { training: true }), 1)[0]!);
    expect(again).not.toEqual(steps[0]); // a new mask at the next call
  });

  it('recurrentDropout: one mask r of h_{t-1} per call, reused: h_1 = r and h_2 = h_1 ⊙ r = h_1²', () => {
    const layer = identityRNN({ recurrentDropout: 0.5 });
    const x = tf.concat([tf.ones([1, 1, 64]), tf.zeros([1, 2, 64])], 1); // h_0 = 1, then no input
    const [h0, h1, h2] = tf.unstack(layer(x, { training: true }), 1).map(values);
    expect(new Set(h0)).toEqual(new Set([1]));
    expect(new Set(h1)).toEqual(new Set([0, 2])); // r
    expect(h2).toEqual(h1!.map((v) => v * v)); // r ⊙ r, not a new mask
  });

  it('LSTM and GRU with dropout and recurrentDropout (a mask per gate): train under fit, compiled; inference unchanged', () => {
    for (const make of [() => new L.LSTM(3, { dropout: 0.3, recurrentDropout: 0.3, seed: 7 }), () => new L.GRU(3, { dropout: 0.3, recurrentDropout: 0.2 }), () => new L.GRU(3, { resetAfter: false, dropout: 0.3 })]) {
      const layer = make();
      const plain = make();
      const x = fixtureSequences();
      layer.build([null, 4, 3]);
      plain.build([null, 4, 3]);
      plain.setWeights(layer.getWeights());
      expect(values(layer(x))).toEqual(values(plain(x)));
      expect(values(layer(x, { training: true }))).not.toEqual(values(plain(x)));
      const model = new tf.keras.Sequential([tf.keras.Input([4, 3]), layer, new L.Dense(1)]);
      model.compile({ optimizer: 'adam', loss: 'mse' });
      const history = model.fit(pattern([8, 4, 3], 0.1, 1, 0.7), pattern([8, 1], 0.4, 1, 1.1), { epochs: 2, batchSize: 4 });
      expect(history.history.loss!.every(Number.isFinite)).toBe(true);
    }
  });

  it('a seed gives the same series of masks (new ones at each call, from the cell\'s SeedGenerator, as Keras)', () => {
    const [layer, twin] = [identityRNN({ dropout: 0.5, recurrentDropout: 0.5, seed: 3 }), identityRNN({ dropout: 0.5, recurrentDropout: 0.5, seed: 3 })];
    const x = tf.ones([2, 3, 64]);
    const first = values(layer(x, { training: true })), second = values(layer(x, { training: true }));
    expect(second).not.toEqual(first);
    expect([values(twin(x, { training: true })), values(twin(x, { training: true }))]).toEqual([first, second]);
  });

  it('stateful: each call starts from the last one\'s states (as one call over the joined sequence); resetStates zeroes them', () => {
    const x = fixtureSequences();
    const [first, second] = [tf.slice(x, [0, 0, 0], [-1, 2, -1]), tf.slice(x, [0, 2, 0], [-1, 2, -1])];
    const whole = new L.LSTM(3, { returnState: true });
    whole.build([2, 4, 3]);
    const layer = new L.LSTM(3, { stateful: true, returnState: true });
    layer.build([2, 2, 3]);
    layer.setWeights(whole.getWeights());
    expect(layer.weights.length).toBe(3); // the states are not weights
    const wanted = (whole(x) as unknown as tf.Tensor[]).map(values);
    layer(first);
    const got = (layer(second) as unknown as tf.Tensor[]).map(values);
    got.forEach((v, i) => expectClose(v, wanted[i]!, `state ${i}`));
    expect(layer.states!.map(values)).toEqual(got.slice(1));
    layer.resetStates();
    expect(layer.states!.map(values)).toEqual([Array(6).fill(0), Array(6).fill(0)]);
    const fresh = new L.LSTM(3, { returnState: true });
    fresh.build([2, 2, 3]);
    fresh.setWeights(whole.getWeights());
    expect((layer(first) as unknown as tf.Tensor[]).map(values)).toEqual((fresh(first) as unknown as tf.Tensor[]).map(values));
    expect(() => layer(tf.ones([3, 2, 3]))).toThrow('keras.layers.LSTM: If an RNN is stateful, the batch size of the input sequences must be the same as the batch size of the initial state. Expected batch size: 2. Received batch size: 3.');
  });

  it('stateful in a compiled fit: the states carry from batch to batch', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([4, 3], { batchSize: 2 }), new L.GRU(3, { stateful: true }), new L.Dense(1)]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const gru = model.layers[0] as tf.keras.layers.GRU;
    model.fit(pattern([4, 4, 3], 0.1, 1, 0.7), pattern([4, 1], 0.4), { epochs: 1, batchSize: 2, shuffle: false });
    expect(values(gru.states![0]!).some((v) => v !== 0)).toBe(true);
  });

  it('runs inside tf.function: the compiled call equals the eager one', () => {
    const lstm = new L.LSTM(4, { returnSequences: true, goBackwards: true });
    const x = fixtureSequences();
    const eager = values(lstm(x));
    expect(values(tf.function((t: tf.Tensor) => lstm(t))(x) as tf.Tensor)).toEqual(eager);
  });
});

describe('recurrent layers: errors say what is wrong', () => {
  it('options, inputs and stateful without a batch size', () => {
    expect(() => new L.LSTM(0)).toThrow('keras.layers.LSTM: Received an invalid value for argument `units`, expected a positive integer, got 0.');
    expect(() => new L.GRU(2, { dropout: 1 })).toThrow('keras.layers.GRU: dropout must be a number in [0, 1), the fraction of units dropped in training, got 1.');
    expect(() => new L.SimpleRNN(2, { recurrentDropout: -0.1 })).toThrow('keras.layers.SimpleRNN: recurrentDropout must be a number in [0, 1)');
    expect(() => new L.GRU(2, { resetAfter: 'yes' as never })).toThrow('keras.layers.GRU: resetAfter must be true or false');
    expect(() => new L.LSTM(2, { useCudnn: 'auto' } as never)).toThrow(/keras.layers.LSTM: unknown option 'useCudnn'; the options are .*unitForgetBias/);
    expect(() => new L.SimpleRNN(2, { recurrentInitializer: 'nope' })).toThrow(/keras.layers.SimpleRNN: .*unknown initializer 'nope'/);
    expect(() => new L.SimpleRNN(2, { name: 'rnn' })(tf.ones([2, 3]))).toThrow('keras.layers.SimpleRNN: Input 0 of layer "rnn" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (2, 3)');
    expect(() => new L.SimpleRNN(2)(tf.ones([2, 0, 3]))).toThrow('a recurrent layer needs at least one');
    expect(() => new L.LSTM(2, { stateful: true }).apply(tf.keras.Input([4, 3]))).toThrow('keras.layers.LSTM: When using `stateful: true` in a RNN, the batch size must be static. Found dynamic batch size: sequence.shape=(None, 4, 3).');
    expect(() => new L.LSTM(2, { name: 'lstm' }).resetStates()).toThrow("keras.layers.LSTM: resetStates() is for a layer made with stateful: true; layer 'lstm' has no states to reset.");
  });
});
