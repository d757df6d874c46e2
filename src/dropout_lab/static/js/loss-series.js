// @ts-check
/** Which curves the loss chart shows: the current run's networks and any earlier runs shown beside it. */

import { networkColor, networkTitle } from './network-style.js';
import { bestEpochOf } from './run-state.js';

/** Earlier runs are drawn in paler versions of their network's colour. */
const OVERLAY = { baseline: '#e7a3bd', dropout: '#8fc9c0' };

/**
 * @param {import('./run-state.js').Run | null} current
 * @param {import('./run-state.js').Run[]} earlier runs to show beside the current one (validation only)
 * @param {boolean} showBatch also the mini-batch (train-mode) loss of the current run
 * @returns {{series: import('./loss-chart.js').Series[], epochs: number}}
 */
export function lossSeries(current, earlier, showBatch) {
  /** @type {import('./loss-chart.js').Series[]} */ const series = [];
  let epochs = current ? current.config.epochs : 10;
  for (const run of earlier) {
    epochs = Math.max(epochs, run.config.epochs);
    for (const net of run.networks) {
      series.push({
        label: `#${run.id} ${networkTitle(net)} · validation`,
        color: /** @type {Record<string, string>} */ (OVERLAY)[net.name] ?? '#9ca3af',
        dash: [],
        width: 2,
        points: (run.epochs[net.name] ?? []).map((r) => [r.epoch, r.val_loss]),
      });
    }
  }
  if (!current) return { series, epochs };
  const run = current;
  run.networks.forEach((net, i) => {
    const rows = run.epochs[net.name] ?? [];
    const color = networkColor(net.name, i);
    const title = networkTitle(net);
    series.push({
      label: `${title} · validation`,
      color,
      dash: [],
      width: 2.5,
      points: rows.map((r) => [r.epoch, r.val_loss]),
      best: bestEpochOf(run, net.name),
    });
    series.push({
      label: `${title} · training (eval mode)`,
      color,
      dash: [7, 4],
      width: 2,
      points: rows.map((r) => [r.epoch, r.train_loss]),
    });
    if (showBatch) {
      series.push({
        label: `${title} · mini-batch loss (train mode)`,
        color,
        dash: [1, 3],
        width: 1.5,
        points: rows.map((r) => [r.epoch, r.batch_loss]),
      });
    }
  });
  return { series, epochs };
}
