// @ts-check
/** One run's state, built only from the engine's events (no science added here). */

/**
 * @typedef {{epoch: number, train_loss: number, val_loss: number, gap: number,
 *   train_acc: number, val_acc: number, batch_loss: number}} EpochRow
 * @typedef {{name: string, dropout: number, weight_decay: number, seed: number}} NetworkSpec
 * @typedef {{seed: number, X_train: number[][], y_train: number[], X_val: number[][], y_val: number[]}} DataSplit
 * @typedef {{network: string, epoch: number, grid_size: number,
 *   extent: number[], probs: number[]}} Snapshot
 * @typedef {{
 *   id: number, run_id: string, label: string, config: Record<string, any>,
 *   networks: NetworkSpec[], data: DataSplit[], extent: number[],
 *   epochs: Record<string, EpochRow[]>, snapshots: Record<string, Snapshot>,
 *   summary: any[] | null, differences: Record<string, Record<string, number>>,
 *   status: 'running' | 'finished' | 'stopped' | 'failed', reason: string, elapsed_s: number
 * }} Run
 */

/**
 * A new run from its run_started event.
 * @param {any} started the run_started event
 * @param {number} id a short local number (#1, #2, ...)
 * @param {string} label e.g. the scenario title
 * @returns {Run}
 */
export function createRun(started, id, label) {
  /** @type {Record<string, EpochRow[]>} */
  const epochs = {};
  for (const net of started.networks) epochs[net.name] = [];
  return {
    id,
    run_id: started.run_id,
    label,
    config: started.config,
    networks: started.networks,
    data: started.data,
    extent: started.extent,
    epochs,
    snapshots: {},
    summary: null,
    differences: {},
    status: 'running',
    reason: '',
    elapsed_s: 0,
  };
}

/**
 * Fold one event into the run; returns which views need a redraw.
 * @param {Run} run
 * @param {any} event
 * @returns {{curves: boolean, boundaries: boolean, status: boolean}}
 */
export function applyEvent(run, event) {
  const changed = { curves: false, boundaries: false, status: false };
  switch (event.type) {
    case 'epoch_finished': {
      const { network, run_id: _r, type: _t, ...row } = event;
      if (!run.epochs[network]) run.epochs[network] = [];
      run.epochs[network].push(row);
      changed.curves = true;
      break;
    }
    case 'boundary_snapshot':
      run.snapshots[event.network] = event;
      changed.boundaries = true;
      break;
    case 'run_finished':
      run.summary = event.summary;
      run.differences = event.differences ?? {};
      run.elapsed_s = event.elapsed_s;
      run.status = event.stopped ? 'stopped' : 'finished';
      changed.status = changed.curves = true;
      break;
    case 'run_failed':
      run.status = 'failed';
      run.reason = event.reason;
      changed.status = true;
      break;
    default:
      break;
  }
  return changed;
}

/**
 * The data split a network trains on (networks of a run may have different seeds).
 * @param {Run} run
 * @param {string} network
 * @returns {DataSplit | undefined}
 */
export function splitFor(run, network) {
  const spec = run.networks.find((n) => n.name === network);
  return run.data.find((d) => d.seed === spec?.seed) ?? run.data[0];
}

/**
 * Per-network numbers for the cards: the engine's summary when finished, else the latest epoch
 * with the best epoch so far.
 * @param {Run} run
 * @param {string} network
 */
export function metricsFor(run, network) {
  const fromSummary = run.summary?.find((s) => s.network === network);
  if (fromSummary) return fromSummary;
  const rows = run.epochs[network] ?? [];
  if (!rows.length) return null;
  const last = rows[rows.length - 1];
  let best = rows[0];
  for (const row of rows) if (row.val_loss < best.val_loss) best = row;
  return { ...last, epochs_run: last.epoch, best_epoch: best.epoch, best_val_loss: best.val_loss };
}

/**
 * Epoch of the lowest validation loss so far (or from the summary).
 * @param {Run} run
 * @param {string} network
 * @returns {number | null}
 */
export function bestEpochOf(run, network) {
  return metricsFor(run, network)?.best_epoch ?? null;
}
