// @ts-check
/**
 * Monte-Carlo dropout uncertainty over a zoomed-out plane: the MC mean, its spread and the plain
 * network's entropy, each with a colour bar; cells far from the data veiled; where the estimate fails.
 */

import { addCaption, addClaims, addMap, addRow, addTable, redrawnView } from './figure-parts.js';
import { drawColorBar, drawMap } from './map.js';

export const UNCERTAINTY_INTRO =
  'Monte-Carlo dropout (Gal & Ghahramani, 2016): keep dropout on at prediction time, run T passes, and read the ' +
  'spread of the answers as uncertainty. The map reaches beyond the data on purpose: that is where this ' +
  'estimate is known to fail.';

/** @param {HTMLElement} el */
export function createUncertaintyView(el) {
  return redrawnView(el, render);
}

/** @param {HTMLElement} el @param {any} r */
function render(el, r) {
  addClaims(el)(r.claims);
  const g = r.regions;
  const far = r.nearest.map((/** @type {number} */ d) => d >= g.far_radius);
  const common = { n: r.grid_size, extent: r.extent, points: r.points, box: r.data_extent, far };
  const row = addRow(el, 'map-row wide-maps');
  const maxSpread = Math.max(...r.spread, 1e-6);
  /** @type {[string, number[], 'probability'|'scalar', number, string][]} */
  const maps = [
    [`with dropout: MC mean p(class 1), T = ${r.passes}`, r.mc_mean, 'probability', 1, 'p(class 1)'],
    ['with dropout: spread (std) of p(class 1) over the passes', r.spread, 'scalar', maxSpread, 'spread'],
    [
      'without dropout: no spread at all; its eval-mode entropy',
      r.baseline_entropy,
      'scalar',
      1,
      'entropy (bits)',
    ],
  ];
  for (const [title, values, kind, max, label] of maps) {
    const { map, bar } = addMap(row, title, { colorBar: true });
    drawMap(map, { ...common, values, kind, max });
    if (bar) drawColorBar(bar, { kind, max, label });
  }
  addCaption(
    el,
    `Dropout p = ${r.p}. Dashed box: where the data lies. Pale cells: more than ${g.far_radius} from any training ` +
      'point (extrapolation); near the data means within ' +
      `${g.near_radius}. A bright entropy cell only says the plain network's p is near 0.5 there.`,
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
  addTable(el, ['measure', 'value'])(
    Object.entries(g).map(([k, v]) => [k.replaceAll('_', ' '), /** @type {number | null} */ (v) ?? '—']),
  );
}
