// @ts-check
/**
 * Marks painted on a uPlot chart in data coordinates, from its `under`/`over` hooks (plot.js): shaded
 * x-spans, horizontal lines, markers (star, dot, ring) and whiskers. Canvas pixels, so sizes scale by
 * uPlot.pxRatio.
 */

import uPlot from '../../vendor/uplot/uPlot.esm.js';

/**
 * Canvas pixel position of a data point.
 * @param {uPlot} u @param {number} x @param {number} y
 */
export function toPixels(u, x, y) {
  return [u.valToPos(x, 'x', true), u.valToPos(y, 'y', true)];
}

/** Shade the x range [lo, hi] over the plot's full height. @param {uPlot} u @param {number} lo @param {number} hi @param {string} color */
export function shadeSpan(u, lo, hi, color) {
  const a = u.valToPos(lo, 'x', true);
  const b = u.valToPos(hi, 'x', true);
  u.ctx.save();
  u.ctx.fillStyle = color;
  u.ctx.fillRect(Math.min(a, b), u.bbox.top, Math.abs(b - a), u.bbox.height);
  u.ctx.restore();
}

/**
 * A horizontal line across the plot at y.
 * @param {uPlot} u @param {number} y @param {string} color @param {number[]} [dash]
 */
export function horizontalLine(u, y, color, dash = []) {
  const py = u.valToPos(y, 'y', true);
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5 * uPlot.pxRatio;
  ctx.setLineDash(dash.map((d) => d * uPlot.pxRatio));
  ctx.beginPath();
  ctx.moveTo(bbox.left, py);
  ctx.lineTo(bbox.left + bbox.width, py);
  ctx.stroke();
  ctx.restore();
}

/**
 * A marker at a data point: 'star' (the lowest mean), 'dot' or 'ring'.
 * @param {uPlot} u @param {number} x @param {number} y
 * @param {{shape?: 'star'|'dot'|'ring', size?: number, fill?: string, stroke?: string}} style
 */
export function marker(u, x, y, { shape = 'dot', size = 6, fill = '#111827', stroke = '#111827' }) {
  const [px, py] = toPixels(u, x, y);
  const r = size * uPlot.pxRatio;
  const { ctx } = u;
  ctx.save();
  ctx.beginPath();
  if (shape === 'star') {
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const rr = i % 2 ? r * 0.45 : r;
      ctx.lineTo(px + rr * Math.cos(a), py + rr * Math.sin(a));
    }
    ctx.closePath();
  } else ctx.arc(px, py, r, 0, 2 * Math.PI);
  ctx.fillStyle = shape === 'ring' ? '#ffffff' : fill;
  ctx.fill();
  ctx.strokeStyle = stroke;
  ctx.lineWidth = 1.5 * uPlot.pxRatio;
  ctx.stroke();
  ctx.restore();
}

/**
 * A vertical whisker from lo to hi at x (± one standard error).
 * @param {uPlot} u @param {number} x @param {number} lo @param {number} hi
 */
export function whisker(u, x, lo, hi) {
  const [px, a] = toPixels(u, x, lo);
  const b = u.valToPos(hi, 'y', true);
  const cap = 6 * uPlot.pxRatio;
  const { ctx } = u;
  ctx.save();
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 1.5 * uPlot.pxRatio;
  ctx.beginPath();
  ctx.moveTo(px, a);
  ctx.lineTo(px, b);
  ctx.moveTo(px - cap, a);
  ctx.lineTo(px + cap, a);
  ctx.moveTo(px - cap, b);
  ctx.lineTo(px + cap, b);
  ctx.stroke();
  ctx.restore();
}
