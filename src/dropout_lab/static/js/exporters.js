// @ts-check
/**
 * Downloads: the chart and the maps as PNG, stamped with the settings, the epoch and its numbers and
 * the verdict; the run history as CSV or JSON, numbers rounded to 6 significant digits (the engine
 * measures in float32: more digits would be noise). Nothing leaves the browser.
 */

import { drawLegendSwatch, legendItems } from './chart-legend.js';
import { networkTitle } from './network-style.js';
import { fixed, numbersAt } from './verdict.js';
import { verdictWords } from './verdict-panel.js';

/** @param {number} v a float32 measurement, e.g. 0.8399999737739563 -> 0.84 */
export function roundNumber(v) {
  return typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

/**
 * What a picture of this run needs to say about itself: settings, the epoch and its numbers, verdict.
 * @param {import('./run-state.js').Run} run
 * @param {number} epoch
 * @returns {string[]}
 */
export function stampLines(run, epoch) {
  const c = run.config;
  const settings =
    `dropout-lab run #${run.id}: ${c.dataset}, noise ${c.noise}, ${c.n_samples} points ` +
    `(${Math.round(c.val_share * 100)}% validation) · ${c.layers} × ${c.neurons} ${c.activation}, drop p = ${c.dropout}` +
    ` · ${c.optimizer} lr ${c.lr}, batch ${c.batch_size || 'full'}, weight decay ${c.weight_decay} · seed ${c.seed}`;
  const numbers = run.networks.map((net) => {
    const m = numbersAt(run.epochs[net.name] ?? [], epoch, net.dropout);
    return m
      ? `${networkTitle(net)}: train ${fixed(m.train_loss, 3)}, val ${fixed(m.val_loss, 3)}, gap ${fixed(m.gap, 3)}`
      : `${networkTitle(net)}: –`;
  });
  const words = verdictWords(run, epoch);
  return [settings, `${words.when} · ${numbers.join(' · ')}`, `Verdict: ${words.headline}`];
}

/**
 * Text lines over a white band at the top of a canvas; returns the band's height.
 * @param {CanvasRenderingContext2D} ctx
 * @param {string[]} lines
 * @param {number} width
 * @param {number} scale device pixels per CSS pixel
 */
function drawStamp(ctx, lines, width, scale) {
  ctx.font = `${13 * scale}px system-ui, sans-serif`;
  ctx.fillStyle = '#111827';
  ctx.textBaseline = 'top';
  let y = 8 * scale;
  for (const line of lines) {
    for (const part of wrap(ctx, line, width - 16 * scale)) {
      ctx.fillText(part, 8 * scale, y);
      y += 18 * scale;
    }
  }
  return y + 4 * scale;
}

/** @param {CanvasRenderingContext2D} ctx @param {string} text @param {number} width */
function wrap(ctx, text, width) {
  const out = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      out.push(line);
      line = word;
    } else line = next;
  }
  return [...out, line];
}

/**
 * The loss chart as one PNG: stamp, legend, chart.
 * @param {HTMLCanvasElement} chart the drawn chart (device pixels)
 * @param {import('./chart-series.js').ChartModel} model
 * @param {string[]} stamp
 * @returns {Promise<Blob | null>}
 */
export function chartToPng(chart, model, stamp) {
  const scale = window.devicePixelRatio || 1;
  const items = legendItems(model);
  const measure = /** @type {CanvasRenderingContext2D} */ (document.createElement('canvas').getContext('2d'));
  measure.font = `${13 * scale}px system-ui, sans-serif`;
  const stampH =
    8 * scale +
    stamp.reduce((h, l) => h + wrap(measure, l, chart.width - 16 * scale).length, 0) * 18 * scale +
    4 * scale;
  const perRow = Math.max(1, Math.floor(chart.width / (330 * scale)));
  const legendH = Math.ceil(items.length / perRow) * 20 * scale + 6 * scale;
  const out = document.createElement('canvas');
  out.width = chart.width;
  out.height = stampH + legendH + chart.height;
  const ctx = /** @type {CanvasRenderingContext2D} */ (out.getContext('2d'));
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  drawStamp(ctx, stamp, out.width, scale);
  items.forEach((item, i) => {
    const x = (i % perRow) * 330 * scale + 8 * scale;
    const y = stampH + Math.floor(i / perRow) * 20 * scale + 10 * scale;
    ctx.save();
    ctx.translate(x, y);
    ctx.scale(scale, scale);
    drawLegendSwatch(ctx, item, 0, 0);
    ctx.restore();
    ctx.font = `${12 * scale}px system-ui, sans-serif`;
    ctx.fillStyle = '#1f2937';
    ctx.textBaseline = 'middle';
    ctx.fillText(item.label, x + 40 * scale, y);
  });
  ctx.drawImage(chart, 0, stampH + legendH);
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}

/**
 * Several canvases side by side with captions under one stamp, as one PNG.
 * @param {{canvas: HTMLCanvasElement, caption: string}[]} panels
 * @param {string[]} stamp
 * @returns {Promise<Blob | null>}
 */
export function panelsToPng(panels, stamp) {
  const gap = 16;
  const captionH = 28;
  const w = panels.reduce((sum, p) => sum + p.canvas.width, 0) + gap * (panels.length + 1);
  const measure = /** @type {CanvasRenderingContext2D} */ (document.createElement('canvas').getContext('2d'));
  measure.font = '13px system-ui, sans-serif';
  const stampH = 12 + stamp.reduce((h, l) => h + wrap(measure, l, w - 16).length, 0) * 18;
  const out = document.createElement('canvas');
  out.width = w;
  out.height = stampH + Math.max(...panels.map((p) => p.canvas.height)) + captionH + gap;
  const ctx = /** @type {CanvasRenderingContext2D} */ (out.getContext('2d'));
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  drawStamp(ctx, stamp, w, 1);
  ctx.fillStyle = '#111827';
  ctx.font = `${Math.round(captionH * 0.6)}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  let x = gap;
  for (const { canvas, caption } of panels) {
    ctx.fillText(caption, x, stampH + captionH / 2);
    ctx.drawImage(canvas, x, stampH + captionH);
    x += canvas.width + gap;
  }
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}

const CSV_COLUMNS = ['train_loss', 'val_loss', 'gap', 'train_acc', 'val_acc', 'batch_loss'];

/**
 * One row per (run, network, epoch).
 * @param {import('./run-state.js').Run[]} runs
 */
export function runsToCsv(runs) {
  const lines = [['run', 'label', 'network', 'dropout', 'epoch', ...CSV_COLUMNS].join(',')];
  for (const run of runs) {
    for (const net of run.networks) {
      for (const row of run.epochs[net.name] ?? []) {
        const cells = [run.id, JSON.stringify(run.label), net.name, net.dropout, row.epoch];
        lines.push(
          [...cells, ...CSV_COLUMNS.map((k) => roundNumber(/** @type {any} */ (row)[k]) ?? '')].join(','),
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Every run with its configuration, per-epoch metrics and summary (maps left out: they are big).
 * @param {import('./run-state.js').Run[]} runs
 */
export function runsToJson(runs) {
  const out = runs.map((run) => ({
    run: run.id,
    label: run.label,
    run_id: run.run_id,
    status: run.status,
    config: run.config,
    networks: run.networks.map((n) => ({ ...n, title: networkTitle(n) })),
    epochs: run.epochs,
    summary: run.summary,
  }));
  return JSON.stringify({ runs: out }, (_, v) => (typeof v === 'number' ? roundNumber(v) : v), 1);
}

/**
 * @param {Blob} blob
 * @param {string} filename
 */
export function downloadBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
