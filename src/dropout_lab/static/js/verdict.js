// @ts-check
/**
 * What a run's numbers say at an epoch: the verdict chosen by the measurements, never by a scenario.
 * The same rules as engine/verdict.py, read from the same static/verdict.json (thresholds, reasons,
 * words); tests/fixtures/verdicts.json holds the cases both must agree on. Pure: no DOM.
 */

import RULES from '../verdict.json' with { type: 'json' };

/** @type {Record<string, number>} */
export const THRESHOLDS = Object.fromEntries(
  Object.entries(RULES.thresholds).map(([name, t]) => [name, t.value]),
);

/**
 * A network's numbers at one epoch, with NetworkSummary's keys.
 * @typedef {{epochs_run: number, train_loss: number, val_loss: number, gap: number, train_acc: number,
 *   val_acc: number, best_epoch: number, best_val_loss: number, val_noise: number, dropout: number}} Numbers
 * @typedef {{kind: string, headline: string, sentence: string, plainOverfits: boolean,
 *   facts: Record<string, string>}} Verdict
 */

/**
 * Epoch-to-epoch wiggle of a curve: std of the differences over its last `window` points / sqrt 2.
 * @param {number[]} values
 * @param {number} [window]
 */
export function curveNoise(values, window = THRESHOLDS.noise_window) {
  const tail = values.slice(-window);
  if (tail.length < 3) return 0;
  const diffs = tail.slice(1).map((v, i) => v - tail[i]);
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  const variance = diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / diffs.length;
  return Math.sqrt(variance) / Math.sqrt(2);
}

/**
 * A network's numbers after `epoch` epochs, from its per-epoch rows (as the engine's summary does).
 * @param {{epoch: number, train_loss: number, val_loss: number, train_acc: number, val_acc: number}[]} rows
 * @param {number} epoch 1-based; rows after it are ignored
 * @param {number} dropout the network's drop probability
 * @returns {Numbers | null}
 */
export function numbersAt(rows, epoch, dropout) {
  const seen = rows.filter((r) => r.epoch <= epoch);
  if (!seen.length) return null;
  const last = seen[seen.length - 1];
  let best = seen[0];
  for (const row of seen) if (row.val_loss < best.val_loss) best = row;
  return {
    epochs_run: seen.length,
    train_loss: last.train_loss,
    val_loss: last.val_loss,
    gap: last.val_loss - last.train_loss,
    train_acc: last.train_acc,
    val_acc: last.val_acc,
    best_epoch: best.epoch,
    best_val_loss: best.val_loss,
    val_noise: curveNoise(seen.map((r) => r.val_loss)),
    dropout,
  };
}

/**
 * The verdict on the plain net alone, or on its dropout twin against it.
 * @param {Numbers} base
 * @param {Numbers | null} [twin]
 * @returns {Verdict}
 */
export function judge(base, twin = null) {
  const t = THRESHOLDS;
  const n = base.epochs_run;
  const plainOverfits =
    n >= t.min_epochs &&
    base.best_epoch <= t.overfit_best_share * n &&
    base.val_loss >= t.overfit_loss_ratio * base.best_val_loss;
  const facts = factsOf(base, twin, n);
  /** @type {string[]} */ const clauses = [];
  let kind;
  if (n < t.min_epochs) kind = 'too_few_epochs';
  else if (!twin) kind = plainOverfits ? 'plain_overfits' : 'no_overfitting';
  else {
    const dVal = twin.val_loss - base.val_loss;
    const dGap = twin.gap - base.gap;
    const margin = marginOf(base, twin);
    const underfits =
      twin.train_loss >= t.underfit_train_ratio * base.train_loss &&
      base.val_acc - twin.val_acc >= t.underfit_accuracy_drop;
    if (underfits) {
      kind = 'too_much_dropout';
      if (dVal < 0) clauses.push('lower_val_is_no_win');
    } else if (dVal < -margin) kind = dGap < -margin ? 'dropout_helped' : 'mixed';
    else if (dVal > margin) kind = 'dropout_worse';
    else kind = 'no_real_difference';
    if (kind !== 'too_much_dropout') {
      if (plainOverfits) clauses.push('plain_overfits');
      else if (kind === 'no_real_difference' || kind === 'dropout_worse') clauses.push('plain_fits');
    }
  }
  const words = /** @type {Record<string, {headline: string, sentence: string}>} */ (RULES.verdicts)[kind];
  const sentence = [
    words.sentence,
    ...clauses.map((c) => /** @type {Record<string, string>} */ (RULES.clauses)[c]),
  ]
    .map((text) => fill(text, facts))
    .join(' ');
  return { kind, headline: words.headline, sentence, plainOverfits, facts };
}

/**
 * The smallest validation-loss difference that counts (see verdict.json's reasons).
 * @param {Numbers} base
 * @param {Numbers} twin
 */
function marginOf(base, twin) {
  const t = THRESHOLDS;
  return Math.max(
    t.min_difference,
    t.min_relative_difference * Math.max(base.val_loss, twin.val_loss),
    t.noise_factor * Math.hypot(base.val_noise ?? 0, twin.val_noise ?? 0),
  );
}

/**
 * Every number a template may name, formatted exactly as engine/verdict.py formats it.
 * @param {Numbers} base
 * @param {Numbers | null} twin
 * @param {number} n
 * @returns {Record<string, string>}
 */
function factsOf(base, twin, n) {
  /** @type {Record<string, string>} */
  const facts = {
    epochs: String(n),
    min_epochs: String(THRESHOLDS.min_epochs),
    overfit_ratio: ratio(THRESHOLDS.overfit_loss_ratio),
    base_train: loss(base.train_loss),
    base_val: loss(base.val_loss),
    base_gap: loss(base.gap),
    base_acc: percent(base.val_acc),
    base_best: String(base.best_epoch),
    base_best_val: loss(base.best_val_loss),
    base_ratio: ratio(base.val_loss / Math.max(base.best_val_loss, 1e-12)),
  };
  if (twin) {
    const dAcc = twin.val_acc - base.val_acc;
    Object.assign(facts, {
      p: String(Number(twin.dropout.toPrecision(6))),
      twin_train: loss(twin.train_loss),
      twin_val: loss(twin.val_loss),
      twin_gap: loss(twin.gap),
      twin_acc: percent(twin.val_acc),
      d_val: loss(Math.abs(twin.val_loss - base.val_loss)),
      d_gap: loss(Math.abs(twin.gap - base.gap)),
      margin: loss(marginOf(base, twin)),
      train_ratio: ratio(twin.train_loss / Math.max(base.train_loss, 1e-12)),
      acc_drop: fixed(Math.abs(100 * dAcc), 1),
      acc_change: (dAcc < 0 ? '-' : '+') + fixed(Math.abs(100 * dAcc), 1),
    });
  }
  return facts;
}

/**
 * Replace each {name} by facts[name].
 * @param {string} template
 * @param {Record<string, string>} facts
 */
export function fill(template, facts) {
  let out = template;
  for (const [name, value] of Object.entries(facts)) out = out.replaceAll(`{${name}}`, value);
  return out;
}

/**
 * `value` with `digits` decimals, halves rounded up (the same digits as engine/verdict.py's `fixed`;
 * toFixed and Python's format disagree on exact halves).
 * @param {number} value
 * @param {number} digits
 */
export function fixed(value, digits) {
  const scale = 10 ** digits;
  const k = Math.floor(value * scale + 0.5);
  const sign = k < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(k) / scale);
  const frac = String(Math.abs(k) % scale).padStart(digits, '0');
  return digits ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/** @param {number} value */
export function loss(value) {
  const text = fixed(value, 3);
  return text === '-0.000' ? '0.000' : text;
}

/** @param {number} value */
function ratio(value) {
  return value < 1000 ? fixed(value, 1) : 'over 1000';
}

/** @param {number} value */
function percent(value) {
  return fixed(100 * value, 1);
}
