// @ts-check
/** How each network of a run is named and coloured, the same in every view. */

import { NETWORK_COLORS, OTHER_COLORS } from './palette.js';

/**
 * @param {{name: string, dropout: number}} net
 * @returns {string}
 */
export function networkTitle(net) {
  if (net.name === 'baseline') return 'Without dropout';
  if (net.name === 'dropout') return `With dropout (p = ${net.dropout})`;
  return net.name;
}

/**
 * @param {string} name
 * @param {number} [index]
 */
export function networkColor(name, index = 0) {
  return NETWORK_COLORS[name] ?? OTHER_COLORS[index % OTHER_COLORS.length];
}
