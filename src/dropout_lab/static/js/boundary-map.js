// @ts-check
/**
 * A decision boundary on canvas: the class-1 probability map (eval mode, from the engine), its 0.5
 * contour, training points (filled) and validation points (rings).
 */

import { fitCanvas } from './canvas-size.js';
import { CLASS_RGB } from './palette.js';

/**
 * Colour of a class-1 probability: orange through white to blue.
 * @param {number} p
 * @returns {[number, number, number]}
 */
export function probColor(p) {
  const t = Math.abs(p - 0.5) * 2; // 0 at the boundary, 1 when certain
  const c = CLASS_RGB[p >= 0.5 ? 1 : 0];
  const k = 0.08 + 0.42 * t; // never fully saturated: points stay visible
  return [255 + (c[0] - 255) * k, 255 + (c[1] - 255) * k, 255 + (c[2] - 255) * k];
}

/**
 * Stroke the 0.5 contour of a grid (row 0 at the bottom) on a canvas of the given height.
 * @param {CanvasRenderingContext2D} ctx
 * @param {ArrayLike<number>} values n*n grid values, row-major
 * @param {number} n cells per side
 * @param {number} cellW pixels between grid columns
 * @param {number} cellH pixels between grid rows
 * @param {number} height canvas height in pixels
 */
export function drawHalfContour(ctx, values, n, cellW, cellH, height) {
  const seg = contourSegments(values, n, 0.5);
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let i = 0; i < seg.length; i += 4) {
    ctx.moveTo(seg[i] * cellW, height - seg[i + 1] * cellH);
    ctx.lineTo(seg[i + 2] * cellW, height - seg[i + 3] * cellH);
  }
  ctx.stroke();
}

/**
 * Line segments of the `level` contour of a row-major grid (row 0 at y_min), by marching squares.
 * Coordinates are in grid units (column, row).
 * @param {ArrayLike<number>} values
 * @param {number} n grid size
 * @param {number} level
 * @returns {number[]} flat [x0, y0, x1, y1, ...]
 */
export function contourSegments(values, n, level) {
  const out = [];
  /** @param {number} a @param {number} b */
  const t = (a, b) => (level - a) / (b - a);
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < n - 1; c++) {
      const v00 = values[r * n + c];
      const v01 = values[r * n + c + 1];
      const v10 = values[(r + 1) * n + c];
      const v11 = values[(r + 1) * n + c + 1];
      const pts = [];
      if (v00 >= level !== v01 >= level) pts.push(c + t(v00, v01), r); // bottom edge
      if (v01 >= level !== v11 >= level) pts.push(c + 1, r + t(v01, v11)); // right edge
      if (v10 >= level !== v11 >= level) pts.push(c + t(v10, v11), r + 1); // top edge
      if (v00 >= level !== v10 >= level) pts.push(c, r + t(v00, v10)); // left edge
      if (pts.length >= 4) out.push(pts[0], pts[1], pts[2], pts[3]);
      if (pts.length === 8) out.push(pts[4], pts[5], pts[6], pts[7]);
    }
  }
  return out;
}

/**
 * @param {HTMLCanvasElement} canvas
 */
export function createBoundaryMap(canvas) {
  /** @type {{X_train: number[][], y_train: number[], X_val: number[][], y_val: number[]} | null} */
  let split = null;
  /** @type {{grid_size: number, extent: number[], probs: number[], epoch: number} | null} */
  let snapshot = null;
  /** @type {number[]} */ let extent = [-2, 2, -2, 2];
  let message = '';
  const image = document.createElement('canvas');
  const prepare = fitCanvas(canvas, draw);

  function paintImage() {
    if (!snapshot) return;
    const n = snapshot.grid_size;
    image.width = n;
    image.height = n;
    const ctx = /** @type {CanvasRenderingContext2D} */ (image.getContext('2d'));
    const pixels = ctx.createImageData(n, n);
    for (let r = 0; r < n; r++) {
      const row = (n - 1 - r) * n; // row 0 of the grid is y_min: the bottom of the picture
      for (let c = 0; c < n; c++) {
        const [R, G, B] = probColor(snapshot.probs[r * n + c] ?? 0.5);
        const i = (row + c) * 4;
        pixels.data[i] = R;
        pixels.data[i + 1] = G;
        pixels.data[i + 2] = B;
        pixels.data[i + 3] = 255;
      }
    }
    ctx.putImageData(pixels, 0, 0);
  }

  function draw() {
    const { ctx, width, height } = prepare();
    const [x0, x1, y0, y1] = extent;
    const px = (/** @type {number} */ x) => ((x - x0) / (x1 - x0)) * width;
    const py = (/** @type {number} */ y) => height - ((y - y0) / (y1 - y0)) * height;
    ctx.fillStyle = '#f8fafc';
    ctx.fillRect(0, 0, width, height);

    if (snapshot) {
      const n = snapshot.grid_size;
      // Grid values sit on a linspace including both ends: each pixel is centred on its value.
      const cellW = width / (n - 1);
      const cellH = height / (n - 1);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(image, -cellW / 2, -cellH / 2, width + cellW, height + cellH);
      drawHalfContour(ctx, snapshot.probs, n, cellW, cellH, height);
    }
    if (split) {
      const radius = Math.max(2.5, width / 140);
      for (let i = 0; i < split.X_val.length; i++) {
        const [x, y] = split.X_val[i];
        const [R, G, B] = CLASS_RGB[split.y_val[i]];
        ctx.beginPath();
        ctx.arc(px(x), py(y), radius, 0, 2 * Math.PI);
        ctx.lineWidth = 3.5;
        ctx.strokeStyle = 'rgba(255,255,255,0.9)';
        ctx.stroke();
        ctx.lineWidth = 1.8;
        ctx.strokeStyle = `rgb(${R},${G},${B})`;
        ctx.stroke();
      }
      for (let i = 0; i < split.X_train.length; i++) {
        const [x, y] = split.X_train[i];
        const [R, G, B] = CLASS_RGB[split.y_train[i]];
        ctx.beginPath();
        ctx.arc(px(x), py(y), radius, 0, 2 * Math.PI);
        ctx.fillStyle = `rgb(${R},${G},${B})`;
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = '#fff';
        ctx.stroke();
      }
    }
    if (message) {
      ctx.fillStyle = 'rgba(248,250,252,0.85)';
      ctx.fillRect(0, height / 2 - 34, width, 68);
      ctx.fillStyle = '#374151';
      ctx.font = '15px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      message.split('\n').forEach((line, i, all) => {
        ctx.fillText(line, width / 2, height / 2 + (i - (all.length - 1) / 2) * 20);
      });
    }
    if (snapshot) {
      ctx.font = '13px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillStyle = 'rgba(255,255,255,0.8)';
      ctx.fillRect(6, 6, 86, 20);
      ctx.fillStyle = '#111827';
      ctx.fillText(`epoch ${snapshot.epoch}`, 11, 10);
    }
    canvas.dataset.snapshotEpoch = snapshot ? String(snapshot.epoch) : '';
  }

  return {
    /**
     * Points to draw and the plotted extent (x_min, x_max, y_min, y_max).
     * @param {any} nextSplit
     * @param {number[]} nextExtent
     */
    setData(nextSplit, nextExtent) {
      split = nextSplit;
      extent = nextExtent;
      draw();
    },
    /** @param {any} next a boundary_snapshot event, or null for none */
    setSnapshot(next) {
      if (next === snapshot) return;
      snapshot = next;
      paintImage();
      draw();
    },
    /** A centred note instead of (or over) the map, e.g. why there is no dropout network. @param {string} text */
    setMessage(text) {
      if (text === message) return;
      message = text;
      draw();
    },
    clear() {
      split = null;
      snapshot = null;
      draw();
    },
    draw,
  };
}
