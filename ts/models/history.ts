// keras.callbacks.History (keras/src/callbacks/history.py): what `fit` returns, the logs of every
// epoch by name ('loss', the metrics, 'val_loss', ...), one value per epoch.

/** The per-epoch logs of `fit`: `loss`, each compiled metric, and `val_` ones with validation data. */
export type Logs = Record<string, number>;

/**
 * keras.callbacks.History: `history` maps each log name to its value at every epoch (`loss`, the
 * compiled metrics by name, `val_loss` and `val_<metric>` when there is validation data; for a
 * functional model of several outputs, `<output>_<metric>` and `<output>_loss`); `epoch`
 * lists the epochs run (from `initialEpoch`).
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([new tf.keras.layers.Dense(1, { kernelInitializer: 'zeros', inputShape: [1] })]);
 * model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
 * const history = model.fit([[1], [2]], [[2], [4]], { epochs: 2, validationSplit: 0.5 });
 * console.log(Object.keys(history.history), history.epoch); // [ 'loss', 'mae', 'val_loss', 'val_mae' ] [ 0, 1 ]
 * ```
 */
export class History {
  /** Each log's value at every epoch run. */
  readonly history: Record<string, number[]> = {};
  /** The epochs run, counted from 0 (from `initialEpoch` when given). */
  readonly epoch: number[] = [];
  /** `{verbose, epochs, steps}` of the fit. */
  readonly params: { verbose: number; epochs: number; steps: number | null };
  /** The model fitted. */
  readonly model: unknown;

  /**
   * @param model The model fitted.
   * @param params `{verbose, epochs, steps}` (steps: batches per epoch, null when unknown, as Keras' None).
   */
  constructor(model: unknown, params: { verbose: number; epochs: number; steps: number | null }) {
    this.model = model;
    this.params = { ...params };
  }

  /** Records the logs of epoch `epoch` (Keras' `on_epoch_end`). */
  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [name, value] of Object.entries(logs)) (this.history[name] ??= []).push(value);
  }
}
