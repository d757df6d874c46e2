// @ts-check
/**
 * A value map over the plane (grid row 0 at y_min, drawn at the bottom) with the data on top: a
 * class-probability map with its 0.5 contour, or a scalar map (spread, entropy) on viridis. Optional:
 * a dotted box (where the data lies), a veil over far cells (extrapolation) and a colour bar.
 * Maps stay on canvas (uPlot draws the charts).
 */

import { drawHalfContour } from '../boundary-map.js';
import { fitCanvas } from '../canvas-size.js';
import { CLASS_RGB } from '../palette.js';

// viridis at 0, 0.25, 0.5, 0.75, 1 (matplotlib's values), interpolated linearly
const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/**
 * Colour of a class-1 probability: class-0 colour through white to class-1 colour (pale: points stay visible).
 * @param {number} p
 * @returns {number[]}
 */
export function probColor(p) {
  const t = Math.abs(p - 0.5) * 2;
  const c = CLASS_RGB[p >= 0.5 ? 1 : 0];
  const k = 0.08 + 0.42 * t;
  return [255 + (c[0] - 255) * k, 255 + (c[1] - 255) * k, 255 + (c[2] - 255) * k];
}

/** Viridis for t in [0, 1] (clipped). @param {number} t @returns {number[]} */
export function scalarColor(t) {
  const x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  return VIRIDIS[i].map((v, j) => v + (VIRIDIS[i + 1][j] - v) * f);
}

/**
 * Where grid cell (row, col) goes in an n x n image: row 0 (y_min) is the image's bottom row.
 * @param {number} row @param {number} col @param {number} n
 * @returns {number} index of the pixel's red byte
 */
export function pixelOffset(row, col, n) {
  return ((n - 1 - row) * n + col) * 4;
}

/**
 * Tick values for a colour bar from 0 to max: 0, max and up to 3 round values between.
 * @param {number} max
 */
export function colorBarTicks(max) {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((k) => k >= raw) ?? raw;
  const ticks = [];
  for (let v = 0; v <= max * (1 + 1e-9); v += step) ticks.push(Number(v.toPrecision(6)));
  return ticks;
}

/**
 * @typedef {{values: number[], n: number, extent: number[], points: any, kind: 'probability'|'scalar',
 *   max?: number, box?: number[], far?: boolean[]}} MapSpec
 */

/** @param {HTMLCanvasElement} canvas @param {MapSpec} m */
export function drawMap(canvas, m) {
  const image = document.createElement('canvas');
  image.width = m.n;
  image.height = m.n;
  const ictx = /** @type {CanvasRenderingContext2D} */ (image.getContext('2d'));
  const pixels = ictx.createImageData(m.n, m.n);
  const max = m.max ?? Math.max(...m.values, 1e-9);
  for (let r = 0; r < m.n; r++) {
    for (let c = 0; c < m.n; c++) {
      const v = m.values[r * m.n + c];
      let rgb = m.kind === 'probability' ? probColor(v) : scalarColor(v / max);
      if (m.far?.[r * m.n + c]) rgb = rgb.map((x) => x + (255 - x) * 0.55); // veiled: extrapolation
      pixels.data.set([rgb[0], rgb[1], rgb[2], 255], pixelOffset(r, c, m.n));
    }
  }
  ictx.putImageData(pixels, 0, 0);
  const prepare = fitCanvas(canvas, render);
  function render() {
    const { ctx, width, height } = prepare();
    const [x0, x1, y0, y1] = m.extent;
    const px = (/** @type {number} */ x) => ((x - x0) / (x1 - x0)) * width;
    const py = (/** @type {number} */ y) => height - ((y - y0) / (y1 - y0)) * height;
    const cw = width / (m.n - 1);
    const ch = height / (m.n - 1);
    ctx.imageSmoothingEnabled = m.kind === 'probability';
    ctx.drawImage(image, -cw / 2, -ch / 2, width + cw, height + ch);
    if (m.kind === 'probability') drawHalfContour(ctx, m.values, m.n, cw, ch, height);
    const radius = Math.max(2, width / 160);
    m.points.X_train.forEach((/** @type {number[]} */ [x, y], /** @type {number} */ i) => {
      const [R, G, B] = CLASS_RGB[m.points.y_train[i]];
      ctx.beginPath();
      ctx.arc(px(x), py(y), radius, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${R},${G},${B})`;
      ctx.fill();
      ctx.lineWidth = 0.8;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    });
    if (m.box) {
      const [b0, b1, c0, c1] = m.box;
      ctx.setLineDash([4, 4]);
      ctx.strokeStyle = m.kind === 'probability' ? '#374151' : '#e5e7eb';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(px(b0), py(c1), px(b1) - px(b0), py(c0) - py(c1));
      ctx.setLineDash([]);
    }
    canvas.dataset.drawn = 'true';
  }
  render();
}

/**
 * A vertical colour bar: the map's scale from 0 (bottom) to `max` (top), with ticks and a label.
 * @param {HTMLCanvasElement} canvas
 * @param {{kind: 'probability'|'scalar', max: number, label: string}} bar
 */
export function drawColorBar(canvas, bar) {
  const prepare = fitCanvas(canvas, render);
  function render() {
    const { ctx, width, height } = prepare();
    const top = 8;
    const bottom = height - 8;
    const strip = 14;
    for (let y = top; y <= bottom; y++) {
      const t = (bottom - y) / (bottom - top);
      const rgb = bar.kind === 'probability' ? probColor(t) : scalarColor(t);
      ctx.fillStyle = `rgb(${rgb.map(Math.round).join(',')})`;
      ctx.fillRect(0, y, strip, 1);
    }
    ctx.strokeStyle = '#6b7280';
    ctx.strokeRect(0.5, top, strip, bottom - top);
    ctx.fillStyle = '#111827';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const v of colorBarTicks(bar.max)) {
      const y = bottom - (v / bar.max) * (bottom - top);
      ctx.fillRect(strip, y, 4, 1);
      ctx.fillText(String(v), strip + 6, y);
    }
    ctx.save();
    ctx.translate(width - 4, (top + bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(bar.label, 0, 0);
    ctx.restore();
    canvas.dataset.drawn = 'true';
  }
  render();
}
