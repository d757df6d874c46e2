// @ts-check
/** A knob's values in words and checks: its allowed range, whether a value fits, how a value reads. Pure. */

/**
 * @typedef {{name: string, type: string, default: any, label: string, help: string, group: string,
 *   choices?: string[], minimum?: number, maximum?: number, exclusiveMinimum?: number,
 *   exclusiveMaximum?: number, allowed: string}} Knob
 */

/** @param {Knob} knob */
export function bounds(knob) {
  return {
    low: knob.minimum ?? knob.exclusiveMinimum,
    high: knob.maximum ?? knob.exclusiveMaximum,
  };
}

/**
 * The allowed values in words: the engine's own wording (`allowed`, from /api/config).
 * @param {Knob} knob
 */
export function describeRange(knob) {
  return knob.allowed;
}

/**
 * Check one value against its knob; null when valid, else a message naming the range.
 * @param {Knob} knob
 * @param {any} value
 */
export function checkValue(knob, value) {
  if (knob.choices) return knob.choices.includes(value) ? null : `must be ${describeRange(knob)}`;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (knob.type !== 'integer' || Number.isInteger(value)) &&
    (knob.minimum === undefined || value >= knob.minimum) &&
    (knob.maximum === undefined || value <= knob.maximum) &&
    (knob.exclusiveMinimum === undefined || value > knob.exclusiveMinimum) &&
    (knob.exclusiveMaximum === undefined || value < knob.exclusiveMaximum);
  return ok ? null : `must be ${describeRange(knob)} (got ${Number.isNaN(value) ? 'nothing' : value})`;
}

/**
 * Text of a value next to its label. The drop probability reads as a share of the neurons.
 * @param {Knob} knob
 * @param {any} value
 */
export function formatValue(knob, value) {
  if (typeof value !== 'number' || Number.isNaN(value)) return String(value);
  if (knob.name === 'dropout') {
    const pct = Math.round(value * 100);
    if (pct === 0) return '0% (no dropout)';
    if (pct === 50) return '50% (half of the neurons)';
    return `${pct}% of the neurons`;
  }
  if (knob.type === 'integer') return String(value);
  return String(Number(value.toPrecision(3)));
}

/** @param {Knob} knob */
export function sliderStep(knob) {
  if (knob.type === 'integer') return 1;
  const { low, high } = bounds(knob);
  return 10 ** Math.floor(Math.log10(((high ?? 1) - (low ?? 0)) / 20));
}
