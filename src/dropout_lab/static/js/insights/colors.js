// @ts-check
/** Colours and line styles of the insights, from styles.json (shared with the matplotlib figures). */

import { hexToRgb } from '../palette.js';
import styles from './styles.json' with { type: 'json' };

/** @type {Record<string, number[]>} */
export const KIND_DASH = styles.kind_dash;
/** @type {Record<string, number[]>} */
export const NETWORK_DASH = styles.network_dash;
export const TIE_BAND = styles.tie_band;
export const REFERENCE = styles.reference;
export const RATE_RAMP = styles.rate_ramp;

/**
 * Colour of the i-th of n drop probabilities: dark blue (lowest) to salmon (highest), never yellow.
 * @param {number} i
 * @param {number} n
 * @returns {string} rgb(...)
 */
export function rateColor(i, n) {
  const t = n > 1 ? i / (n - 1) : 0;
  const stops = RATE_RAMP.map(hexToRgb);
  const x = t * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(x));
  const f = x - k;
  const c = stops[k].map((v, j) => Math.round(v + (stops[k + 1][j] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
