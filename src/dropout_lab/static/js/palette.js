// @ts-check
/** The one palette, shared with the matplotlib reports (static/palette.json, read by report/palette.py). */

import palette from '../palette.json' with { type: 'json' };

/** @param {string} hex e.g. "#e67e22" @returns {[number, number, number]} */
export function hexToRgb(hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A colour at some opacity, for fills (e.g. a network's gap band).
 * @param {string} hex
 * @param {number} alpha 0..1
 */
export function withAlpha(hex, alpha) {
  const [r, g, b] = hexToRgb(hex);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Class colours as RGB: class 0, class 1. */
export const CLASS_RGB = palette.class.map(hexToRgb);

/** @type {Record<string, string>} */
export const NETWORK_COLORS = palette.network;
/** @type {Record<string, string>} */
export const NETWORK_MARKERS = palette.marker;
export const OTHER_COLORS = palette.others;
/** @type {Record<string, string>} */
export const REGULARISER_COLORS = palette.regulariser;
