// @ts-check
/**
 * The loss chart on uPlot (vendored): each network's training and validation curves with its gap
 * shaded, a marker shape per network, the best epochs, and a line at the epoch the views show.
 * Hovering reads out an epoch. Knows how to draw a ChartModel (chart-series.js), nothing of runs.
 */

import uPlot from '../vendor/uplot/uPlot.esm.js';
import { markerIndices } from './chart-series.js';
import { INK, renderLegend } from './chart-legend.js';
import { drawMarker } from './network-style.js';
import { withAlpha } from './palette.js';

const GAP_ALPHA = 0.14;

/**
 * @param {HTMLElement} container the chart's box; the legend goes in `legendEl`
 * @param {HTMLElement} legendEl
 * @param {{onHover: (epoch: number | null) => void}} handlers
 */
export function createLossPlot(container, legendEl, { onHover }) {
  /** @type {uPlot | null} */ let plot = null;
  /** @type {import('./chart-series.js').ChartModel | null} */ let model = null;
  let shape = '';
  let fontPx = 13;

  function size() {
    return { width: Math.max(200, container.clientWidth), height: Math.max(160, container.clientHeight) };
  }

  /** @param {import('./chart-series.js').ChartModel} m */
  function build(m) {
    plot?.destroy();
    const font = `${fontPx}px system-ui, sans-serif`;
    const axis = { font, labelFont: `600 ${font}`, stroke: '#374151', grid: { stroke: '#e5e7eb' } };
    /** @type {uPlot.Options} */
    const opts = {
      ...size(),
      legend: { show: false },
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: () => [1, model?.xMax ?? 2] },
        y: { range: () => [0, model?.yMax ?? 1] },
      },
      axes: [
        { ...axis, label: 'epoch', labelSize: fontPx + 8, size: fontPx + 22, space: fontPx * 5 },
        {
          ...axis,
          label: 'loss (cross-entropy)',
          labelSize: fontPx + 8,
          size: fontPx * 3 + 8,
          space: fontPx * 3,
        },
      ],
      series: [
        {},
        ...m.curves.map((c) => ({
          label: c.label,
          stroke: c.color,
          width: c.width,
          dash: c.dash,
          points: { show: false },
        })),
      ],
      bands: m.bands.map((b) => ({
        series: /** @type {[number, number]} */ ([b.upper + 1, b.lower + 1]),
        fill: withAlpha(b.color, GAP_ALPHA),
      })),
      hooks: {
        draw: [drawExtras],
        setCursor: [(u) => onHover(u.cursor.idx == null ? null : u.data[0][u.cursor.idx])],
      },
    };
    plot = new uPlot(opts, dataOf(m), container);
    plot.root.setAttribute('aria-hidden', 'true'); // the readout and the cards carry the numbers
  }

  /** @param {import('./chart-series.js').ChartModel} m @returns {uPlot.AlignedData} */
  function dataOf(m) {
    return [m.x, ...m.curves.map((c) => c.values)];
  }

  /** Markers, best epochs and the shown epoch, drawn over the curves. @param {uPlot} u */
  function drawExtras(u) {
    if (!model) return;
    const ctx = u.ctx;
    const px = uPlot.pxRatio;
    const phase = /** @type {Record<string, number>} */ ({});
    ctx.save();
    for (const curve of model.curves) {
      if (!curve.marker || curve.kind === 'batch') continue;
      phase[curve.network] ??= Object.keys(phase).length * 0.5;
      const count = curve.overlay ? 8 : 12;
      for (const i of markerIndices(curve.values, count, phase[curve.network])) {
        const y = /** @type {number} */ (curve.values[i]);
        const cx = u.valToPos(model.x[i], 'x', true);
        const cy = u.valToPos(y, 'y', true);
        drawMarker(
          ctx,
          curve.marker,
          cx,
          cy,
          (curve.overlay ? 3 : 4.5) * px,
          curve.color,
          curve.kind === 'val',
        );
      }
    }
    const { top, height } = u.bbox;
    for (const best of model.best) {
      const cx = u.valToPos(best.epoch, 'x', true);
      ctx.setLineDash([2 * px, 3 * px]);
      ctx.strokeStyle = withAlpha(best.color, 0.6);
      ctx.lineWidth = px;
      ctx.beginPath();
      ctx.moveTo(cx, top);
      ctx.lineTo(cx, top + height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.arc(cx, u.valToPos(best.value, 'y', true), 8 * px, 0, 2 * Math.PI);
      ctx.lineWidth = 2.5 * px;
      ctx.strokeStyle = best.color;
      ctx.stroke();
    }
    if (model.epoch >= 1) {
      const cx = u.valToPos(model.epoch, 'x', true);
      ctx.strokeStyle = INK;
      ctx.lineWidth = 1.5 * px;
      ctx.beginPath();
      ctx.moveTo(cx, top);
      ctx.lineTo(cx, top + height);
      ctx.stroke();
      ctx.font = `600 ${fontPx * px}px system-ui, sans-serif`;
      ctx.fillStyle = INK;
      ctx.textBaseline = 'top';
      const text = `epoch ${model.epoch}`;
      const w = ctx.measureText(text).width;
      ctx.textAlign = cx + w + 8 * px > u.bbox.left + u.bbox.width ? 'right' : 'left';
      ctx.fillText(text, cx + (ctx.textAlign === 'right' ? -4 : 4) * px, top + 3 * px);
    }
    ctx.restore();
  }

  new ResizeObserver(() => plot?.setSize(size())).observe(container);

  return {
    /**
     * Draw this model (rebuilds the chart only when its set of curves or its text size changes).
     * @param {import('./chart-series.js').ChartModel} next
     * @param {{fontPx?: number}} [style]
     */
    show(next, style = {}) {
      const nextFont = style.fontPx ?? fontPx;
      const nextShape = `${nextFont}|${next.best.length > 0}|${next.curves.map((c) => `${c.label}/${c.color}/${c.width}`).join(';')}`;
      model = next;
      if (nextShape !== shape || !plot) {
        shape = nextShape;
        fontPx = nextFont;
        build(next);
        renderLegend(legendEl, next);
      } else {
        plot.setData(dataOf(next), true);
      }
      container.dataset.lastEpoch = String(next.epoch);
      container.dataset.xMax = String(next.xMax);
      container.dataset.yMax = String(next.yMax);
      container.dataset.fontPx = String(fontPx);
    },
    /** The drawn chart (a canvas at device resolution), e.g. for a PNG. */
    canvas() {
      return plot ? plot.ctx.canvas : null;
    },
    model() {
      return model;
    },
  };
}
