// @ts-check
/**
 * The loss chart's legend: as HTML beside the chart, and drawn on a canvas for the exported PNG. Each
 * item shows a curve's colour, dash and marker, then the gap band, the best-epoch ring and the line at
 * the epoch shown.
 */

import { drawMarker } from './network-style.js';
import { withAlpha } from './palette.js';

export const INK = '#1f2937';

/**
 * The legend as HTML, compact: one entry per network (its validation and training swatches), one per
 * overlaid curve, then the gap, the best-epoch ring and the shown-epoch line.
 * @param {HTMLElement} el
 * @param {import('./chart-series.js').ChartModel} m
 */
export function renderLegend(el, m) {
  el.replaceChildren();
  const items = legendItems(m);
  /** @type {Map<string, HTMLLIElement>} */ const groups = new Map();
  m.curves.forEach((curve, i) => {
    const item = items[i];
    let li = curve.overlay ? undefined : groups.get(curve.network);
    if (!li) {
      li = document.createElement('li');
      if (!curve.overlay) {
        const name = document.createElement('strong');
        name.textContent = `${curve.label.split(' · ')[0]}:`;
        li.append(name);
        groups.set(curve.network, li);
      }
      el.append(li);
    }
    const words = curve.overlay
      ? item.label
      : { val: 'validation', train: 'training', batch: 'mini-batch' }[curve.kind];
    li.append(swatch(item), document.createTextNode(words));
  });
  for (const item of items.slice(m.curves.length)) {
    const li = document.createElement('li');
    li.append(swatch(item), document.createTextNode(item.label));
    el.append(li);
  }
}

/** @param {LegendItem} item */
function swatch(item) {
  const canvas = document.createElement('canvas');
  canvas.width = 34 * 2;
  canvas.height = 16 * 2;
  canvas.setAttribute('aria-hidden', 'true');
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  ctx.scale(2, 2);
  drawLegendSwatch(ctx, item, 0, 8);
  return canvas;
}

/**
 * @typedef {{label: string, kind: 'line' | 'band' | 'best' | 'shown', color: string, dash?: number[],
 *   width?: number, marker?: string | null, filled?: boolean}} LegendItem
 */

/** @param {import('./chart-series.js').ChartModel} m @returns {LegendItem[]} */
export function legendItems(m) {
  /** @type {LegendItem[]} */
  const items = m.curves.map((c) => ({
    label: c.label,
    kind: 'line',
    color: c.color,
    dash: c.dash,
    width: Math.min(c.width, 3),
    marker: c.kind === 'batch' ? null : c.marker,
    filled: c.kind === 'val',
  }));
  if (m.bands.length) items.push({ label: 'gap (validation − training)', kind: 'band', color: '#6b7280' });
  if (m.best.length) items.push({ label: 'best epoch', kind: 'best', color: INK });
  items.push({ label: 'the epoch shown', kind: 'shown', color: INK });
  return items;
}

/**
 * One legend swatch, 34 px wide, centred vertically on y (CSS pixels of `ctx`).
 * @param {CanvasRenderingContext2D} ctx
 * @param {LegendItem} item
 * @param {number} x
 * @param {number} y
 */
export function drawLegendSwatch(ctx, item, x, y) {
  ctx.save();
  if (item.kind === 'band') {
    ctx.fillStyle = withAlpha('#374151', 0.22);
    ctx.fillRect(x + 2, y - 6, 30, 12);
  } else if (item.kind === 'best') {
    ctx.beginPath();
    ctx.arc(x + 17, y, 6, 0, 2 * Math.PI);
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = item.color;
    ctx.stroke();
  } else {
    ctx.strokeStyle = item.color;
    ctx.lineWidth = item.kind === 'shown' ? 1.5 : (item.width ?? 2);
    ctx.setLineDash(item.dash ?? []);
    ctx.beginPath();
    if (item.kind === 'shown') {
      ctx.moveTo(x + 17, y - 7);
      ctx.lineTo(x + 17, y + 7);
    } else {
      ctx.moveTo(x + 2, y);
      ctx.lineTo(x + 32, y);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    if (item.marker) drawMarker(ctx, item.marker, x + 17, y, 4.5, item.color, item.filled);
  }
  ctx.restore();
}
