// @ts-check
/** Loss curves over epochs on a plain canvas: one line per (network, set), best-epoch markers. */

import { fitCanvas } from './canvas-size.js';

/**
 * @typedef {{label: string, color: string, dash: number[], width: number,
 *   points: [number, number][], best?: number | null}} Series
 */

/**
 * "Nice" tick values covering [low, high].
 * @param {number} low
 * @param {number} high
 * @param {number} count
 */
function ticks(low, high, count) {
  const raw = (high - low) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let v = Math.ceil(low / step) * step; v <= high + 1e-9; v += step) out.push(Number(v.toFixed(6)));
  return out;
}

/**
 * @param {HTMLCanvasElement} canvas
 */
export function createLossChart(canvas) {
  /** @type {Series[]} */ let series = [];
  let xMax = 10;
  const prepare = fitCanvas(canvas, draw);

  function draw() {
    const { ctx, width, height } = prepare();
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    const legendH = drawLegend(ctx, width);
    const pad = { left: 52, right: 14, top: legendH + 10, bottom: 38 };
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;

    let yMax = 0;
    for (const s of series) for (const [, v] of s.points) if (Number.isFinite(v)) yMax = Math.max(yMax, v);
    yMax = yMax > 0 ? yMax * 1.05 : 1;
    const x = (/** @type {number} */ e) => pad.left + ((e - 1) / Math.max(1, xMax - 1)) * plotW;
    const y = (/** @type {number} */ v) => pad.top + plotH - (Math.min(v, yMax) / yMax) * plotH;

    ctx.font = '12px system-ui, sans-serif';
    ctx.strokeStyle = '#e5e7eb';
    ctx.fillStyle = '#4b5563';
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of ticks(0, yMax, 5)) {
      ctx.beginPath();
      ctx.moveTo(pad.left, y(t));
      ctx.lineTo(pad.left + plotW, y(t));
      ctx.stroke();
      ctx.fillText(String(t), pad.left - 6, y(t));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of ticks(1, xMax, 6)) {
      if (t < 1) continue;
      ctx.fillText(String(t), x(t), pad.top + plotH + 6);
    }
    ctx.fillText('epoch', pad.left + plotW / 2, pad.top + plotH + 22);
    ctx.save();
    ctx.translate(14, pad.top + plotH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText('loss (cross-entropy)', 0, -6);
    ctx.restore();
    ctx.strokeStyle = '#9ca3af';
    ctx.strokeRect(pad.left, pad.top, plotW, plotH);

    for (const s of series) {
      if (!s.points.length) continue;
      ctx.strokeStyle = s.color;
      ctx.lineWidth = s.width;
      ctx.setLineDash(s.dash);
      ctx.beginPath();
      let pen = false;
      for (const [e, v] of s.points) {
        if (!Number.isFinite(v)) {
          pen = false;
          continue;
        }
        if (pen) ctx.lineTo(x(e), y(v));
        else ctx.moveTo(x(e), y(v));
        pen = true;
      }
      ctx.stroke();
      ctx.setLineDash([]);
      if (s.best) {
        const at = s.points.find(([e]) => e === s.best);
        if (at) {
          ctx.strokeStyle = s.color;
          ctx.globalAlpha = 0.5;
          ctx.setLineDash([2, 3]);
          ctx.beginPath();
          ctx.moveTo(x(at[0]), pad.top);
          ctx.lineTo(x(at[0]), pad.top + plotH);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.globalAlpha = 1;
          ctx.fillStyle = s.color;
          ctx.beginPath();
          ctx.arc(x(at[0]), y(at[1]), 5, 0, 2 * Math.PI);
          ctx.fill();
          ctx.strokeStyle = '#fff';
          ctx.lineWidth = 1.5;
          ctx.stroke();
        }
      }
    }
    const lastEpoch = Math.max(0, ...series.map((s) => s.points.at(-1)?.[0] ?? 0));
    canvas.dataset.lastEpoch = String(lastEpoch);
  }

  /**
   * The legend drawn into the chart itself, so an exported PNG explains its lines. Returns its height.
   * @param {CanvasRenderingContext2D} ctx
   * @param {number} width
   */
  function drawLegend(ctx, width) {
    ctx.font = '13px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    const items = series.map((s) => ({ ...s, text: s.label }));
    if (series.some((s) => s.best)) {
      items.push({
        label: '',
        text: 'best epoch (lowest validation loss)',
        color: '#374151',
        dash: [],
        width: 0,
        points: [],
      });
    }
    let cx = 10;
    let cy = 12;
    for (const item of items) {
      const w = 30 + ctx.measureText(item.text).width + 18;
      if (cx + w > width - 6 && cx > 10) {
        cx = 10;
        cy += 20;
      }
      ctx.strokeStyle = item.color;
      ctx.fillStyle = item.color;
      if (item.width) {
        ctx.lineWidth = item.width;
        ctx.setLineDash(item.dash);
        ctx.beginPath();
        ctx.moveTo(cx, cy);
        ctx.lineTo(cx + 24, cy);
        ctx.stroke();
        ctx.setLineDash([]);
      } else {
        ctx.beginPath();
        ctx.arc(cx + 12, cy, 5, 0, 2 * Math.PI);
        ctx.fill();
      }
      ctx.fillStyle = '#1f2937';
      ctx.fillText(item.text, cx + 30, cy);
      cx += w;
    }
    return series.length ? cy + 10 : 4;
  }

  return {
    /**
     * Replace the curves; `epochs` fixes the x axis so a curve grows across it during training.
     * @param {Series[]} next
     * @param {number} epochs
     */
    setSeries(next, epochs) {
      series = next;
      xMax = Math.max(2, epochs);
      draw();
    },
    draw,
  };
}
