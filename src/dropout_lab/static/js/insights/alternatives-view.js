// @ts-check
/**
 * Alternatives: weight decay beside dropout, early-stopping points, dropout's gain by training-set
 * size. Live: the curves grow while the regularisers train; each size's bar fills when its run finishes.
 */

import { REGULARISER_COLORS } from '../palette.js';
import { KIND_DASH } from './colors.js';
import {
  DROPOUT,
  addCaption,
  addClaims,
  addRow,
  addTable,
  fmt,
  plusMinus,
  liveView,
} from './figure-parts.js';
import { horizontalLine, marker, whisker } from './plot-marks.js';
import { createPlot } from './plot.js';

export const ALTERNATIVES_INTRO =
  'Dropout is one regulariser among several. The same network from the same seeds trained plain, with dropout, ' +
  'with weight decay and with both, with the early-stopping point on every curve; then dropout’s gain at ' +
  'several training-set sizes.';

/** @param {string} kind */
const colorOf = (kind) => REGULARISER_COLORS[kind] ?? '#333';

/** @param {HTMLElement} el */
export function createAlternativesView(el) {
  return liveView(
    el,
    (r) => `${r.regularisers.map((/** @type {any} */ k) => k.kind).join(',')}|${r.planned_sizes.join(',')}`,
    build,
  );
}

/** @param {HTMLElement} el @param {any} first @returns {(r: any) => void} */
function build(el, first) {
  const setClaims = addClaims(el);
  const row = addRow(el);
  /** @type {any} */ let r = first;
  const kinds = first.regularisers.map((/** @type {any} */ k) => k.kind);
  const curves = createPlot(row, 'Validation curves; ○ = early-stopping point (lowest loss)', {
    x: 'epoch',
    y: 'validation loss (seed mean)',
    series: kinds.map((/** @type {string} */ k) => ({
      label: k,
      color: colorOf(k),
      width: 2.5,
      dash: KIND_DASH[k],
    })),
    over: (u) =>
      r.regularisers.forEach((/** @type {any} */ k) => {
        const e = k.mean_curve_best_epoch;
        marker(u, e, k.val_curve[e - 1], { shape: 'ring', size: 6, stroke: colorOf(k.kind) });
      }),
  });
  const bars = createPlot(row, 'Last epoch vs stopped early (● = seeds)', {
    x: '',
    y: 'validation loss',
    zero: true,
    categories: kinds.map((/** @type {string} */ k) =>
      k.replace(' + ', '\n+ ').replace('weight decay', 'weight\ndecay'),
    ),
    series: [
      { label: 'at the last epoch', color: '#9ca3af', bars: -1 },
      { label: 'stopped early (lowest point)', color: '#374151', bars: 1 },
      { label: 'highest seed', color: 'transparent', width: 0, legend: false }, // keeps the seeds in range
    ],
    over: (u) =>
      r.regularisers.forEach((/** @type {any} */ k, /** @type {number} */ i) => {
        for (const v of k.final_val_loss) marker(u, i - 0.18, v, { size: 3 });
        for (const v of k.early_stop_val_loss) marker(u, i + 0.18, v, { size: 3, fill: '#fff' });
      }),
  });
  const sizes = createPlot(row, "Dropout's gain by training-set size (whiskers: ± 1 s.e.; ● = seeds)", {
    x: 'training points',
    y: 'gain in validation loss',
    zero: true,
    categories: first.planned_sizes.map((/** @type {number} */ n) => String(n)),
    series: [
      { label: 'mean gain: loss without − with dropout (> 0: dropout helps)', color: DROPOUT, bars: 0 },
      { label: 'lowest', color: 'transparent', width: 0, legend: false }, // keep seeds and whiskers in range
      { label: 'highest', color: 'transparent', width: 0, legend: false },
    ],
    over: (u) => {
      horizontalLine(u, 0, '#6b7280');
      r.sizes.forEach((/** @type {any} */ s, /** @type {number} */ i) => {
        if (s.gain.se !== null) whisker(u, i, s.gain.mean - s.gain.se, s.gain.mean + s.gain.se);
        for (const g of s.gains) marker(u, i + 0.12, g, { size: 3 });
      });
      for (let i = r.sizes.length; i < r.planned_sizes.length; i++) {
        u.ctx.save();
        u.ctx.fillStyle = '#4b5563';
        u.ctx.font = `${14 * devicePixelRatio}px system-ui, sans-serif`;
        u.ctx.textAlign = 'center';
        u.ctx.fillText('not run yet', u.valToPos(i, 'x', true), u.bbox.top + u.bbox.height / 2);
        u.ctx.restore();
      }
    },
  });
  sizes.figure.classList.add('size-gains');
  addCaption(
    el,
    `Same network and seeds; dropout p = ${first.p}, weight decay ${first.weight_decay} (coupled L2, as torch Adam's ` +
      'weight_decay). Each comparison is made seed by seed; “clearly” means the 95% interval of the paired ' +
      'difference excludes zero.',
  );
  const setTable = addTable(el, [
    'network / size',
    'final val loss',
    'minus plain (± s.e.)',
    'early-stopped val loss',
    'best epoch',
    'dropout gain (± s.e.)',
  ]);
  return (next) => {
    r = next;
    setClaims(r.claims);
    const epochs = r.regularisers[0].val_curve.map(
      (/** @type {number} */ _, /** @type {number} */ e) => e + 1,
    );
    curves.setData([epochs, ...r.regularisers.map((/** @type {any} */ k) => k.val_curve)]);
    curves.figure.dataset.epochs = String(epochs.length);
    const index = kinds.map((/** @type {string} */ _, /** @type {number} */ i) => i);
    bars.setData([
      index,
      r.regularisers.map((/** @type {any} */ k) => k.mean_final_val_loss),
      r.regularisers.map((/** @type {any} */ k) => k.mean_early_stop_val_loss),
      r.regularisers.map((/** @type {any} */ k) => Math.max(...k.final_val_loss, ...k.early_stop_val_loss)),
    ]);
    const slots = r.planned_sizes.map((/** @type {number} */ _, /** @type {number} */ i) => i);
    const reach = (/** @type {number} */ i, /** @type {number} */ side) => {
      const s = r.sizes[i];
      if (!s) return null;
      const whisker = s.gain.mean + side * (s.gain.se ?? 0);
      return side < 0 ? Math.min(whisker, ...s.gains) : Math.max(whisker, ...s.gains);
    };
    sizes.setData([
      slots,
      slots.map((/** @type {number} */ i) => r.sizes[i]?.gain.mean ?? null),
      slots.map((/** @type {number} */ i) => reach(i, -1)),
      slots.map((/** @type {number} */ i) => reach(i, 1)),
    ]);
    sizes.figure.dataset.bars = String(r.sizes.length);
    setTable([
      ...r.regularisers.map((/** @type {any} */ k, /** @type {number} */ i) => [
        k.kind,
        k.mean_final_val_loss,
        k.kind === 'plain' ? '—' : `${fmt(r.vs_plain[i].mean)}${plusMinus(r.vs_plain[i].se)}`,
        k.mean_early_stop_val_loss,
        k.mean_curve_best_epoch,
        '—',
      ]),
      ...r.sizes.map((/** @type {any} */ s) => [
        `${s.n_train} training points`,
        '—',
        '—',
        '—',
        '—',
        `${fmt(s.gain.mean)}${plusMinus(s.gain.se)}`,
      ]),
    ]);
  };
}
