// @ts-check
/**
 * The verdict at the epoch shown: "At epoch N of M", a headline and what the numbers say (verdict.js
 * decides), a note when the settings changed since the run, and the one-click dropout twin for a run
 * without one.
 */

import { judge, numbersAt } from './verdict.js';

/**
 * The words for a run at an epoch (pure).
 * @param {import('./run-state.js').Run | null} run
 * @param {number} epoch
 * @returns {{when: string, kind: string, headline: string, sentence: string}}
 */
export function verdictWords(run, epoch) {
  if (!run) {
    return {
      when: 'No run yet',
      kind: 'none',
      headline: 'Press Train',
      sentence: 'The verdict appears here: whether the plain network overfits and whether dropout helped.',
    };
  }
  const base = run.networks.find((n) => n.name === 'baseline') ?? run.networks[0];
  const twin = run.networks.find((n) => n !== base) ?? null;
  const b = numbersAt(run.epochs[base.name] ?? [], epoch, base.dropout);
  const t = twin ? numbersAt(run.epochs[twin.name] ?? [], epoch, twin.dropout) : null;
  const total = run.config.epochs;
  if (!b || (twin && !t)) {
    return {
      when: `Run #${run.id}`,
      kind: 'waiting',
      headline: 'Waiting for the first epoch…',
      sentence: '',
    };
  }
  const verdict = judge(b, t);
  const last = Math.min(...run.networks.map((n) => run.epochs[n.name]?.length ?? 0));
  const state =
    run.status === 'running'
      ? ' · still training'
      : epoch < last
        ? ` · the run ended at epoch ${last}`
        : {
            finished: ' · final',
            stopped: ' · stopped here',
            failed: ' · failed here',
            lost: ' · connection lost here',
          }[run.status];
  return {
    when: `At epoch ${epoch} of ${total}${state}`,
    kind: verdict.kind,
    headline: verdict.headline,
    sentence: verdict.sentence,
  };
}

/**
 * @param {{when: HTMLElement, headline: HTMLElement, sentence: HTMLElement, stale: HTMLElement,
 *   addTwin: HTMLButtonElement}} els
 */
export function createVerdictPanel(els) {
  let shown = '';
  return {
    /**
     * @param {import('./run-state.js').Run | null} run
     * @param {number} epoch
     * @param {{stale: string, twinRate: number}} context stale: why the results are for other settings
     *   ('' when they are current); twinRate: the drop probability the one-click twin would use
     */
    update(run, epoch, { stale, twinRate }) {
      const words = verdictWords(run, epoch);
      const canAddTwin = !!run && run.networks.length === 1 && run.status !== 'running' && !stale;
      const key = JSON.stringify([words, stale, canAddTwin, twinRate]);
      if (key === shown) return; // a rewrite costs a layout: only when the words change
      shown = key;
      els.when.textContent = words.when;
      els.headline.textContent = words.headline;
      els.headline.dataset.verdict = words.kind;
      els.sentence.textContent = words.sentence;
      els.stale.hidden = !stale;
      els.stale.textContent = stale;
      els.addTwin.hidden = !canAddTwin;
      els.addTwin.textContent = `Add the dropout twin (p = ${twinRate}) and train`;
      els.addTwin.dataset.rate = String(twinRate);
    },
  };
}
