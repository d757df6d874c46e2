// @ts-check
/** Knock-outs: validation loss increase as a growing share of hidden units is switched off at test time. */

import { NETWORK_DASH } from './colors.js';
import { BASELINE, DROPOUT, addCaption, addClaims, addTable, pct, redrawnView } from './figure-parts.js';
import { horizontalLine } from './plot-marks.js';
import { createPlot } from './plot.js';

export const KNOCKOUT_INTRO =
  'Switch off a random share of hidden units at test time, the same units in both networks of a seed, and ' +
  'measure how much the validation loss rises, seed by seed.';

/** @param {HTMLElement} el */
export function createKnockoutView(el) {
  return redrawnView(el, render);
}

/** @param {HTMLElement} el @param {any} r */
function render(el, r) {
  addClaims(el)(r.claims);
  const shares = r.shares.map((/** @type {number} */ s) => 100 * s);
  const kinds = [
    ['baseline', BASELINE, 'without dropout', r.increase_baseline],
    ['dropout', DROPOUT, `with dropout p = ${r.p}`, r.increase_dropout],
  ];
  /** @type {any[]} */ const series = [];
  /** @type {(number | null)[][]} */ const data = [shares];
  for (const [kind, color, label, measure] of kinds) {
    const dash = NETWORK_DASH[kind];
    measure.per_seed[0].forEach((/** @type {number} */ _, /** @type {number} */ s) => {
      series.push({ label: `${label}: single seeds`, color, width: 1, dash, legend: s === 0 });
      data.push(measure.per_seed.map((/** @type {number[]} */ row) => 100 * row[s]));
    });
    series.push({ label: `${label} (mean)`, color, width: 3.5, dash, points: 6 });
    data.push(measure.mean.map((/** @type {number} */ v) => 100 * v));
  }
  const plot = createPlot(el, 'Validation loss as hidden units are switched off', {
    x: 'hidden units switched off at test time (%)',
    y: 'validation loss increase (%)',
    zero: true,
    series,
    over: (u) => horizontalLine(u, 0, '#6b7280'),
  });
  plot.setData(data);
  const scaling = r.rescale ? 'survivors rescaled by 1/(1 − share)' : 'no rescaling';
  addCaption(
    el,
    `The same units are switched off in both networks of a seed (${scaling}), ${r.draws} random draws per share, ` +
      `${r.seeds.length} seeds (thin lines).`,
  );
  addTable(el, [
    'units off',
    'per layer',
    'without dropout',
    'with dropout',
    'difference (± s.e.)',
    'seeds where plain is hurt more',
  ])(
    r.shares.map((/** @type {number} */ s, /** @type {number} */ j) => [
      `${Math.round(100 * s)}%`,
      r.n_off[j],
      pct(r.increase_baseline.mean[j]),
      pct(r.increase_dropout.mean[j]),
      `${(100 * r.plain_vs_dropout[j].mean).toFixed(1)}${r.plain_vs_dropout[j].se === null ? '' : ` ± ${(100 * r.plain_vs_dropout[j].se).toFixed(1)}`} points`,
      `${r.plain_vs_dropout[j].n_above} of ${r.seeds.length}`,
    ]),
  );
}
