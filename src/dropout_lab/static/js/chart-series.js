// @ts-check
/**
 * What the loss chart draws at an epoch, as plain data: the curves (x, values, colour, dash, marker),
 * the gap bands, the best-epoch points and the axis ranges. Pure: no DOM, no uPlot.
 */

import { networkColor, networkMarker, networkTitle } from './network-style.js';
import { OTHER_COLORS } from './palette.js';

/**
 * @typedef {{label: string, color: string, dash: number[], width: number, marker: string | null,
 *   values: (number | null)[], network: string, kind: 'val' | 'train' | 'batch', overlay: boolean}} Curve
 * @typedef {{x: number[], curves: Curve[], bands: {upper: number, lower: number, color: string}[],
 *   best: {network: string, epoch: number, value: number, color: string, marker: string}[],
 *   xMax: number, yMax: number, epoch: number}} ChartModel
 */

export const DASH = { val: [], train: [8, 4], batch: [2, 3] };

/**
 * The smallest "nice" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at or above v: the top of
 * the loss axis (close above the data, so the curves use the chart's height).
 * @param {number} v
 */
export function niceCeil(v) {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10])
    if (m * mag >= v - 1e-12) return Number((m * mag).toPrecision(12));
  return 10 * mag;
}

/**
 * The x axis: all the configured epochs while the run trains (the curve grows across it), the epochs
 * actually run once it has ended (a stopped run fills the width).
 * @param {import('./run-state.js').Run | null} run
 */
export function xMaxOf(run) {
  if (!run) return 10;
  const done = latestEpoch(run);
  return Math.max(2, run.status === 'running' ? run.config.epochs : done);
}

/** @param {import('./run-state.js').Run} run */
export function latestEpoch(run) {
  return Math.min(...run.networks.map((n) => run.epochs[n.name]?.length ?? 0));
}

/**
 * @param {import('./run-state.js').EpochRow[]} rows
 * @param {number} length
 * @param {(r: import('./run-state.js').EpochRow) => number} pick
 * @param {number} upTo last epoch drawn
 * @returns {(number | null)[]}
 */
function column(rows, length, pick, upTo) {
  const out = new Array(length).fill(null);
  for (const row of rows) if (row.epoch <= upTo && row.epoch <= length) out[row.epoch - 1] = pick(row);
  return out;
}

/**
 * The chart at `epoch`: the current run's curves up to it, earlier runs' validation curves whole.
 * @param {import('./run-state.js').Run | null} run
 * @param {import('./run-state.js').Run[]} overlays earlier runs shown beside it
 * @param {number} epoch the epoch the views show
 * @param {{showBatch?: boolean, width?: number}} [options] width: line width scale (presentation)
 * @returns {ChartModel}
 */
export function chartModel(run, overlays, epoch, { showBatch = false, width = 1 } = {}) {
  const xMax = Math.max(xMaxOf(run), ...overlays.map((r) => latestEpoch(r)));
  const x = Array.from({ length: xMax }, (_, i) => i + 1);
  /** @type {Curve[]} */ const curves = [];
  /** @type {ChartModel['bands']} */ const bands = [];
  /** @type {ChartModel['best']} */ const best = [];
  let top = 0;
  overlays.forEach((other, i) => {
    const color = OTHER_COLORS[i % OTHER_COLORS.length];
    other.networks.forEach((net, k) => {
      const rows = other.epochs[net.name] ?? [];
      for (const r of rows) top = Math.max(top, r.val_loss);
      curves.push({
        label: `#${other.id} ${networkTitle(net)} · validation`,
        color,
        dash: net.name === 'baseline' ? [] : [3, 3],
        width: 1.6 * width,
        marker: networkMarker(net.name, k),
        values: column(rows, xMax, (r) => r.val_loss, Infinity),
        network: net.name,
        kind: 'val',
        overlay: true,
      });
    });
  });
  run?.networks.forEach((net, k) => {
    const rows = run.epochs[net.name] ?? [];
    const color = networkColor(net.name, k);
    const marker = networkMarker(net.name, k);
    const title = networkTitle(net);
    let bestRow = null;
    for (const r of rows) {
      top = Math.max(top, r.val_loss, r.train_loss, showBatch ? r.batch_loss : 0);
      if (r.epoch <= epoch && (!bestRow || r.val_loss < bestRow.val_loss)) bestRow = r;
    }
    const at = curves.length;
    curves.push({
      label: `${title} · validation`,
      color,
      dash: DASH.val,
      width: 2.5 * width,
      marker,
      values: column(rows, xMax, (r) => r.val_loss, epoch),
      network: net.name,
      kind: 'val',
      overlay: false,
    });
    curves.push({
      label: `${title} · training (eval mode)`,
      color,
      dash: DASH.train,
      width: 1.8 * width,
      marker,
      values: column(rows, xMax, (r) => r.train_loss, epoch),
      network: net.name,
      kind: 'train',
      overlay: false,
    });
    bands.push({ upper: at, lower: at + 1, color });
    if (showBatch) {
      curves.push({
        label: `${title} · mini-batch loss (train mode)`,
        color,
        dash: DASH.batch,
        width: 1.4 * width,
        marker: null,
        values: column(rows, xMax, (r) => r.batch_loss, epoch),
        network: net.name,
        kind: 'batch',
        overlay: false,
      });
    }
    if (bestRow)
      best.push({ network: net.name, epoch: bestRow.epoch, value: bestRow.val_loss, color, marker });
  });
  return { x, curves, bands, best, xMax, yMax: niceCeil(top * 1.04), epoch };
}

/**
 * Indices of a curve's points that carry its marker: every (xMax / count)-th epoch, fixed on the axis
 * so markers stay put while the curve grows; `phase` (0..1) shifts one network's markers away from
 * the other's.
 * @param {(number | null)[]} values
 * @param {number} count markers across the whole axis
 * @param {number} [phase]
 */
export function markerIndices(values, count = 12, phase = 0) {
  const every = Math.max(1, Math.round(values.length / count));
  const offset = Math.floor(every * (0.5 + phase)) % every;
  const out = [];
  for (let i = offset; i < values.length; i += every) if (values[i] !== null) out.push(i);
  return out;
}
