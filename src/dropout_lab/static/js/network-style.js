// @ts-check
/** How each network of a run is named and coloured, the same in every view. */

const COLORS = { baseline: '#c2185b', dropout: '#00796b' };
const OTHER = ['#6d28d9', '#b45309', '#0369a1', '#4d7c0f'];

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
  return /** @type {Record<string, string>} */ (COLORS)[name] ?? OTHER[index % OTHER.length];
}
