// @ts-check
/** The one palette, shared with the matplotlib reports (static/palette.json, read by report/palette.py). */

import palette from '../palette.json' with { type: 'json' };

/** @param {string} hex e.g. "#e67e22" @returns {[number, number, number]} */
export function hexToRgb(hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Class colours as RGB: class 0, class 1. */
export const CLASS_RGB = palette.class.map(hexToRgb);

/** @type {Record<string, string>} */
export const NETWORK_COLORS = palette.network;
export const OTHER_COLORS = palette.others;
/** @type {Record<string, string>} */
export const REGULARISER_COLORS = palette.regulariser;
