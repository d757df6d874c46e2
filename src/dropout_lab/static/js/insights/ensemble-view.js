// @ts-check
/**
 * The implicit ensemble: thinned networks' boundaries, their averages, the thinned-network mean and
 * eval mode; how the MC average converges to that mean (1/√T) while eval mode stays at its own
 * distance (the approximation error); validation loss and error of the MC average vs eval mode.
 */

import { REFERENCE } from './colors.js';
import {
  DROPOUT,
  addCaption,
  addClaims,
  addMap,
  addRow,
  addTable,
  fmt,
  plusMinus,
  redrawnView,
  withAlpha,
} from './figure-parts.js';
import { drawMap } from './map.js';
import { createPlot } from './plot.js';

export const ENSEMBLE_INTRO =
  'Every training step trains a different random “thinned” network, all sharing weights. Here dropout stays on at ' +
  'prediction time: a few thinned networks are drawn, averaged over T passes (Monte-Carlo), and compared with the ' +
  'mean of all thinned networks and with the full network in eval mode (weight scaling).';

const EVAL = '#111827';
const BAND = withAlpha(DROPOUT, 0.18);

/** @param {HTMLElement} el */
export function createEnsembleView(el) {
  return redrawnView(el, render);
}

/** @param {HTMLElement} el @param {any} r */
function render(el, r) {
  addClaims(el)(r.claims);
  const maps = addRow(el, 'map-row');
  const T = r.samples;
  /** @type {[string, number[]][]} */ const panels = r.thinned.map(
    (/** @type {number[]} */ v, /** @type {number} */ i) => [`thinned network ${i + 1}`, v],
  );
  panels.push(
    [`average of these ${r.thinned.length}`, r.thinned_average],
    [`MC average of ${T[T.length - 1]} passes`, r.mc_average],
    [`thinned-network mean (${r.repeats} × ${T[T.length - 1]} passes)`, r.thinned_mean],
    ['eval mode (no masks)', r.eval],
  );
  for (const [title, values] of panels) {
    const { map } = addMap(maps, title);
    drawMap(map, { values, n: r.grid_size, extent: r.extent, points: r.points, kind: 'probability' });
  }
  const row = addRow(el);
  const spread = (/** @type {any} */ m) => [
    m.mean.map((/** @type {number} */ v, /** @type {number} */ i) => v + m.std[i]),
    m.mean.map((/** @type {number} */ v, /** @type {number} */ i) => Math.max(v - m.std[i], 1e-6)),
  ];
  const edges = [
    { label: 'mean + std', color: 'transparent', width: 0, legend: false },
    { label: 'mean − std', color: 'transparent', width: 0, legend: false },
  ];
  createPlot(row, 'Convergence: sampling noise vs approximation error', {
    x: 'passes T averaged',
    y: 'RMS difference in p(class 1)',
    logX: true,
    logY: true,
    series: [
      ...edges,
      { label: 'MC average vs thinned-network mean', color: DROPOUT, width: 3, points: 5 },
      { label: '1/√T', color: REFERENCE, dash: [6, 4] },
      { label: 'eval mode vs thinned-network mean (approximation error)', color: EVAL, dash: [10, 4, 2, 4] },
      { label: 'MC average vs eval mode', color: '#6b7280', dash: [2, 3], width: 1.5 },
    ],
    bands: [[0, 1, BAND]],
  }).setData([
    T,
    ...spread(r.mc_to_mean),
    r.mc_to_mean.mean,
    r.sqrt_reference,
    T.map(() => r.eval_to_mean),
    r.mc_to_eval.mean,
  ]);
  for (const [measure, evalValue, label] of [
    [r.mc_val_loss, r.eval_val_loss, 'Validation loss'],
    [r.mc_val_error, r.eval_val_error, 'Validation error'],
  ]) {
    createPlot(row, `${label}: MC average of T passes vs eval mode`, {
      x: 'passes T averaged',
      y: label.toLowerCase(),
      logX: true,
      series: [
        ...edges,
        {
          label: `MC average (band: ± 1 std over ${r.repeats} repeats)`,
          color: DROPOUT,
          width: 3,
          points: 5,
        },
        { label: 'eval mode', color: EVAL, dash: [10, 4, 2, 4] },
      ],
      bands: [[0, 1, BAND]],
    }).setData([T, ...spread(measure), measure.mean, T.map(() => evalValue)]);
  }
  addCaption(
    el,
    `One network trained with dropout p = ${r.p}; each thinned network switches off a random set of hidden units ` +
      `(survivors × 1/(1−p) = ×${(1 / (1 - r.p)).toFixed(2)}). ${r.repeats} independent repeats of the Monte-Carlo ` +
      'average; each is compared with the other repeats’ longest average (leave one out). Distances are ' +
      'root-mean-square differences of p(class 1) over the map. Srivastava et al. (2014, Fig. 11) compare the test ' +
      'error this way.',
  );
  addTable(el, [
    'passes T',
    'MC vs thinned mean (± std)',
    '1/√T',
    'MC vs eval mode',
    'eval vs thinned mean',
    'MC val loss',
    'eval val loss',
    'MC val error',
    'eval val error',
  ])(
    T.map((/** @type {number} */ t, /** @type {number} */ i) => [
      t,
      `${fmt(r.mc_to_mean.mean[i])}${plusMinus(r.mc_to_mean.std[i])}`,
      r.sqrt_reference[i],
      r.mc_to_eval.mean[i],
      r.eval_to_mean,
      r.mc_val_loss.mean[i],
      r.eval_val_loss,
      r.mc_val_error.mean[i],
      r.eval_val_error,
    ]),
  );
}
