// @ts-check
/**
 * The experiment lives in the URL query (keys = knob names, plus `epoch`, the moment shown), so a link
 * restores it. Reading reports every bad value by key and allowed range instead of guessing; writing
 * puts only valid values in the URL. Pure functions of strings; the page applies them to `location`.
 */

import { checkValue } from './knob-values.js';

/**
 * @typedef {import('./knob-values.js').Knob} Knob
 * @typedef {{key: string, raw: string, message: string}} UrlProblem
 */

/**
 * Valid knob values, the epoch asked for, and a problem per bad or unknown key.
 * @param {string} search e.g. location.search
 * @param {Knob[]} knobs
 * @returns {{values: Record<string, any>, epoch: number | null, problems: UrlProblem[]}}
 */
export function parseUrl(search, knobs) {
  const params = new URLSearchParams(search);
  /** @type {Record<string, any>} */ const values = {};
  /** @type {UrlProblem[]} */ const problems = [];
  const byName = new Map(knobs.map((k) => [k.name, k]));
  for (const [key, raw] of params) {
    const knob = byName.get(key);
    if (key === 'epoch') continue;
    if (!knob) {
      problems.push({ key, raw, message: `unknown setting "${key}"` });
      continue;
    }
    const value = knob.choices || knob.type === 'string' ? raw : toNumber(raw);
    const message = checkValue(knob, value);
    if (message) problems.push({ key, raw, message: message.replace(/ \(got .*\)$/, '') });
    else values[key] = value;
  }
  let epoch = null;
  const rawEpoch = params.get('epoch');
  if (rawEpoch !== null) {
    const epochs = values.epochs ?? byName.get('epochs')?.default ?? 1;
    const n = toNumber(rawEpoch);
    if (Number.isInteger(n) && n >= 1 && n <= epochs) epoch = n;
    else
      problems.push({ key: 'epoch', raw: rawEpoch, message: `must be a whole number from 1 to ${epochs}` });
  }
  return { values, epoch, problems };
}

/** @param {string} raw */
function toNumber(raw) {
  return raw.trim() === '' ? Number.NaN : Number(raw);
}

/**
 * One sentence per problem, naming the key, what was there and the allowed range.
 * @param {UrlProblem[]} problems
 */
export function describeProblems(problems) {
  return problems.map((p) => `${p.key}=${JSON.stringify(p.raw).slice(1, -1) || '(empty)'}: ${p.message}.`);
}

/**
 * The query for these values: only those that are valid (a half-typed or out-of-range value keeps
 * the last valid one from `previous`), plus the epoch shown when there is one.
 * @param {Record<string, any>} values
 * @param {Knob[]} knobs
 * @param {string} previous the current query, e.g. location.search
 * @param {number | null} [epoch]
 */
export function urlQuery(values, knobs, previous, epoch = null) {
  const kept = parseUrl(previous, knobs).values; // the valid values already in the URL
  const params = new URLSearchParams();
  for (const knob of knobs) {
    const value = values[knob.name];
    if (checkValue(knob, value) === null) params.set(knob.name, String(value));
    else if (knob.name in kept) params.set(knob.name, String(kept[knob.name]));
  }
  if (epoch !== null) params.set('epoch', String(epoch));
  return `?${params}`;
}

/**
 * Valid knob values in the current URL (how the insights page reads the experiment).
 * @param {Knob[]} knobs
 */
export function readUrlValues(knobs) {
  return parseUrl(location.search, knobs).values;
}
