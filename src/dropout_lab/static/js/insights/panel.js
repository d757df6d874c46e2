// @ts-check
/**
 * One insight's panel, cloned from the page's <template>: its parameters, Run/Stop, a progress bar,
 * then the view. Live results redraw the view as they arrive; a stop marks what is on screen as stale,
 * a new run clears it.
 */

import { createParamForm } from './param-form.js';
import { runInsight } from './insight-socket.js';
import { VIEWS } from './views.js';
import { doneText, partialNote, progressText, refusalText, staleNote } from './wording.js';

/**
 * Build insight `insight`'s panel from `template` into `parent`.
 * @param {HTMLTemplateElement} template
 * @param {HTMLElement} parent
 * @param {{name: string, title: string, summary: string, params: any[]}} insight
 * @param {() => Record<string, any>} getConfig
 * @returns {HTMLElement} the panel
 */
export function mountInsightPanel(template, parent, insight, getConfig) {
  const el = /** @type {HTMLElement} */ (
    /** @type {DocumentFragment} */ (template.content.cloneNode(true)).firstElementChild
  );
  el.id = `panel-${insight.name}`;
  el.setAttribute('aria-labelledby', `tab-${insight.name}`);
  const part = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (el.querySelector(selector));
  part('h2').textContent = insight.title;
  part('.intro').textContent = VIEWS[insight.name].intro;
  part('.summary').textContent = insight.summary;
  parent.append(el);
  const form = createParamForm(part('.params'), insight.name, insight.params);
  const run = /** @type {HTMLButtonElement} */ (part('.run'));
  const stop = /** @type {HTMLButtonElement} */ (part('.stop'));
  const bar = /** @type {HTMLProgressElement} */ (part('progress'));
  const status = part('.status');
  const note = part('.live-note');
  const results = part('.results');
  let view = VIEWS[insight.name].create(results);
  /** @type {{stop: () => void} | null} */ let session = null;
  /** @type {any} */ let shown = null;

  const finish = (/** @type {string} */ state) => {
    session = null;
    run.disabled = false;
    stop.disabled = true;
    bar.hidden = true;
    el.dataset.state = state;
    if (document.activeElement === stop || document.activeElement === document.body) run.focus();
  };
  const show = (/** @type {any} */ result) => {
    shown = result;
    view.update(result);
    note.textContent = partialNote(result);
    note.hidden = !note.textContent;
    results.dataset.partial = String(result.complete === false);
  };
  run.addEventListener('click', () => {
    form.showErrors([]);
    run.disabled = true;
    stop.disabled = false;
    stop.focus(); // the focused Run is disabled: keep the keyboard on a live control
    bar.value = 0;
    bar.hidden = false;
    status.textContent = 'Starting…';
    shown = null;
    results.replaceChildren(); // the previous run's results belong to other settings or parameters
    view = VIEWS[insight.name].create(results);
    delete results.dataset.stale;
    note.hidden = true;
    el.dataset.state = 'running';
    const started = performance.now();
    session = runInsight(insight.name, getConfig(), form.read(), {
      onProgress(m) {
        bar.max = m.total;
        bar.value = m.done;
        status.textContent = progressText(m);
      },
      onPartial: show,
      onResult(result) {
        show(result);
        status.textContent = doneText((performance.now() - started) / 1000);
        finish('done');
      },
      onError(message, m) {
        const errors = m?.errors?.filter((/** @type {any} */ e) => e.section === 'params') ?? [];
        form.showErrors(errors);
        status.textContent = refusalText(message, m?.errors);
        markStale('Failed');
        finish('error');
      },
      onEnd(why) {
        status.textContent = `${why}.`;
        markStale(why);
        finish('stopped');
      },
    });
  });
  stop.addEventListener('click', () => session?.stop());

  /** Results on screen that the run did not finish are labelled as such. @param {string} why */
  function markStale(why) {
    const text = staleNote(shown, why);
    if (!shown || !text) return;
    note.textContent = text;
    note.hidden = false;
    results.dataset.stale = 'true';
  }
  return el;
}
