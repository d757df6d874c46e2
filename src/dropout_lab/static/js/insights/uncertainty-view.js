// @ts-check
/** Monte-Carlo dropout uncertainty over a zoomed-out plane, with the honest note on where it fails. */

import { drawMap } from './map.js';
import { addCaption, addMap, addRow, addTable, fmt } from './figure-parts.js';

/** @param {HTMLElement} el @param {any} r */
export function renderUncertainty(el, r) {
  const row = addRow(el, 'map-row wide-maps');
  const common = { n: r.grid_size, extent: r.extent, points: r.points, box: r.data_extent };
  drawMap(addMap(row, `with dropout: MC mean p(class 1), T = ${r.passes}`), {
    ...common,
    values: r.mc_mean,
    kind: 'probability',
  });
  const maxSpread = Math.max(...r.spread, 1e-6);
  drawMap(
    addMap(row, `with dropout: spread of p(class 1) over T passes (bright = up to ${maxSpread.toFixed(2)})`),
    { ...common, values: r.spread, kind: 'scalar', max: maxSpread },
  );
  drawMap(addMap(row, 'without dropout: no spread at all; its eval-mode entropy (bright = 1 bit)'), {
    ...common,
    values: r.baseline_entropy,
    kind: 'scalar',
    max: 1,
  });
  const g = r.regions;
  addCaption(
    el,
    `Dropout p = ${r.p}; dashed box = where the data lies, the rest is extrapolation. Mean spread near the data ` +
      `(within ${g.near_radius} of a training point): ${fmt(g.spread_near)}; far from it (more than ${g.far_radius} away): ` +
      `${fmt(g.spread_far)}. ${Math.round(100 * g.far_confident_share)}% of the far-away cells are called confidently ` +
      `(p < 0.1 or > 0.9) with almost no spread (< 0.05): no training point backs those predictions.`,
  );
  const note = document.createElement('div');
  note.className = 'honest-note';
  const title = document.createElement('h4');
  title.textContent = 'Where this estimate is known to fail';
  const list = document.createElement('ul');
  for (const caveat of r.caveats) {
    const li = document.createElement('li');
    li.textContent = caveat;
    list.append(li);
  }
  note.append(title, list);
  el.append(note);
  addTable(
    el,
    ['measure', 'value'],
    Object.entries(g).map(([k, v]) => [k.replaceAll('_', ' '), v ?? '—']),
  );
}
