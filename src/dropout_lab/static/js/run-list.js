// @ts-check
/**
 * The run list: this tab's runs and, when the server keeps runs, every kept run, newest first. Each run
 * has a number (#1, #2, ... in the order this tab first saw it) that the chart's legend uses. Any run
 * but the one shown can be overlaid on the loss chart; a kept run can also be opened by its link,
 * renamed and deleted (the callbacks do the talking to the server). Without a run store the list holds
 * this tab's last MAX_RUNS runs.
 */

import { entryItem } from './run-entry.js';
import { forgetPictures } from './run-state.js';

export const MAX_RUNS = 8;
export const FIRST_SHOWN = 20; // kept runs listed before "Show more"

/**
 * @typedef {import('./run-state.js').Run} Run
 * @typedef {import('./runs-api.js').StoredRun} StoredRun
 * @typedef {{key: string, number: number, label: string, run: Run | null, record: StoredRun | null,
 *   time: number}} Item
 * @typedef {{onToggle: () => void, onNeedRun: (key: string) => void,
 *   onRename: (key: string, name: string) => void, onDelete: (key: string) => void,
 *   labelOf: (record: StoredRun) => string}} Handlers
 */

/**
 * @param {HTMLOListElement} el
 * @param {Handlers} on
 */
export function createRunList(el, on) {
  /** @type {Map<string, Item>} */ const items = new Map();
  /** @type {Map<string, number>} */ const numbers = new Map();
  /** @type {Set<string>} */ const shown = new Set();
  let kept = false;
  let current = '';
  let renaming = '';
  let limit = FIRST_SHOWN;

  /** @param {string} key */
  function numberFor(key) {
    if (!numbers.has(key)) numbers.set(key, numbers.size + 1);
    return /** @type {number} */ (numbers.get(key));
  }

  /** @param {string} key */
  function item(key) {
    let found = items.get(key);
    if (!found) {
      found = { key, number: numberFor(key), label: 'Custom', run: null, record: null, time: Date.now() };
      items.set(key, found);
    }
    return found;
  }

  /** @type {import('./run-entry.js').EntryActions} */
  const actions = {
    toggle(key, checked) {
      if (checked) shown.add(key);
      else shown.delete(key);
      if (checked && !items.get(key)?.run) on.onNeedRun(key); // a kept run: its curves are fetched first
      on.onToggle();
    },
    startRename(key) {
      renaming = key;
      render();
    },
    rename(key, name) {
      renaming = '';
      render();
      /** @type {HTMLElement | null} */ (el.querySelector(`li[data-run-id="${key}"] .rename-run`))?.focus();
      if (name !== null) on.onRename(key, name.trim());
    },
    remove: (key) => on.onDelete(key),
  };

  function render() {
    const sorted = [...items.values()].sort((a, b) => b.time - a.time || b.number - a.number);
    el.replaceChildren(
      ...sorted
        .slice(0, kept ? limit : sorted.length)
        .map((it) =>
          entryItem(
            { ...it, current: it.key === current, shown: shown.has(it.key), renaming: it.key === renaming },
            actions,
            kept,
          ),
        ),
    );
    if (!sorted.length)
      el.append(
        Object.assign(document.createElement('li'), { className: 'empty', textContent: 'No runs yet.' }),
      );
    if (kept && sorted.length > limit) {
      const more = Object.assign(document.createElement('button'), {
        type: 'button',
        className: 'small more-runs',
      });
      more.textContent = `Show ${Math.min(FIRST_SHOWN, sorted.length - limit)} more of ${sorted.length - limit} older runs`;
      more.addEventListener('click', () => {
        limit += FIRST_SHOWN;
        render();
      });
      const li = Object.assign(document.createElement('li'), { className: 'more' });
      li.append(more);
      el.append(li);
    }
  }

  render();
  return {
    numberFor,
    /** A run this tab starts or opens; it becomes the current one. @param {Run} run */
    add(run) {
      const it = item(run.run_id);
      it.run = run;
      it.label = run.label;
      current = run.run_id;
      shown.delete(run.run_id);
      const local = [...items.values()].filter((i) => !i.record);
      if (!kept && local.length > MAX_RUNS) {
        const oldest = local.reduce((a, b) => (a.time <= b.time ? a : b));
        items.delete(oldest.key);
        shown.delete(oldest.key);
      }
      render();
    },
    /** A kept run's events, fetched to overlay it. @param {string} key @param {Run} run */
    attach(key, run) {
      const it = items.get(key);
      if (!it || it.run) return;
      it.run = run;
      forgetPictures(run);
      on.onToggle();
    },
    /**
     * The runs the server keeps (newest first), or none when it keeps none.
     * @param {StoredRun[]} records
     * @param {boolean} keeps
     */
    setRecords(records, keeps) {
      kept = keeps;
      for (const it of items.values()) it.record = null;
      for (const record of [...records].reverse()) {
        const it = item(record.id); // numbered oldest first
        it.record = record;
        it.time = Date.parse(record.created_at) || it.time;
        if (!it.run) it.label = on.labelOf(record);
      }
      for (const [key, it] of items) if (!it.record && !it.run) items.delete(key);
      for (const key of shown) if (!items.has(key)) shown.delete(key);
      render();
    },
    /** A run deleted from the store leaves the list (unless it is the one shown). @param {string} key */
    forget(key) {
      shown.delete(key);
      if (key !== current) items.delete(key);
      render();
    },
    /** @param {string} key */
    record: (key) => items.get(key)?.record ?? null,
    /** @param {string} key */
    label: (key) => items.get(key)?.label ?? '',
    refresh: render,
    /** The runs loaded in this tab, oldest first (exports). */
    all() {
      return [...items.values()]
        .filter((i) => i.run)
        .sort((a, b) => a.number - b.number)
        .map((i) => /** @type {Run} */ (i.run));
    },
    shownRuns() {
      return [...shown]
        .filter((k) => k !== current)
        .flatMap((k) => (items.get(k)?.run ? [/** @type {Run} */ (items.get(k)?.run)] : []));
    },
    /** Reset: the view forgets its runs; the kept ones stay listed. */
    clear() {
      shown.clear();
      current = '';
      for (const [key, it] of items) {
        if (it.record) it.run = null;
        else items.delete(key);
      }
      render();
    },
  };
}
