// @ts-check
/** Rate sweep: validation loss and gap against the drop probability, mean ± 1 std over seeds. */

import { DROPOUT, addCaption, addChart, addRow, addTable } from './figure-parts.js';

/** Dark purple (p = 0) to yellow (the largest p), as in the report. @param {number} t */
function rateColor(t) {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const c = stops[i].map((v, j) => Math.round(v + (stops[i + 1][j] - v) * (x - i)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** @param {HTMLElement} el @param {any} r */
export function renderSweep(el, r) {
  const m = r.metrics;
  const rates = r.rates;
  const row = addRow(el);
  for (const [key, label] of [
    ['val_loss', 'Validation loss'],
    ['gap', 'Overfitting gap (validation − training loss)'],
  ]) {
    /** @type {number[]} */ const mean = m[key].mean;
    /** @type {number[]} */ const std = m[key].std;
    /** @type {any[]} */ const series = [
      {
        kind: 'band',
        x: rates,
        lo: mean.map((v, i) => v - std[i]),
        hi: mean.map((v, i) => v + std[i]),
        color: DROPOUT,
        label: '± 1 std over seeds',
      },
      ...m[key].per_seed[0].map((/** @type {number} */ _, /** @type {number} */ s) => ({
        kind: 'line',
        x: rates,
        y: m[key].per_seed.map((/** @type {number[]} */ row) => row[s]),
        color: 'rgba(0,121,107,0.35)',
        width: 1,
      })),
      {
        kind: 'line',
        x: rates,
        y: mean,
        color: DROPOUT,
        width: 3,
        markers: true,
        label: `mean of ${r.seeds.length} seeds`,
      },
    ];
    if (key === 'val_loss') {
      series.push({
        kind: 'line',
        x: rates,
        y: m.train_loss.mean,
        color: '#555',
        dash: [6, 4],
        width: 2,
        label: 'training loss (mean)',
      });
      series.push({
        kind: 'points',
        x: [r.best_rate],
        y: [r.best_val_loss],
        color: '#f2b800',
        shape: 'star',
        size: 16,
        label: `best: p = ${r.best_rate}`,
      });
    }
    addChart(row, `${label} against the drop probability`).draw({
      x: { label: 'drop probability p' },
      y: { label: `${key === 'gap' ? 'gap' : 'validation loss'} (last epoch)`, zero: key === 'gap' },
      series,
      legend: key === 'gap' ? 'tr' : 'tl',
    });
  }
  /** @type {any[]} */ const curves = [];
  r.val_curves.forEach((/** @type {number[]} */ curve, /** @type {number} */ i) => {
    const color = rateColor(i / Math.max(1, rates.length - 1));
    const epochs = curve.map((_, e) => e + 1);
    curves.push({ kind: 'line', x: epochs, y: curve, color, width: 2, label: `p = ${rates[i]}` });
    const best = r.early_stop_epoch[i];
    curves.push({ kind: 'points', x: [best], y: [curve[best - 1]], color, size: 6 });
  });
  addChart(row, 'Validation curves per drop probability; ● = early-stopping point').draw({
    x: { label: 'epoch' },
    y: { label: 'validation loss (mean over seeds)' },
    series: curves,
    legend: 'tr',
  });
  const worst = m.val_loss.mean[rates.length - 1];
  addCaption(
    el,
    `Each point is a network trained ${r.epochs} epochs with that drop probability; networks of one seed share data, ` +
      `initial weights and mini-batches (thin lines: single seeds). The best rate is p = ${r.best_rate} ` +
      `(validation loss ${r.best_val_loss.toFixed(3)}). ` +
      (r.best_rate > rates[0]
        ? 'Left of it the network overfits: a large gap. '
        : 'Here no dropout beats the plain network: this network hardly overfits (try a bigger one or more epochs). ') +
      `At p = ${rates[rates.length - 1]} ` +
      `the validation loss is ${worst.toFixed(3)} and the training loss is high too: too much dropout under-fits.`,
  );
  addTable(
    el,
    [
      'drop probability',
      'val loss (mean)',
      '± std',
      'gap (mean)',
      'train loss',
      'val accuracy',
      'early-stopping epoch',
    ],
    rates.map((/** @type {number} */ p, /** @type {number} */ i) => [
      p,
      m.val_loss.mean[i],
      m.val_loss.std[i],
      m.gap.mean[i],
      m.train_loss.mean[i],
      m.val_acc.mean[i],
      r.early_stop_epoch[i],
    ]),
  );
}
