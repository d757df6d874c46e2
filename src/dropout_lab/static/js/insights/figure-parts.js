// @ts-check
/**
 * Building blocks of a view's output: rows of figures, titled map canvases (with an optional colour
 * bar), the result's claims, method captions and number tables. Charts: plot.js.
 */

import { NETWORK_COLORS } from '../palette.js';

export const BASELINE = NETWORK_COLORS.baseline;
export const DROPOUT = NETWORK_COLORS.dropout;

/**
 * A map figure: title over a square canvas, and a colour-bar canvas beside it when asked.
 * @param {HTMLElement} el
 * @param {string} title
 * @param {{colorBar?: boolean}} [options]
 * @returns {{map: HTMLCanvasElement, bar: HTMLCanvasElement | null}}
 */
export function addMap(el, title, options = {}) {
  const figure = document.createElement('figure');
  figure.className = `insight-figure map${options.colorBar ? ' with-bar' : ''}`;
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const body = document.createElement('div');
  body.className = 'map-body';
  const map = document.createElement('canvas');
  map.className = 'insight-map';
  map.setAttribute('role', 'img');
  map.setAttribute('aria-label', title);
  body.append(map);
  let bar = null;
  if (options.colorBar) {
    const holder = document.createElement('div'); // sized by the map's row, not by the bar's pixels
    holder.className = 'bar-box';
    bar = document.createElement('canvas');
    bar.className = 'color-bar';
    bar.setAttribute('aria-hidden', 'true');
    holder.append(bar);
    body.append(holder);
  }
  figure.append(caption, body);
  el.append(figure);
  return { map, bar };
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
 * The result's own claims: the headline, then one item per finding (both computed from the numbers).
 * Returns an updater for live results.
 * @param {HTMLElement} el
 */
export function addClaims(el) {
  const headline = document.createElement('p');
  headline.className = 'insight-headline';
  const list = document.createElement('ul');
  list.className = 'insight-findings';
  el.append(headline, list);
  /** @param {{headline: string, findings: string[]}} claims */
  return (claims) => {
    headline.textContent = claims.headline;
    list.replaceChildren(
      ...claims.findings.map((text) => {
        const li = document.createElement('li');
        li.textContent = text;
        return li;
      }),
    );
  };
}

/**
 * The numbers behind a figure, as a table (kept open or closed across live updates).
 * @param {HTMLElement} el
 * @param {string[]} headers
 */
export function addTable(el, headers) {
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
  details.append(summary, table);
  el.append(details);
  /** @param {(string|number)[][]} rows */
  return (rows) => {
    body.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement('tr');
        for (const cell of row) tr.insertCell().textContent = typeof cell === 'number' ? fmt(cell) : cell;
        return tr;
      }),
    );
  };
}

/** @param {number} v */
export function fmt(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 0.01 ? 4 : 3);
}

/** A relative change as a whole percent, never "-0%". @param {number} v */
export function pct(v) {
  const r = Math.round(100 * v);
  return r === 0 ? '0%' : `${r > 0 ? '+' : ''}${r}%`;
}

/** ± one value (a standard deviation or error), or nothing when there is none. @param {number | null} v */
export function plusMinus(v) {
  return v === null || v === undefined ? '' : ` ± ${fmt(v)}`;
}

/**
 * A view drawn afresh from each result.
 * @param {HTMLElement} el
 * @param {(el: HTMLElement, r: any) => void} render
 */
export function redrawnView(el, render) {
  return {
    /** @param {any} r the analysis' result */
    update(r) {
      el.replaceChildren();
      render(el, r);
    },
  };
}

/**
 * A live view: built once per shape of result (`keyOf`), then redrawn in place from each partial one.
 * @param {HTMLElement} el
 * @param {(r: any) => string} keyOf what, if it changes, needs new charts (e.g. the rates swept)
 * @param {(el: HTMLElement, first: any) => (r: any) => void} build makes the charts, returns their redraw
 */
export function liveView(el, keyOf, build) {
  /** @type {{key: string, draw: (r: any) => void} | null} */ let built = null;
  return {
    /** @param {any} r the analysis' result, partial or complete */
    update(r) {
      const key = keyOf(r);
      if (!built || built.key !== key) {
        el.replaceChildren();
        built = { key, draw: build(el, r) };
      }
      built.draw(r);
    },
  };
}

/**
 * A "#rrggbb" colour with an alpha, as rgba().
 * @param {string} hex
 * @param {number} alpha
 */
export function withAlpha(hex, alpha) {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
