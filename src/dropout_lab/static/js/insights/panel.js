// @ts-check
/** One insight's panel: its parameters, Run/Stop, a progress bar, then the view's figures. */

import { runInsight } from './insight-socket.js';
import { createParamForm } from './param-form.js';

/**
 * @param {HTMLElement} el the panel (contains .params, .run, .stop, progress, .status, .results)
 * @param {{name: string, title: string, summary: string, params: any[]}} insight
 * @param {() => Record<string, any>} getConfig
 * @param {(el: HTMLElement, result: any) => void} render
 */
export function mountInsightPanel(el, insight, getConfig, render) {
  const form = createParamForm(
    /** @type {HTMLElement} */ (el.querySelector('.params')),
    insight.name,
    insight.params,
  );
  const run = /** @type {HTMLButtonElement} */ (el.querySelector('.run'));
  const stop = /** @type {HTMLButtonElement} */ (el.querySelector('.stop'));
  const bar = /** @type {HTMLProgressElement} */ (el.querySelector('progress'));
  const status = /** @type {HTMLElement} */ (el.querySelector('.status'));
  const results = /** @type {HTMLElement} */ (el.querySelector('.results'));
  /** @type {{stop: () => void} | null} */ let session = null;
  const finish = () => {
    session = null;
    run.disabled = false;
    stop.disabled = true;
  };
  run.addEventListener('click', () => {
    form.showErrors([]);
    run.disabled = true;
    stop.disabled = false;
    bar.value = 0;
    bar.hidden = false;
    status.textContent = 'Starting…';
    el.dataset.state = 'running';
    const started = performance.now();
    session = runInsight(insight.name, getConfig(), form.read(), {
      onProgress(m) {
        bar.max = m.total;
        bar.value = m.done;
        status.textContent = `${m.stage} (${m.done} of ${m.total})`;
      },
      onResult(result) {
        finish();
        bar.hidden = true;
        results.replaceChildren();
        render(results, result);
        status.textContent = `Done in ${((performance.now() - started) / 1000).toFixed(1)} s: every number below comes from networks trained just now.`;
        el.dataset.state = 'done';
      },
      onError(message, m) {
        finish();
        bar.hidden = true;
        if (m?.errors) form.showErrors(m.errors.filter((/** @type {any} */ e) => e.section === 'params'));
        status.textContent = message;
        el.dataset.state = 'error';
      },
    });
  });
  stop.addEventListener('click', () => session?.stop());
}
