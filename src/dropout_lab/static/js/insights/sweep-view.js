// @ts-check
/**
 * Rate sweep: validation loss and gap against the drop probability (mean ± 1 std over seeds, single
 * seeds, the rates within noise of the best shaded) and every rate's validation curve. Live: the same
 * charts redraw from each partial result while the networks train.
 */

import { REFERENCE, TIE_BAND, rateColor } from './colors.js';
import {
  DROPOUT,
  addCaption,
  addClaims,
  addRow,
  addTable,
  fmt,
  plusMinus,
  liveView,
  withAlpha,
} from './figure-parts.js';
import { horizontalLine, marker, shadeSpan } from './plot-marks.js';
import { createPlot } from './plot.js';

export const SWEEP_INTRO =
  'How much dropout is right? The same network is trained at every drop probability over several seeds, all in ' +
  'one batched computation. Networks of one seed share data, initial weights and mini-batches, so the rates are ' +
  'compared seed by seed; the shaded rates are within noise of the lowest mean validation loss.';

const SHADE = `${TIE_BAND}aa`;
const BAND = withAlpha(DROPOUT, 0.16);
const SEED_LINE = withAlpha(DROPOUT, 0.45);

/** @param {HTMLElement} el */
export function createSweepView(el) {
  return liveView(el, (r) => `${r.rates.join(',')}|${r.seeds.length}`, build);
}

/** @param {HTMLElement} el @param {any} first @returns {(r: any) => void} */
function build(el, first) {
  const setClaims = addClaims(el);
  const row = addRow(el);
  /** @type {any} */ let r = first;
  const seeds = first.seeds.length;
  const seedSeries = Array.from({ length: seeds }, (_, s) => ({
    label: 'single seeds',
    color: SEED_LINE,
    width: 1,
    legend: s === 0,
  }));
  const bandEdges = [
    { label: 'mean + std', color: 'transparent', width: 0, legend: false },
    { label: 'mean − std', color: 'transparent', width: 0, legend: false },
  ];
  const ties = { label: 'within noise of the best', color: TIE_BAND, line: false, swatch: TIE_BAND };
  const loss = createPlot(row, 'Validation loss against the drop probability', {
    x: 'drop probability p',
    y: 'validation loss',
    series: [
      ...bandEdges,
      ...seedSeries,
      { label: `mean of ${seeds} seeds (band: ± 1 std)`, color: DROPOUT, width: 3, points: 5 },
      { label: 'training loss (mean)', color: REFERENCE, dash: [6, 4], points: 4 },
      ties,
      { label: '★ lowest mean', color: '#111827', line: false, swatch: DROPOUT },
    ],
    bands: [[0, 1, BAND]],
    under: (u) => r.tie_spans.forEach((/** @type {number[]} */ [lo, hi]) => shadeSpan(u, lo, hi, SHADE)),
    over: (u) => marker(u, r.best_rate, r.val_loss.mean[r.best], { shape: 'star', size: 11, fill: DROPOUT }),
  });
  const gap = createPlot(row, 'Overfitting gap (validation − training loss)', {
    x: 'drop probability p',
    y: 'gap',
    zero: true,
    series: [
      ...bandEdges,
      ...seedSeries,
      { label: `mean of ${seeds} seeds (band: ± 1 std)`, color: DROPOUT, width: 3, points: 5 },
      ties,
    ],
    bands: [[0, 1, BAND]],
    under: (u) => r.tie_spans.forEach((/** @type {number[]} */ [lo, hi]) => shadeSpan(u, lo, hi, SHADE)),
    over: (u) => horizontalLine(u, 0, '#6b7280'),
  });
  const n = first.rates.length;
  const curves = createPlot(row, 'Validation curves per drop probability; ○ = early-stopping point', {
    x: 'epoch',
    y: 'validation loss (seed mean)',
    series: first.rates.map((/** @type {number} */ p, /** @type {number} */ i) => ({
      label: `p = ${p}`,
      color: rateColor(i, n),
      width: 2,
    })),
    over: (u) =>
      r.val_curves.forEach((/** @type {number[]} */ curve, /** @type {number} */ i) => {
        const e = r.early_stop_epoch[i];
        marker(u, e, curve[e - 1], { shape: 'ring', size: 5, stroke: rateColor(i, n) });
      }),
  });
  curves.figure.classList.add('sweep-curves');
  addCaption(
    el,
    'Each point is a network trained with that drop probability (thin lines: single seeds). Shaded: the rates whose ' +
      'validation loss is within noise of the lowest mean, seed by seed (95% interval of the paired difference ' +
      'includes zero).',
  );
  const setTable = addTable(el, [
    'drop probability',
    'val loss (mean ± std)',
    'minus best (± s.e.)',
    'within noise of the best',
    'gap (mean)',
    'train loss',
    'val accuracy',
    'lowest-loss epoch',
  ]);
  return (next) => {
    r = next;
    setClaims(r.claims);
    const perSeed = (/** @type {number[][]} */ table) =>
      table[0].map((_, s) => table.map((/** @type {number[]} */ row) => row[s]));
    const spread = (/** @type {any} */ m) => [
      m.mean.map((/** @type {number} */ v, /** @type {number} */ i) => v + m.std[i]),
      m.mean.map((/** @type {number} */ v, /** @type {number} */ i) => v - m.std[i]),
    ];
    const empty = r.rates.map(() => null);
    loss.setData([
      r.rates,
      ...spread(r.val_loss),
      ...perSeed(r.val_loss.per_seed),
      r.val_loss.mean,
      r.train_loss.mean,
      empty,
      empty,
    ]);
    gap.setData([r.rates, ...spread(r.gap), ...perSeed(r.gap.per_seed), r.gap.mean, empty]);
    const epochs = r.val_curves[0].map((/** @type {number} */ _, /** @type {number} */ e) => e + 1);
    curves.setData([epochs, ...r.val_curves]);
    curves.figure.dataset.epochs = String(epochs.length);
    setTable(
      r.rates.map((/** @type {number} */ p, /** @type {number} */ i) => [
        p,
        `${fmt(r.val_loss.mean[i])}${plusMinus(r.val_loss.std[i])}`,
        i === r.best ? '(best)' : `${fmt(r.vs_best[i].mean)}${plusMinus(r.vs_best[i].se)}`,
        r.ties.includes(i) ? 'yes' : 'no',
        r.gap.mean[i],
        r.train_loss.mean[i],
        r.val_acc.mean[i],
        r.best_epoch.mean[i],
      ]),
    );
  };
}
