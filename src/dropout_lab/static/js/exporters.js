// @ts-check
/** Downloads: charts as PNG, run history as CSV or JSON. Nothing leaves the browser. */

import { networkTitle } from './network-style.js';

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

/**
 * Several canvases side by side with captions, as one PNG blob.
 * @param {{canvas: HTMLCanvasElement, caption: string}[]} panels
 * @returns {Promise<Blob | null>}
 */
export function panelsToPng(panels) {
  const gap = 16;
  const captionH = 28;
  const w = panels.reduce((sum, p) => sum + p.canvas.width, 0) + gap * (panels.length + 1);
  const h = Math.max(...panels.map((p) => p.canvas.height)) + captionH + gap * 2;
  const out = document.createElement('canvas');
  out.width = w;
  out.height = h;
  const ctx = /** @type {CanvasRenderingContext2D} */ (out.getContext('2d'));
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#111827';
  ctx.font = `${Math.round(captionH * 0.6)}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  let x = gap;
  for (const { canvas, caption } of panels) {
    ctx.fillText(caption, x, gap + captionH / 2);
    ctx.drawImage(canvas, x, gap + captionH);
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
        lines.push([...cells, ...CSV_COLUMNS.map((k) => /** @type {any} */ (row)[k] ?? '')].join(','));
      }
    }
  }
  return new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' });
}

/**
 * Every run with its configuration, per-epoch metrics and summary (boundary grids left out: they are big).
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
    differences: run.differences,
  }));
  return new Blob([JSON.stringify({ runs: out }, null, 1)], { type: 'application/json' });
}

/**
 * Connect the export buttons (#export-loss, #export-boundaries, #export-csv, #export-json).
 * @param {{loss: HTMLCanvasElement, boundaries: {canvas: HTMLCanvasElement, caption: () => string}[],
 *   runs: () => import('./run-state.js').Run[]}} sources
 */
export function wireExports({ loss, boundaries, runs }) {
  const on = (/** @type {string} */ id, /** @type {() => void} */ handler) =>
    document.getElementById(id)?.addEventListener('click', handler);
  on('export-loss', () =>
    loss.toBlob((blob) => blob && downloadBlob(blob, 'dropout-lab-loss.png'), 'image/png'),
  );
  on('export-boundaries', async () => {
    const blob = await panelsToPng(boundaries.map((b) => ({ canvas: b.canvas, caption: b.caption() })));
    if (blob) downloadBlob(blob, 'dropout-lab-boundaries.png');
  });
  on('export-csv', () => downloadBlob(runsToCsv(runs()), 'dropout-lab-history.csv'));
  on('export-json', () => downloadBlob(runsToJson(runs()), 'dropout-lab-history.json'));
}
