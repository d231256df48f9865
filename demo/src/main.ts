// The demo page: starts the two panels and exposes them as `window.gradtapeDemo`, so that the
// browser test (and a curious user's console) can read what the page shows.
import { ClassifierPanel } from './classifier-panel';
import { FitPanel } from './fit-panel';

// The workers are built beside this file (scripts/demo.mjs).
const fit = new FitPanel(new URL('./fit-worker.js', import.meta.url));
const classifier = new ClassifierPanel(new URL('./classifier-worker.js', import.meta.url));

declare global {
  interface Window {
    gradtapeDemo: { fit: FitPanel; classifier: ClassifierPanel };
  }
}
window.gradtapeDemo = { fit, classifier };
