// @ts-check
/**
 * A small canvas chart for the insight views: lines, bands, points, bars and reference lines on
 * labelled axes (linear or log x), with a legend. Big fonts: it is meant to be projected.
 */

import { fitCanvas } from '../canvas-size.js';

/**
 * @typedef {{kind: 'line'|'band'|'points'|'bars'|'hline', x?: number[], y?: number[], lo?: number[], hi?: number[],
 *   value?: number, color: string, label?: string, width?: number, dash?: number[], size?: number,
 *   shape?: 'circle'|'star', markers?: boolean, offset?: number}} Series
 * @typedef {{x: {label: string, log?: boolean, categories?: string[]}, y: {label: string, zero?: boolean},
 *   series: Series[], legend?: 'tl'|'tr'|'bl'|'br'}} ChartSpec  (legend corner; categories may hold "\n")
 */

/** @param {HTMLCanvasElement} canvas */
export function createChart(canvas) {
  /** @type {ChartSpec | null} */ let spec = null;
  const prepare = fitCanvas(canvas, () => spec && render());

  function render() {
    if (!spec) return;
    const s0 = spec;
    const { ctx, width, height } = prepare();
    const pad = { left: 74, right: 16, top: 12, bottom: s0?.x.categories ? 70 : 58 };
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    const s = spec;
    const cats = s.x.categories;
    const tx = (/** @type {number} */ v) => (s.x.log ? Math.log10(v) : v);
    const xs = cats ? [-0.6, cats.length - 0.4] : s.series.flatMap((d) => d.x ?? []).map(tx);
    const ys = s.series.flatMap((d) => [
      ...(d.y ?? []),
      ...(d.lo ?? []),
      ...(d.hi ?? []),
      ...(d.value !== undefined ? [d.value] : []),
    ]);
    if (s.y.zero) ys.push(0);
    const finite = ys.filter(Number.isFinite);
    let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
    let [y0, y1] = [Math.min(...finite), Math.max(...finite)];
    if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
    const span = y1 - y0 || 1;
    [y0, y1] = [y0 - 0.06 * span, y1 + 0.06 * span];
    const W = width - pad.left - pad.right;
    const H = height - pad.top - pad.bottom;
    const px = (/** @type {number} */ v) => pad.left + ((v - x0) / (x1 - x0)) * W;
    const py = (/** @type {number} */ v) => pad.top + H - ((v - y0) / (y1 - y0)) * H;
    // axes, grid, ticks
    ctx.font = '14px system-ui, sans-serif';
    ctx.strokeStyle = '#e5e7eb';
    ctx.fillStyle = '#374151';
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of niceTicks(y0, y1, 6)) {
      ctx.beginPath();
      ctx.moveTo(pad.left, py(v));
      ctx.lineTo(pad.left + W, py(v));
      ctx.stroke();
      ctx.fillText(formatTick(v), pad.left - 6, py(v));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const xticks = cats
      ? cats.map((label, i) => ({ v: i, label }))
      : s.x.log
        ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
            .filter((v) => tx(v) >= x0 - 1e-9 && tx(v) <= x1 + 1e-9)
            .map((v) => ({ v: tx(v), label: String(v) }))
        : niceTicks(x0, x1, 8).map((v) => ({ v, label: formatTick(v) }));
    for (const { v, label } of xticks) {
      label.split('\n').forEach((line, i) => ctx.fillText(line, px(v), pad.top + H + 6 + i * 16));
    }
    ctx.strokeStyle = '#6b7280';
    ctx.strokeRect(pad.left, pad.top, W, H);
    ctx.font = '15px system-ui, sans-serif';
    ctx.fillText(s.x.label, pad.left + W / 2, height - 24);
    ctx.save();
    ctx.translate(16, pad.top + H / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(s.y.label, 0, -4);
    ctx.restore();
    // data
    for (const d of s.series) drawSeries(ctx, d, { px, py, tx, W, cats });
    drawLegend(ctx, s.series, s.legend ?? 'tl', { left: pad.left, top: pad.top, W, H });
    canvas.dataset.drawn = 'true';
  }

  return {
    /** @param {ChartSpec} next */
    draw(next) {
      spec = next;
      render();
    },
  };
}

/** @param {CanvasRenderingContext2D} ctx @param {Series} d @param {any} m */
function drawSeries(ctx, d, { px, py, tx, W, cats }) {
  const X = (d.x ?? []).map((v) => px(cats ? v : tx(v)));
  ctx.strokeStyle = d.color;
  ctx.fillStyle = d.color;
  ctx.lineWidth = d.width ?? 2.5;
  ctx.setLineDash(d.dash ?? []);
  if (d.kind === 'band' && d.lo && d.hi) {
    ctx.globalAlpha = 0.18;
    ctx.beginPath();
    X.forEach((x, i) => (i ? ctx.lineTo(x, py(d.hi?.[i])) : ctx.moveTo(x, py(d.hi?.[i]))));
    for (let i = X.length - 1; i >= 0; i--) ctx.lineTo(X[i], py(d.lo[i]));
    ctx.fill();
    ctx.globalAlpha = 1;
  } else if (d.kind === 'line' && d.y) {
    ctx.beginPath();
    X.forEach((x, i) => (i ? ctx.lineTo(x, py(d.y?.[i])) : ctx.moveTo(x, py(d.y?.[i]))));
    ctx.stroke();
    if (d.markers) X.forEach((x, i) => dot(ctx, x, py(d.y?.[i]), 4));
  } else if (d.kind === 'points' && d.y) {
    X.forEach((x, i) =>
      d.shape === 'star' ? star(ctx, x, py(d.y?.[i]), d.size ?? 12) : dot(ctx, x, py(d.y?.[i]), d.size ?? 4),
    );
  } else if (d.kind === 'bars' && d.y) {
    const bw = (W / (cats?.length ?? 1)) * (d.width ?? 0.35);
    X.forEach((x, i) => {
      const x0 = x + (d.offset ?? 0) * bw - bw / 2;
      ctx.fillRect(x0, Math.min(py(0), py(d.y?.[i])), bw, Math.abs(py(d.y?.[i]) - py(0)));
    });
  } else if (d.kind === 'hline' && d.value !== undefined) {
    ctx.beginPath();
    ctx.moveTo(px(tx((d.x ?? [])[0] ?? 0)), py(d.value));
    ctx.lineTo(px(tx((d.x ?? [])[1] ?? 0)), py(d.value));
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

/**
 * @param {CanvasRenderingContext2D} ctx @param {Series[]} series @param {string} corner
 * @param {{left: number, top: number, W: number, H: number}} box the plot area
 */
function drawLegend(ctx, series, corner, box) {
  const items = series.filter((d) => d.label);
  if (!items.length) return;
  ctx.font = '14px system-ui, sans-serif';
  const w = Math.max(...items.map((d) => ctx.measureText(d.label ?? '').width)) + 44;
  const h = items.length * 20 + 8;
  const x = corner.endsWith('r') ? box.left + box.W - w - 8 : box.left + 8;
  const y = corner.startsWith('b') ? box.top + box.H - h - 8 : box.top + 8;
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  ctx.fillRect(x, y, w, h);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  items.forEach((d, i) => {
    const cy = y + 14 + i * 20;
    ctx.fillStyle = d.color;
    ctx.strokeStyle = d.color;
    ctx.globalAlpha = d.kind === 'band' ? 0.3 : 1;
    if (d.kind === 'line' || d.kind === 'hline') {
      ctx.lineWidth = d.width ?? 2.5;
      ctx.setLineDash(d.dash ?? []);
      ctx.beginPath();
      ctx.moveTo(x + 6, cy);
      ctx.lineTo(x + 30, cy);
      ctx.stroke();
      ctx.setLineDash([]);
    } else if (d.shape === 'star') star(ctx, x + 18, cy, 9);
    else ctx.fillRect(x + 8, cy - 6, 20, 12);
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#111827';
    ctx.fillText(d.label ?? '', x + 36, cy);
  });
}

/** @param {CanvasRenderingContext2D} ctx @param {number} x @param {number} y @param {number} r */
function dot(ctx, x, y, r) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fill();
}

/** @param {CanvasRenderingContext2D} ctx @param {number} x @param {number} y @param {number} r */
function star(ctx, x, y, r) {
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 ? r * 0.45 : r;
    ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
  }
  ctx.closePath();
  ctx.save();
  ctx.fillStyle = '#f2b800';
  ctx.fill();
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 1.2;
  ctx.stroke();
  ctx.restore();
}

/** @param {number} lo @param {number} hi @param {number} n */
function niceTicks(lo, hi, n) {
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((k) => k >= raw) ?? raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.abs(v) < 1e-12 ? 0 : v);
  return out;
}

/** @param {number} v */
function formatTick(v) {
  return Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(3)));
}
