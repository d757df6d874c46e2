// @ts-check
/**
 * The runs the server keeps, on the page: the run list filled from the server (at load, after each
 * run, after each change), a kept run's events fetched to open it or to overlay it, renames, and
 * deletions with Undo. Says whether runs are kept at all; without a run store the list stays this
 * tab's own. Knows the run list and the server's routes; nothing of the views or the timeline.
 */

import { createRunList } from './run-list.js';
import { runFromEvents } from './run-state.js';
import { deleteRun, fetchRunEvents, fetchRuns, renameRun, restoreRun } from './runs-api.js';

const RECORD_TRIES = 8; // a finished run is in the store within a moment: asked again up to 8 times
const RECORD_WAIT_MS = 400;

/**
 * The run list (#run-list) and what the server keeps of it: #runs-note says whether runs are kept,
 * #runs-undo offers Undo after a deletion, #announcer tells screen readers.
 * @param {(id: string) => HTMLElement} $
 * @param {{labelOf: (record: import('./runs-api.js').StoredRun) => string, onToggle: () => void}} deps
 */
export function createKeptRuns($, { labelOf, onToggle }) {
  const [note, undo, undoText] = [$('runs-note'), $('runs-undo'), $('runs-undo-text')];
  const undoButton = /** @type {HTMLButtonElement} */ ($('runs-undo-button'));
  const announce = (/** @type {string} */ text) => {
    $('announcer').textContent = text;
  };
  const runList = createRunList(/** @type {HTMLOListElement} */ ($('run-list')), {
    onToggle,
    onNeedRun: (key) => shelf.load(key),
    onRename: (key, name) => shelf.rename(key, name),
    onDelete: (key) => shelf.remove(key),
    labelOf,
  });
  let keeps = false;
  /** @type {{id: string, number: number, timer: number} | null} */ let deleted = null;

  /** @param {import('./runs-api.js').StoreStatus} store */
  function describe(store) {
    if (store.on && store.recording)
      return 'Runs are kept by the server: they stay after a reload or a restart, and each has its own link (Open).';
    if (store.on) return `The kept runs are listed, but new runs are not kept: ${store.problem}`;
    if (store.problem) return `Runs are not kept: ${store.problem}`;
    return 'Runs are not kept: this lab was started without a run store (--no-store), so this list lasts as long as this tab.';
  }

  /** Ask the server for the kept runs; true when it answered. */
  async function refresh() {
    try {
      const { store, runs } = await fetchRuns();
      keeps = store.on;
      runList.setRecords(runs, store.on);
      note.textContent = describe(store);
      return true;
    } catch (error) {
      note.textContent = `The kept runs cannot be listed: ${/** @type {Error} */ (error).message}`;
      return false;
    }
  }

  /** @param {string} text */
  function tell(text) {
    note.textContent = text;
    announce(text);
  }

  function hideUndo() {
    if (deleted) clearTimeout(deleted.timer);
    deleted = null;
    undo.hidden = true;
  }

  undoButton.addEventListener('click', async () => {
    if (!deleted) return;
    const { id, number } = deleted;
    hideUndo();
    try {
      await restoreRun(id);
      await refresh();
      tell(`Run #${number} is back.`);
      /** @type {HTMLElement | null} */ (
        document.querySelector(`li[data-run-id="${id}"] .delete-run`)
      )?.focus();
    } catch (error) {
      tell(`Run #${number} could not be restored: ${/** @type {Error} */ (error).message}`);
    }
  });

  const shelf = {
    runList,
    refresh,
    get keeps() {
      return keeps;
    },
    /** After a run ended: list it once the server has recorded it. @param {import('./run-state.js').Run} run */
    async afterRun(run) {
      if (!keeps || run.status === 'failed' || run.status === 'lost') return;
      for (let i = 0; i < RECORD_TRIES; i++) {
        if ((await refresh()) && runList.record(run.run_id)) return;
        await new Promise((done) => setTimeout(done, RECORD_WAIT_MS));
      }
    },
    /** A kept run's events (run_started first) and its record. @param {string} id */
    async open(id) {
      const body = await fetchRunEvents(id);
      if (!body.events)
        throw new Error(`run ${body.run.id} is a ${body.run.kind} analysis: open it on the insights page`);
      return { record: body.run, events: body.events };
    },
    /** Fetch a kept run's curves for the chart. @param {string} key */
    async load(key) {
      try {
        const { events } = await this.open(key);
        runList.attach(key, runFromEvents(events, runList.numberFor(key), runList.label(key)));
      } catch (error) {
        tell(`Run #${runList.numberFor(key)} cannot be shown: ${/** @type {Error} */ (error).message}`);
      }
    },
    /** @param {string} key @param {string} name */
    async rename(key, name) {
      try {
        await renameRun(key, name);
        await refresh();
        tell(`Run #${runList.numberFor(key)} is now called "${name}".`);
      } catch (error) {
        tell(`Run #${runList.numberFor(key)} was not renamed: ${/** @type {Error} */ (error).message}`);
      }
    },
    /** Delete at once, with an Undo for as long as the server allows it. @param {string} key */
    async remove(key) {
      const number = runList.numberFor(key);
      try {
        const { undo_s } = await deleteRun(key);
        hideUndo();
        runList.forget(key);
        await refresh();
        const timer = window.setTimeout(hideUndo, undo_s * 1000);
        deleted = { id: key, number, timer };
        undoText.textContent = `Run #${number} was deleted.`;
        undo.hidden = false;
        undoButton.focus(); // the item and its buttons are gone: Undo is where the keyboard goes
        announce(`Run #${number} was deleted. Undo is available.`);
      } catch (error) {
        tell(`Run #${number} was not deleted: ${/** @type {Error} */ (error).message}`);
      }
    },
  };
  return shelf;
}
