// @ts-check
/** The implicit ensemble: thinned networks' boundaries, their averages, eval mode, and the convergence. */

import { drawMap } from './map.js';
import { DROPOUT, addCaption, addChart, addMap, addRow, addTable } from './figure-parts.js';

/** @param {HTMLElement} el @param {any} r */
export function renderEnsemble(el, r) {
  const maps = addRow(el, 'map-row');
  /** @type {[string, number[]][]} */ const panels = r.thinned.map(
    (/** @type {number[]} */ v, /** @type {number} */ i) => [`thinned network ${i + 1}`, v],
  );
  panels.push(
    [`average of these ${r.thinned.length}`, r.thinned_average],
    [`MC average, ${r.samples[r.samples.length - 1]} passes`, r.mc_average],
    ['eval mode (no masks)', r.eval],
  );
  for (const [title, values] of panels) {
    drawMap(addMap(maps, title), {
      values,
      n: r.grid_size,
      extent: r.extent,
      points: r.points,
      kind: 'probability',
    });
  }
  const row = addRow(el);
  const T = r.samples;
  const mean = r.distance_mean;
  const std = r.distance_std;
  /** @type {any[]} */ const series = [
    {
      kind: 'band',
      x: T,
      lo: mean.map((/** @type {number} */ v, /** @type {number} */ i) => v - std[i]),
      hi: mean.map((/** @type {number} */ v, /** @type {number} */ i) => v + std[i]),
      color: DROPOUT,
    },
    { kind: 'line', x: T, y: mean, color: DROPOUT, width: 3, markers: true, label: 'to eval mode' },
  ];
  if (r.noise_mean)
    series.push({
      kind: 'line',
      x: T,
      y: r.noise_mean,
      color: '#555',
      dash: [6, 4],
      width: 2,
      markers: true,
      label: 'to the long-run MC average (noise)',
    });
  addChart(row, 'How far the average of T thinned networks is').draw({
    x: { label: 'passes T averaged (log scale)', log: true },
    y: { label: 'mean |Δ p(class 1)| over the map', zero: true },
    series,
  });
  addChart(row, 'Validation loss of the average').draw({
    x: { label: 'passes T averaged (log scale)', log: true },
    y: { label: 'validation loss' },
    series: [
      {
        kind: 'line',
        x: T,
        y: r.mc_val_loss,
        color: DROPOUT,
        width: 3,
        markers: true,
        label: 'MC average of T passes',
      },
      {
        kind: 'hline',
        x: [T[0], T[T.length - 1]],
        value: r.eval_val_loss,
        color: '#111827',
        dash: [6, 4],
        width: 2,
        label: 'eval mode',
      },
    ],
  });
  addCaption(
    el,
    `One network trained with dropout p = ${r.p}. Each thinned network switches off a random set of hidden units ` +
      `(survivors × 1/(1−p) = ×${(1 / (1 - r.p)).toFixed(2)}) and draws its own boundary. Averaging them approaches the ` +
      `eval-mode prediction (about 50 passes, as in Srivastava et al., Fig. 11): the sampling noise keeps falling, but a ` +
      `small distance to eval mode remains (${mean[mean.length - 1].toFixed(3)} here), because eval mode's rescaling is ` +
      `exact only for the layer right after a dropout.`,
  );
  addTable(
    el,
    ['passes T', 'distance to eval mode', '± std', 'distance to long-run MC', 'MC val loss', 'eval val loss'],
    T.map((/** @type {number} */ t, /** @type {number} */ i) => [
      t,
      mean[i],
      std[i],
      r.noise_mean ? r.noise_mean[i] : '—',
      r.mc_val_loss[i],
      r.eval_val_loss,
    ]),
  );
}
