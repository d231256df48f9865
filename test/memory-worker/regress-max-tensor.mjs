// Issue 8, defect 12: zeros([2**29]), exactly the documented 2 GiB maximum, passes both size
// checks and then fails with "out of memory for 2048 MiB" on a fresh instance, while one element
// less works. The documented limit and the real one must agree: the largest float32 size that is
// accepted must work on a fresh instance, and one element more must be refused with a clear
// error that is not OutOfMemory.
//
//   node regress-max-tensor.mjs try <n>   fresh instance: zeros([n + 1]) (must be refused when
//                                         n is the maximum) and then zeros([n])
//   node regress-max-tensor.mjs probe     finds the largest accepted size below 2^29 (used only
//                                         when zeros([2**29]) is refused): with 3 GiB held, every
//                                         accepted size near 2 GiB fails fast with OutOfMemory,
//                                         while a refused one fails with another error
import * as tf from 'gradtape';
import { describeError, errorKind, makeReport } from './regress-common.mjs';

const { check, numbers, done } = makeReport();
const mode = process.argv[2];
tf.setMemoryBudget(Infinity);

function attemptZeros(n) {
  const t0 = performance.now();
  try {
    const z = tf.zeros([n]);
    const ok = z.size === n && z.shape[0] === n;
    const sum = tf.reduceSum(z).item();
    z.dispose();
    return { outcome: 'works', ok: ok && sum === 0, ms: performance.now() - t0 };
  } catch (e) {
    return { outcome: errorKind(e), message: String(e.message).slice(0, 300), detail: describeError(e), ms: performance.now() - t0 };
  }
}

if (mode === 'try') {
  const n = Number(process.argv[3]);
  numbers.n = n;
  // One more first: refusing it allocates nothing, so zeros([n]) still runs on a fresh instance.
  const over = attemptZeros(n + 1);
  numbers.over = over;
  check(
    `zeros([${n + 1}]) (one element past the maximum) is refused with a clear error that is not OutOfMemory`,
    over.outcome === 'Error' && /\bzeros\b/.test(over.message) && /GiB|MiB|bytes|elements|limit|maximum/i.test(over.message),
    over.outcome === 'works' ? 'it was accepted (and worked)' : `${over.outcome}: ${over.message}`,
  );
  const at = attemptZeros(n);
  numbers.at = at;
  check(
    `zeros([${n}]) (the largest accepted size) works on a fresh instance`,
    at.outcome === 'works' && at.ok,
    at.outcome === 'works' ? `ok=${at.ok}` : `${at.outcome}: ${at.message}`,
  );
  done({ outcome: at.outcome });
} else if (mode === 'probe') {
  // Hold 3 GiB so that no tensor over ~1 GiB fits: accepted sizes fail fast (OutOfMemory).
  const ballast = [tf.zeros([2 ** 28]), tf.zeros([2 ** 28]), tf.zeros([2 ** 28])];
  let lo = 2 ** 28; // 1 GiB: accepted
  let hi = 2 ** 29; // refused (the caller saw it refused)
  const trail = [];
  let broken = null;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const r = attemptZeros(mid);
    trail.push([mid, r.outcome]);
    if (r.outcome === 'works' || r.outcome === 'OutOfMemory') lo = mid;
    else if (r.outcome === 'Error') hi = mid;
    else {
      broken = `${mid}: ${r.detail}`;
      break;
    }
  }
  for (const t of ballast) t.dispose();
  numbers.trail = trail;
  check('probing the maximum: every size is either accepted or refused with an Error', broken === null, broken ?? '');
  done({ max: broken === null ? lo : null });
} else {
  console.error('usage: regress-max-tensor.mjs try <n> | probe');
  process.exit(2);
}
