// @ts-check
/**
 * A value map over the plane (row 0 at y_min) with the data on top: a class-probability map with its
 * 50% contour, or a scalar map (spread, entropy) on a dark-to-bright scale. Optional dotted box.
 */

import { drawHalfContour } from '../boundary-map.js';
import { CLASS_RGB } from '../palette.js';
import { fitCanvas } from '../canvas-size.js';

/**
 * @param {number} p
 * @returns {number[]}
 */
function probColor(p) {
  const t = Math.abs(p - 0.5) * 2;
  const c = CLASS_RGB[p >= 0.5 ? 1 : 0];
  const k = 0.08 + 0.42 * t;
  return [255 + (c[0] - 255) * k, 255 + (c[1] - 255) * k, 255 + (c[2] - 255) * k];
}

/** Dark blue -> teal -> yellow (viridis-like) for t in [0, 1]. @param {number} t */
function scalarColor(t) {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return stops[i].map((v, j) => v + (stops[i + 1][j] - v) * f);
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {{values: number[], n: number, extent: number[], points: any, kind: 'probability'|'scalar', max?: number, box?: number[]}} m
 */
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
      const rgb = m.kind === 'probability' ? probColor(v) : scalarColor(v / max);
      const i = ((m.n - 1 - r) * m.n + c) * 4;
      pixels.data.set([rgb[0], rgb[1], rgb[2], 255], i);
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
    if (m.kind === 'probability') {
      drawHalfContour(ctx, m.values, m.n, cw, ch, height);
    }
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
