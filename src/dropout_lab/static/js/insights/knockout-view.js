// @ts-check
/** Knock-outs: validation loss increase as a growing share of hidden units is switched off at test time. */

import { BASELINE, DROPOUT, addCaption, addChart, addTable, pct } from './figure-parts.js';

/** @param {HTMLElement} el @param {any} r */
export function renderKnockout(el, r) {
  const shares = r.shares.map((/** @type {number} */ s) => 100 * s);
  /** @type {any[]} */ const series = [];
  for (const [kind, color, label] of [
    ['baseline', BASELINE, 'without dropout'],
    ['dropout', DROPOUT, `with dropout p = ${r.p}`],
  ]) {
    for (const perSeed of r.increase_per_seed[kind]) {
      series.push({
        kind: 'line',
        x: shares,
        y: perSeed.map((/** @type {number} */ v) => 100 * v),
        color,
        width: 1,
        dash: [2, 3],
      });
    }
    series.push({
      kind: 'line',
      x: shares,
      y: r.increase[kind].map((/** @type {number} */ v) => 100 * v),
      color,
      width: 3.5,
      markers: true,
      label,
    });
  }
  addChart(el, 'Validation loss as hidden units are switched off').draw({
    x: { label: 'hidden units switched off at test time (%)' },
    y: { label: 'validation loss increase (%)', zero: true },
    series,
  });
  const i = r.shares.reduce(
    (/** @type {number} */ best, /** @type {number} */ s, /** @type {number} */ j) =>
      Math.abs(s - 0.3) < Math.abs(r.shares[best] - 0.3) ? j : best,
    0,
  );
  const scaling = r.rescale ? 'survivors rescaled by 1/(1 − share)' : 'no rescaling';
  addCaption(
    el,
    `The same units are switched off in both networks (${scaling}), ${r.draws} random draws per share, ` +
      `${r.seeds.length} seeds (dotted: single seeds). With ${Math.round(100 * r.shares[i])}% of units off the validation ` +
      `loss changes by ${pct(r.increase.baseline[i])} without dropout and ${pct(r.increase.dropout[i])} with dropout; ` +
      `the plain network is hurt more in ${r.baseline_hurt_more[i]} of ${r.seeds.length} seeds. No star player: the dropout ` +
      `network was trained to work with any random subset of its units.`,
  );
  addTable(
    el,
    ['units off', 'per layer', 'without dropout', 'with dropout', 'seeds where plain is hurt more'],
    r.shares.map((/** @type {number} */ s, /** @type {number} */ j) => [
      `${Math.round(100 * s)}%`,
      r.n_off[j],
      pct(r.increase.baseline[j]),
      pct(r.increase.dropout[j]),
      `${r.baseline_hurt_more[j]} of ${r.seeds.length}`,
    ]),
  );
}
