// @ts-check
/** The configuration lives in the URL query (keys = knob names), so a link restores the experiment. */

/**
 * Knob values found in the current URL; unknown keys are ignored, numbers parsed per knob type.
 * @param {{name: string, type: string, choices?: string[]}[]} knobs
 * @returns {Record<string, any>}
 */
export function readUrlValues(knobs) {
  const params = new URLSearchParams(location.search);
  /** @type {Record<string, any>} */ const values = {};
  for (const knob of knobs) {
    const raw = params.get(knob.name);
    if (raw === null) continue;
    values[knob.name] = knob.choices || knob.type === 'string' ? raw : Number(raw);
  }
  return values;
}

/**
 * Replace the URL query with these values (no new history entry).
 * @param {Record<string, any>} values
 */
export function writeUrlValues(values) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) params.set(name, String(value));
  history.replaceState(null, '', `${location.pathname}?${params}`);
}
