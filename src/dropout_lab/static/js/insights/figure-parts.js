// @ts-check
/** Building blocks of a view's output: titled chart and map canvases, captions and number tables. */

import { NETWORK_COLORS } from '../palette.js';
import { createChart } from './chart.js';

export const BASELINE = NETWORK_COLORS.baseline;
export const DROPOUT = NETWORK_COLORS.dropout;

/**
 * @param {HTMLElement} el
 * @param {string} title
 * @param {string} [cls]
 * @returns {HTMLCanvasElement}
 */
function addCanvas(el, title, cls) {
  const figure = document.createElement('figure');
  figure.className = `insight-figure ${cls ?? ''}`;
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', title);
  figure.append(caption, canvas);
  el.append(figure);
  return canvas;
}

/** A chart with a title; returns the chart (call .draw(spec)). @param {HTMLElement} el @param {string} title */
export function addChart(el, title) {
  const canvas = addCanvas(el, title, 'chart');
  canvas.className = 'insight-chart';
  return createChart(canvas);
}

/** A square map canvas with a title. @param {HTMLElement} el @param {string} title */
export function addMap(el, title) {
  const canvas = addCanvas(el, title, 'map');
  canvas.className = 'insight-map';
  return canvas;
}

/** A row that lays out its children side by side. @param {HTMLElement} el @param {string} cls */
export function addRow(el, cls = 'figure-row') {
  const row = document.createElement('div');
  row.className = cls;
  el.append(row);
  return row;
}

/** A plain-language paragraph. @param {HTMLElement} el @param {string} text @param {string} [cls] */
export function addCaption(el, text, cls = 'insight-caption') {
  const p = document.createElement('p');
  p.className = cls;
  p.textContent = text;
  el.append(p);
  return p;
}

/**
 * The numbers behind a figure, as a table.
 * @param {HTMLElement} el
 * @param {string[]} headers
 * @param {(string|number)[][]} rows
 */
export function addTable(el, headers, rows) {
  const details = document.createElement('details');
  details.className = 'insight-numbers';
  const summary = document.createElement('summary');
  summary.textContent = 'The numbers';
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const h of headers) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = typeof cell === 'number' ? fmt(cell) : cell;
  }
  details.append(summary, table);
  el.append(details);
}

/** @param {number} v */
export function fmt(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 0.01 ? 4 : 3);
}

/** @param {number} v */
export function pct(v) {
  return `${v >= 0 ? '+' : ''}${(100 * v).toFixed(0)}%`;
}
