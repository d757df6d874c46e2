// @ts-check
/**
 * How each network of a run is named, coloured and marked, the same in every view (and in the
 * reports, which read the same palette.json): colour plus a marker shape, so the networks stay apart
 * without colour vision.
 */

import { NETWORK_COLORS, NETWORK_MARKERS, OTHER_COLORS } from './palette.js';

export const MARKER_SHAPES = ['circle', 'triangle', 'square', 'diamond'];

/**
 * @param {{name: string, dropout: number}} net
 * @returns {string}
 */
export function networkTitle(net) {
  if (net.name === 'baseline') return 'Without dropout';
  if (net.name === 'dropout') return `With dropout (p = ${net.dropout})`;
  return net.name;
}

/**
 * @param {string} name
 * @param {number} [index]
 */
export function networkColor(name, index = 0) {
  return NETWORK_COLORS[name] ?? OTHER_COLORS[index % OTHER_COLORS.length];
}

/**
 * @param {string} name
 * @param {number} [index]
 */
export function networkMarker(name, index = 0) {
  return NETWORK_MARKERS[name] ?? MARKER_SHAPES[index % MARKER_SHAPES.length];
}

/**
 * Draw a marker shape centred at (x, y): filled, or hollow with a white inside.
 * @param {CanvasRenderingContext2D} ctx
 * @param {string} shape circle | triangle | square | diamond
 * @param {number} x
 * @param {number} y
 * @param {number} r half the marker's size in pixels
 * @param {string} color
 * @param {boolean} [filled]
 */
export function drawMarker(ctx, shape, x, y, r, color, filled = true) {
  ctx.beginPath();
  if (shape === 'triangle') {
    const h = r * 1.25;
    ctx.moveTo(x, y - h);
    ctx.lineTo(x + h * 0.95, y + h * 0.7);
    ctx.lineTo(x - h * 0.95, y + h * 0.7);
    ctx.closePath();
  } else if (shape === 'square') {
    ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  } else if (shape === 'diamond') {
    ctx.moveTo(x, y - r * 1.2);
    ctx.lineTo(x + r * 1.2, y);
    ctx.lineTo(x, y + r * 1.2);
    ctx.lineTo(x - r * 1.2, y);
    ctx.closePath();
  } else {
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.fillStyle = filled ? color : '#fff';
  ctx.fill();
  ctx.lineWidth = Math.max(1.2, r / 3);
  ctx.strokeStyle = filled ? '#fff' : color;
  ctx.stroke();
}
