// The curve-fitting worker: parses the model, runs tf.optimize.curveFit off the main thread, and
// posts the solver's progress (throttled) so that the page can move the curve while it runs.
import * as tf from 'gradtape';
import { compileModel, parseExpression } from './expression';
import type { FitMessage, FitRequest } from './messages';

/** Every step is posted while a fit is young (so short fits animate), then one every 30 ms. */
const POST_EVERY_STEP_UNTIL = 100;
const POST_INTERVAL_MS = 30;

const post = (message: FitMessage) => (self as unknown as Worker).postMessage(message);

self.onmessage = async (event: MessageEvent<FitRequest>) => {
  const request = event.data;
  try {
    await tf.ready();
    const model = parseExpression(request.expression);
    const f = compileModel(model, tf);
    let lastPost = 0;
    const fit = tf.optimize.curveFit(f, [...request.xs], request.ys, request.p0, {
      maxIterations: request.maxIterations,
      onIteration: (info) => {
        const now = performance.now();
        if (info.iteration <= POST_EVERY_STEP_UNTIL || now - lastPost >= POST_INTERVAL_MS) {
          lastPost = now;
          post({ type: 'progress', id: request.id, iteration: info.iteration, params: info.params, cost: info.cost });
        }
      },
    });
    post({
      type: 'done', id: request.id, params: fit.params, standardErrors: fit.standardErrors, cost: fit.cost,
      iterations: fit.iterations, evaluations: fit.evaluations, converged: fit.converged, message: fit.message,
    });
  } catch (e) {
    post({ type: 'error', id: request.id, message: e instanceof Error ? e.message : String(e) });
  }
};
