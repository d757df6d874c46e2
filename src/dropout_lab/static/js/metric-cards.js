// @ts-check
/** One card of numbers per network, and the difference between the two stated in a sentence. */

import { metricsFor } from './run-state.js';
import { networkColor, networkTitle } from './network-style.js';

const fmt = (/** @type {number | null | undefined} */ v, digits = 3) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
const pct = (/** @type {number | null | undefined} */ v) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`;

/**
 * @param {HTMLElement} cardsEl
 * @param {HTMLElement} sentenceEl
 */
export function createMetricCards(cardsEl, sentenceEl) {
  return {
    /** @param {import('./run-state.js').Run | null} run */
    update(run) {
      cardsEl.replaceChildren();
      if (!run) {
        sentenceEl.textContent = 'Press Train to see the numbers.';
        return;
      }
      run.networks.forEach((net, i) => {
        const m = metricsFor(run, net.name);
        const card = document.createElement('article');
        card.className = 'card';
        card.dataset.network = net.name;
        card.style.setProperty('--net-color', networkColor(net.name, i));
        const rows = [
          ['Training loss (eval mode)', fmt(m?.train_loss), 'train_loss'],
          ['Validation loss', fmt(m?.val_loss), 'val_loss'],
          ['Overfitting gap (val − train)', fmt(m?.gap), 'gap'],
          ['Training accuracy', pct(m?.train_acc), 'train_acc'],
          ['Validation accuracy', pct(m?.val_acc), 'val_acc'],
          [
            'Best epoch (lowest val loss)',
            m ? `${m.best_epoch} (${fmt(m.best_val_loss)})` : '–',
            'best_epoch',
          ],
        ];
        const epoch = m ? `after epoch ${m.epochs_run ?? m.epoch}` : 'waiting…';
        card.innerHTML = `<h3>${networkTitle(net)}</h3><p class="card-sub">${epoch}</p><dl></dl>`;
        const dl = /** @type {HTMLElement} */ (card.querySelector('dl'));
        for (const [term, value, key] of rows) {
          const div = document.createElement('div');
          div.innerHTML = `<dt>${term}</dt><dd data-metric="${key}">${value}</dd>`;
          dl.append(div);
        }
        cardsEl.append(card);
      });
      sentenceEl.textContent = differenceSentence(run);
    },
  };
}

/**
 * The comparison in plain words: the engine's differences when finished, the latest epoch otherwise.
 * @param {import('./run-state.js').Run} run
 */
export function differenceSentence(run) {
  const base = metricsFor(run, 'baseline');
  const drop = metricsFor(run, 'dropout');
  const spec = run.networks.find((n) => n.name === 'dropout');
  if (!spec) {
    return 'This run has no dropout network (drop probability 0%). Load "Same Network + Dropout" and press Train to compare.';
  }
  if (!base || !drop) return 'Waiting for the first epoch…';
  const d = run.differences?.dropout ?? {
    val_loss: drop.val_loss - base.val_loss,
    gap: drop.gap - base.gap,
    val_acc: drop.val_acc - base.val_acc,
  };
  const when = run.status === 'running' ? 'So far, with' : 'With';
  const lower = d.val_loss < 0 ? 'lower' : 'higher';
  const smaller = d.gap < 0 ? 'smaller' : 'larger';
  const acc = d.val_acc * 100;
  return (
    `${when} dropout (p = ${spec.dropout}) the validation loss is ${fmt(Math.abs(d.val_loss))} ${lower} ` +
    `than without (${fmt(drop.val_loss)} vs ${fmt(base.val_loss)}), the overfitting gap is ` +
    `${fmt(Math.abs(d.gap))} ${smaller}, and validation accuracy differs by ${acc >= 0 ? '+' : '−'}` +
    `${Math.abs(acc).toFixed(1)} points.`
  );
}
