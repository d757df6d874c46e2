// @ts-check
/** One card of numbers per network at the epoch the views show (the best epoch so far included). */

import { networkColor, networkTitle } from './network-style.js';
import { fixed, numbersAt } from './verdict.js';

const loss = (/** @type {number | undefined} */ v) =>
  v === undefined || !Number.isFinite(v) ? '–' : fixed(v, 3);
const pct = (/** @type {number | undefined} */ v) =>
  v === undefined || !Number.isFinite(v) ? '–' : `${fixed(100 * v, 1)}%`;

/** @param {HTMLElement} cardsEl */
export function createMetricCards(cardsEl) {
  /** @type {Map<string, HTMLElement>} */ let cards = new Map();
  let runKey = '';

  /** @param {import('./run-state.js').Run} run */
  function build(run) {
    cardsEl.replaceChildren();
    cards = new Map();
    run.networks.forEach((net, i) => {
      const card = document.createElement('article');
      card.className = 'card';
      card.dataset.network = net.name;
      card.style.setProperty('--net-color', networkColor(net.name, i));
      const title = document.createElement('h3');
      title.textContent = networkTitle(net);
      const sub = document.createElement('p');
      sub.className = 'card-sub';
      const dl = document.createElement('dl');
      for (const [term, key] of ROWS) {
        const div = document.createElement('div');
        const dt = document.createElement('dt');
        dt.textContent = term;
        const dd = document.createElement('dd');
        dd.dataset.metric = key;
        div.append(dt, dd);
        dl.append(div);
      }
      card.append(title, sub, dl);
      cardsEl.append(card);
      cards.set(net.name, card);
    });
  }

  return {
    /**
     * @param {import('./run-state.js').Run | null} run
     * @param {number} epoch the epoch the views show
     */
    update(run, epoch) {
      if (!run) {
        cardsEl.replaceChildren();
        runKey = '';
        return;
      }
      if (runKey !== run.run_id) {
        build(run);
        runKey = run.run_id;
      }
      for (const net of run.networks) {
        const card = /** @type {HTMLElement} */ (cards.get(net.name));
        const m = numbersAt(run.epochs[net.name] ?? [], epoch, net.dropout);
        /** @type {Record<string, string>} */
        const text = {
          train_loss: loss(m?.train_loss),
          val_loss: loss(m?.val_loss),
          gap: loss(m?.gap),
          train_acc: pct(m?.train_acc),
          val_acc: pct(m?.val_acc),
          best_epoch: m ? `${m.best_epoch} (${loss(m.best_val_loss)})` : '–',
        };
        /** @type {HTMLElement} */ (card.querySelector('.card-sub')).textContent = m
          ? `at epoch ${m.epochs_run} of ${run.config.epochs}`
          : 'waiting for the first epoch…';
        for (const dd of card.querySelectorAll('dd')) dd.textContent = text[dd.dataset.metric ?? ''];
      }
    },
  };
}

const ROWS = [
  ['Training loss (eval mode)', 'train_loss'],
  ['Validation loss', 'val_loss'],
  ['Overfitting gap (val − train)', 'gap'],
  ['Training accuracy', 'train_acc'],
  ['Validation accuracy', 'val_acc'],
  ['Best epoch so far (val loss)', 'best_epoch'],
];
