// @ts-check
/**
 * The insights' charts on the vendored uPlot: lines, points, bars, bands, log or category axes, and a
 * legend under the plot (never over the data). `under`/`over` hooks paint extras in data coordinates
 * (shaded spans, markers, whiskers) with plot-marks.js. Knows nothing of the insights themselves.
 */

import uPlot from '../../vendor/uplot/uPlot.esm.js';

const HEIGHT = 300;
const FONT = '14px system-ui, sans-serif';
const LABEL_FONT = '600 14px system-ui, sans-serif';

/**
 * @typedef {object} SeriesSpec
 * @property {string} label
 * @property {string} color
 * @property {number} [width] line width in CSS pixels (default 2)
 * @property {number[]} [dash]
 * @property {number} [points] marker size (0 or absent: none)
 * @property {boolean} [line] false: markers only
 * @property {-1 | 0 | 1} [bars] bars instead of a line: -1 left of x, 0 centred, 1 right of x
 * @property {boolean} [legend] false: not listed in the legend (band edges, extra seeds)
 * @property {string} [swatch] fill of the legend's marker (for entries drawn by a hook: shading, a star)
 *
 * @typedef {object} PlotSpec
 * @property {string} x x-axis label
 * @property {string} y y-axis label
 * @property {boolean} [logX]
 * @property {boolean} [logY]
 * @property {string[]} [categories] x values are 0..n-1, labelled with these
 * @property {boolean} [zero] the y range includes 0
 * @property {SeriesSpec[]} series
 * @property {[number, number, string][]} [bands] [upper, lower, fill]: 0-based series indices
 * @property {(u: uPlot) => void} [under] painted before the series
 * @property {(u: uPlot) => void} [over] painted after the series
 */

/**
 * A titled chart in `el`; call `setData([xs, ys1, ys2, ...])` to (re)draw it.
 * @param {HTMLElement} el
 * @param {string} title
 * @param {PlotSpec} spec
 */
export function createPlot(el, title, spec) {
  const figure = document.createElement('figure');
  figure.className = 'insight-figure chart';
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const box = document.createElement('div');
  box.className = 'plot-box';
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', title);
  figure.append(caption, box);
  el.append(figure);
  const n = spec.categories?.length ?? 0;
  /** @type {uPlot.Options} */
  const options = {
    width: box.clientWidth || 420,
    height: HEIGHT,
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      x: {
        time: false,
        distr: spec.logX ? 3 : 1,
        ...(spec.categories ? { range: () => [-0.6, n - 0.4] } : {}),
        ...(spec.logX ? { range: (_u, min, max) => [min, max] } : {}), // not out to the next decade
      },
      y: { distr: spec.logY ? 3 : 1, ...(spec.zero ? { range: zeroRange } : {}) },
    },
    axes: [
      {
        label: spec.x,
        font: FONT,
        labelFont: LABEL_FONT,
        ...(spec.categories
          ? { splits: () => spec.categories?.map((_, i) => i) ?? [], values: () => spec.categories ?? [] }
          : {}),
        ...(spec.logX ? { values: (_u, splits) => splits.map(plainNumber) } : {}),
      },
      {
        label: spec.y,
        font: FONT,
        labelFont: LABEL_FONT,
        size: 64,
        ...(spec.logY ? { values: (_u, splits) => splits.map(plainNumber) } : {}),
      },
    ],
    series: [{}, ...spec.series.map(toSeries)],
    bands: spec.bands?.map(([hi, lo, fill]) => ({ series: [hi + 1, lo + 1], fill })),
    hooks: {
      drawClear: [(u) => spec.under?.(u)],
      draw: [
        (u) => {
          spec.over?.(u);
          figure.dataset.drawn = 'true';
        },
      ],
    },
  };
  /** @type {uPlot.AlignedData} */
  const empty = [[], ...spec.series.map(() => [])];
  const plot = new uPlot(options, empty, box);
  const rows = [...plot.root.querySelectorAll('.u-legend .u-series')];
  const offset = rows.length - spec.series.length; // 1 when the legend lists the x series first
  rows.forEach((row, i) => {
    const s = spec.series[i - offset];
    if ((!s || s.legend === false) && row instanceof HTMLElement) row.style.display = 'none';
  });
  new ResizeObserver(() => {
    const width = box.clientWidth;
    if (width > 0 && width !== plot.width) plot.setSize({ width, height: HEIGHT });
  }).observe(box);
  return {
    figure,
    plot,
    /** @param {(number | null)[][]} data x first, then one array per series */
    setData(data) {
      plot.setData(/** @type {uPlot.AlignedData} */ (data));
      figure.dataset.points = String(data[0].length);
    },
  };
}

/** 1, 2, 5, 10, 0.05 rather than 1e+1 on log axes (uPlot passes null for ticks it skips). @param {number | null} v */
function plainNumber(v) {
  return v === null || v === undefined ? '' : String(Number(v.toPrecision(3)));
}

/** @param {SeriesSpec} s @returns {uPlot.Series} */
function toSeries(s) {
  const bars = s.bars !== undefined;
  return {
    label: s.label,
    stroke: s.color,
    width: s.width ?? 2,
    dash: s.dash,
    fill: bars ? s.color : s.swatch,
    spanGaps: false,
    points: { show: Boolean(s.points), size: s.points ?? 0, fill: s.color, stroke: s.color },
    ...(s.line === false ? { paths: () => null } : {}),
    ...(bars ? { paths: uPlot.paths.bars?.({ size: [0.36, 80], align: s.bars }) } : {}),
  };
}

/** A y range that includes 0, padded by 6%. @type {uPlot.Range.Function} */
function zeroRange(_u, min, max) {
  const lo = Math.min(0, min ?? 0);
  const hi = Math.max(0, max ?? 0);
  const pad = (hi - lo) * 0.06 || 1;
  return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0];
}
