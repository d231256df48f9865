// The messages between the page and its two workers (fit-worker.ts, classifier-worker.ts).
import type { Point } from './models';

export interface FitRequest {
  readonly type: 'fit';
  /** Identifies the fit, so that the page can ignore messages from one it has replaced. */
  readonly id: number;
  readonly expression: string;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly p0: readonly number[];
  readonly maxIterations: number;
}

export type FitMessage =
  | { readonly type: 'progress'; readonly id: number; readonly iteration: number; readonly params: number[]; readonly cost: number }
  | {
      readonly type: 'done'; readonly id: number; readonly params: number[]; readonly standardErrors: number[];
      readonly cost: number; readonly iterations: number; readonly evaluations: number; readonly converged: boolean; readonly message: string;
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

export interface LabelledPoint extends Point {
  /** The class, 0 to CLASSES - 1. */
  readonly label: number;
}

/** The classifier always has three outputs; a data set may use two of them. */
export const CLASSES = 3;

/** The square of the plane the classifier panel shows, and where its decision map is computed. */
export const CLASSIFIER_VIEW = { xMin: -2, xMax: 2, yMin: -2, yMax: 2, gridSize: 64 } as const;

export type ClassifierRequest =
  | { readonly type: 'points'; readonly points: readonly LabelledPoint[] }
  | { readonly type: 'reset'; readonly seed: number }
  | { readonly type: 'train'; readonly steps: number; readonly learningRate: number }
  | { readonly type: 'stop' };

export type ClassifierMessage =
  | {
      readonly type: 'progress'; readonly step: number; readonly loss: number; readonly accuracy: number;
      /** gridSize² rows of CLASSES probabilities, row-major from the top-left corner of the view. */
      readonly probabilities: Float32Array; readonly running: boolean;
    }
  | { readonly type: 'error'; readonly message: string };
