// @ts-check
/** The short list of earlier runs; any of them can be shown on the loss chart beside the current run. */

import { networkTitle } from './network-style.js';
import { fixed } from './verdict.js';

export const MAX_RUNS = 8;

/**
 * @param {HTMLOListElement} el
 * @param {(shownIds: Set<number>) => void} onToggle
 */
export function createRunList(el, onToggle) {
  /** @type {import('./run-state.js').Run[]} */ let runs = [];
  /** @type {Set<number>} */ const shown = new Set();
  let currentId = -1;

  function render() {
    el.replaceChildren();
    if (!runs.length) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'No runs yet.';
      el.append(li);
      return;
    }
    for (const run of [...runs].reverse()) {
      const li = document.createElement('li');
      li.dataset.runId = String(run.id);
      const c = run.config;
      const title = document.createElement('strong');
      title.textContent = `#${run.id} ${run.label}`;
      const setup = document.createElement('span');
      setup.className = 'run-setup';
      setup.textContent = ` ${c.dataset}, ${c.layers}×${c.neurons}, drop p = ${c.dropout}, ${c.epochs} epochs, seed ${c.seed}`;
      const results = document.createElement('span');
      results.className = 'run-results';
      results.textContent = run.networks
        .map((net) => {
          const last = run.epochs[net.name]?.at(-1);
          return `${networkTitle(net)}: val loss ${last ? fixed(last.val_loss, 3) : '–'}`;
        })
        .join(' · ');
      const status = document.createElement('span');
      status.className = `run-status ${run.status}`;
      status.textContent =
        run.status === 'running' ? 'training…' : run.status === 'lost' ? 'connection lost' : run.status;
      li.append(title, setup, document.createElement('br'), results, ' ', status);
      if (run.id !== currentId) {
        const label = document.createElement('label');
        label.className = 'show-beside';
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = shown.has(run.id);
        box.addEventListener('change', () => {
          if (box.checked) shown.add(run.id);
          else shown.delete(run.id);
          onToggle(new Set(shown));
        });
        label.append(box, ` show #${run.id}'s validation curves on the chart`);
        li.append(label);
      } else {
        const tag = document.createElement('span');
        tag.className = 'current-tag';
        tag.textContent = 'current';
        li.append(' ', tag);
      }
      el.append(li);
    }
  }

  render();
  return {
    /** @param {import('./run-state.js').Run} run */
    add(run) {
      runs.push(run);
      if (runs.length > MAX_RUNS) {
        const dropped = runs.shift();
        if (dropped) shown.delete(dropped.id);
      }
      currentId = run.id;
      render();
    },
    refresh: render,
    /** @returns {import('./run-state.js').Run[]} */
    all() {
      return runs;
    },
    /** @returns {import('./run-state.js').Run[]} */
    shownRuns() {
      return runs.filter((r) => shown.has(r.id) && r.id !== currentId);
    },
    clear() {
      runs = [];
      shown.clear();
      currentId = -1;
      render();
    },
  };
}
