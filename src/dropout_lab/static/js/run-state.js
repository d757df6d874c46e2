// @ts-check
/**
 * One run as the page records it, built only from the engine's events: every epoch's metrics, every
 * boundary snapshot and every dropped-units mask, so any epoch can be shown again. Snapshots may be
 * missing (a slow client gets coalesced ones): a view shows the latest one at or before its epoch.
 */

/**
 * @typedef {{epoch: number, train_loss: number, val_loss: number, gap: number,
 *   train_acc: number, val_acc: number, batch_loss: number}} EpochRow
 * @typedef {{name: string, dropout: number, weight_decay: number, seed: number}} NetworkSpec
 * @typedef {{seed: number, X_train: number[][], y_train: number[], X_val: number[][], y_val: number[]}} DataSplit
 * @typedef {{network: string, epoch: number, grid_size: number, extent: number[],
 *   probs: ArrayLike<number>}} Snapshot
 * @typedef {{network: string, epoch: number, p: number, scale: number, kept: boolean[][]}} Mask
 * @typedef {'running' | 'finished' | 'stopped' | 'failed' | 'lost'} RunStatus
 * @typedef {{
 *   id: number, run_id: string, label: string, config: Record<string, any>,
 *   networks: NetworkSpec[], data: DataSplit[], extent: number[],
 *   epochs: Record<string, EpochRow[]>, snapshots: Record<string, Snapshot[]>,
 *   masks: Record<string, Mask[]>, summary: any[] | null,
 *   status: RunStatus, reason: string, elapsed_s: number, stored_at: string | null
 * }} Run
 */

/** Boundary values kept per network (grid cells × snapshots); past it, every other old one goes. */
export const SNAPSHOT_BUDGET = 4_000_000;

/**
 * A new run from its run_started event.
 * @param {any} started the run_started event
 * @param {number} id a short local number (#1, #2, ...)
 * @param {string} label e.g. the scenario title
 * @returns {Run}
 */
export function createRun(started, id, label) {
  /** @type {Record<string, any[]>} */ const empty = {};
  for (const net of started.networks) empty[net.name] = [];
  return {
    id,
    run_id: started.run_id,
    label,
    config: started.config,
    networks: started.networks,
    data: started.data,
    extent: started.extent,
    epochs: structuredClone(empty),
    snapshots: structuredClone(empty),
    masks: structuredClone(empty),
    summary: null,
    status: 'running',
    reason: '',
    elapsed_s: 0,
    stored_at: started.stored_at ?? null, // a run replayed from the server's store: when it was recorded
  };
}

/**
 * A whole run from its recorded events (run_started first), e.g. a run the server keeps.
 * @param {any[]} events
 * @param {number} id
 * @param {string} label
 */
export function runFromEvents(events, id, label) {
  const run = createRun(events[0], id, label);
  for (const event of events.slice(1)) applyEvent(run, event);
  return run;
}

/**
 * Fold one event into the run. Returns the newest epoch every network has finished.
 * @param {Run} run
 * @param {any} event
 */
export function applyEvent(run, event) {
  switch (event.type) {
    case 'epoch_finished': {
      const { network, run_id: _r, type: _t, ...row } = event;
      listOf(run.epochs, network).push(row);
      break;
    }
    case 'boundary_snapshot':
      addSnapshot(listOf(run.snapshots, event.network), {
        ...event,
        probs: Float32Array.from(event.probs), // half the memory of a JSON number array
      });
      break;
    case 'dropout_mask':
      listOf(run.masks, event.network).push(event);
      break;
    case 'run_finished':
      run.summary = event.summary;
      run.elapsed_s = event.elapsed_s;
      run.status = event.stopped ? 'stopped' : 'finished';
      run.reason = event.reason ?? '';
      break;
    case 'run_failed':
      run.status = 'failed';
      run.reason = event.reason;
      break;
    default:
      break;
  }
  return epochsDone(run);
}

/**
 * The list under `key`, made if missing.
 * @template T
 * @param {Record<string, T[]>} lists
 * @param {string} key
 * @returns {T[]}
 */
function listOf(lists, key) {
  if (!lists[key]) lists[key] = [];
  return lists[key];
}

/**
 * Keep snapshots sorted by epoch (they may come late) within the memory budget.
 * @param {Snapshot[]} list
 * @param {Snapshot} snapshot
 */
function addSnapshot(list, snapshot) {
  let i = list.length;
  while (i > 0 && list[i - 1].epoch > snapshot.epoch) i--;
  if (list[i - 1]?.epoch === snapshot.epoch) list[i - 1] = snapshot;
  else list.splice(i, 0, snapshot);
  const cells = snapshot.grid_size ** 2;
  if (list.length > 2 && list.length * cells > SNAPSHOT_BUDGET) {
    // thin the older half evenly; the newest snapshots (where the run is now) all stay
    const half = Math.floor(list.length / 2);
    const kept = list.slice(0, half).filter((_, k) => k % 2 === 0);
    list.splice(0, half, ...kept);
  }
}

/** The newest epoch every network of the run has finished. @param {Run} run */
export function epochsDone(run) {
  return Math.min(...run.networks.map((n) => run.epochs[n.name]?.length ?? 0));
}

/**
 * The latest item with `epoch` at or before the given epoch (lists sorted by epoch), or null.
 * @template {{epoch: number}} T
 * @param {T[] | undefined} list
 * @param {number} epoch
 * @returns {T | null}
 */
export function latestAtOrBefore(list, epoch) {
  if (!list) return null;
  let lo = 0;
  let hi = list.length - 1;
  let found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].epoch <= epoch) {
      found = list[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
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

/** Drop what only the current run needs (maps, masks) from a run that is no longer shown. @param {Run} run */
export function forgetPictures(run) {
  for (const name of Object.keys(run.snapshots)) run.snapshots[name] = [];
  for (const name of Object.keys(run.masks)) run.masks[name] = [];
}
