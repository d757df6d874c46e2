// @ts-check
/** Alternatives: weight decay beside dropout, early-stopping points, dropout's gain by training-set size. */

import { REGULARISER_COLORS } from '../palette.js';
import { DROPOUT, addCaption, addChart, addRow, addTable } from './figure-parts.js';

const KIND_COLORS = REGULARISER_COLORS;

/** @param {HTMLElement} el @param {any} r */
export function renderAlternatives(el, r) {
  const kinds = Object.keys(r.regularisers);
  const color = (/** @type {string} */ k) => /** @type {Record<string, string>} */ (KIND_COLORS)[k] ?? '#333';
  const row = addRow(el);
  /** @type {any[]} */ const curves = [];
  for (const k of kinds) {
    const v = r.regularisers[k];
    const epochs = v.val_curve.map((/** @type {number} */ _, /** @type {number} */ i) => i + 1);
    curves.push({ kind: 'line', x: epochs, y: v.val_curve, color: color(k), width: 2.5, label: k });
    const best = v.mean_curve_best_epoch;
    curves.push({ kind: 'points', x: [best], y: [v.val_curve[best - 1]], color: color(k), size: 7 });
  }
  addChart(row, 'Validation curves; ● = early-stopping point (lowest loss)').draw({
    x: { label: 'epoch' },
    y: { label: 'validation loss (mean over seeds)' },
    series: curves,
    legend: 'tr',
  });
  const idx = kinds.map((_, i) => i);
  addChart(row, 'Last epoch vs stopped early').draw({
    x: { label: '', categories: kinds.map((k) => k.replace(' + ', '\n+ ')) },
    y: { label: 'validation loss (mean over seeds)', zero: true },
    legend: 'bl',
    series: [
      {
        kind: 'bars',
        x: idx,
        y: kinds.map((k) => r.regularisers[k].mean_final_val_loss),
        color: '#9e9e9e',
        offset: -0.5,
        label: 'at the last epoch',
      },
      {
        kind: 'bars',
        x: idx,
        y: kinds.map((k) => r.regularisers[k].mean_early_stop_val_loss),
        color: '#37474f',
        offset: 0.5,
        label: 'stopped early',
      },
    ],
  });
  const sizes = r.sizes;
  const sx = sizes.map((/** @type {any} */ _, /** @type {number} */ i) => i);
  addChart(row, "Dropout's gain by training-set size").draw({
    x: { label: 'training points', categories: sizes.map((/** @type {any} */ s) => `${s.n_train}`) },
    y: { label: 'val loss without − with dropout', zero: true },
    legend: sizes.some((/** @type {any} */ s) => s.mean_gain < 0) ? 'br' : 'tr',
    series: [
      {
        kind: 'bars',
        x: sx,
        y: sizes.map((/** @type {any} */ s) => s.mean_gain),
        color: DROPOUT,
        width: 0.5,
        label: 'mean gain (> 0: dropout helps)',
      },
      {
        kind: 'points',
        x: sizes.flatMap((/** @type {any} */ s, /** @type {number} */ i) => s.gain.map(() => i)),
        y: sizes.flatMap((/** @type {any} */ s) => s.gain),
        color: '#111827',
        size: 4,
        label: 'single seeds',
      },
    ],
  });
  addCaption(
    el,
    `Same network, same seeds; dropout p = ${r.p}, weight decay ${r.weight_decay} (coupled L2, as torch Adam's ` +
      `weight_decay). Weight decay and early stopping (the dots) are real alternatives: compare the bars. Dropout mostly ` +
      `lowers validation loss rather than raising accuracy. By data size, expect little or no gain with ~30 points, the ` +
      `most at a few hundred and less with ~1,000.`,
  );
  addTable(
    el,
    ['network / size', 'final val loss', 'early-stopped val loss', 'best epoch', 'dropout gain'],
    [
      ...kinds.map((k) => [
        k,
        r.regularisers[k].mean_final_val_loss,
        r.regularisers[k].mean_early_stop_val_loss,
        r.regularisers[k].mean_curve_best_epoch,
        '—',
      ]),
      ...sizes.map((/** @type {any} */ s) => [`${s.n_train} training points`, '—', '—', '—', s.mean_gain]),
    ],
  );
}
