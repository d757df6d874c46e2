// @ts-check
/**
 * The "Why dropout works" page: the experiment comes from the URL query (keys = config field names,
 * missing keys = the defaults of /api/config); one tab per view; each view runs real training on the server.
 */

import { fetchLabConfig } from '../api-client.js';
import { readUrlValues } from '../url-state.js';
import { renderAlternatives } from './alternatives-view.js';
import { renderEnsemble } from './ensemble-view.js';
import { renderKnockout } from './knockout-view.js';
import { mountLiveView } from './live-view.js';
import { mountInsightPanel } from './panel.js';
import { renderSweep } from './sweep-view.js';
import { renderUncertainty } from './uncertainty-view.js';

/** @type {Record<string, (el: HTMLElement, result: any) => void>} */
const RENDERERS = {
  sweep: renderSweep,
  ensemble: renderEnsemble,
  uncertainty: renderUncertainty,
  knockout: renderKnockout,
  alternatives: renderAlternatives,
};

async function main() {
  const [lab, schema] = await Promise.all([fetchLabConfig(), fetch('/api/insights').then((r) => r.json())]);
  /** @type {Record<string, any>} */ const config = {};
  for (const knob of lab.knobs) config[knob.name] = knob.default;
  Object.assign(config, readUrlValues(lab.knobs));
  const getConfig = () => ({ ...config });
  describeConfig(config);
  /** @type {HTMLAnchorElement} */ (document.getElementById('back')).href = `/${location.search}`;
  for (const insight of schema.insights) {
    const panel = /** @type {HTMLElement} */ (document.getElementById(`panel-${insight.name}`));
    /** @type {HTMLElement} */ (panel.querySelector('.summary')).textContent = insight.summary;
    mountInsightPanel(panel, insight, getConfig, RENDERERS[insight.name]);
  }
  mountLiveView(/** @type {HTMLElement} */ (document.getElementById('panel-live')), getConfig);
  setUpTabs();
  document.body.dataset.ready = 'true';
}

/** @param {Record<string, any>} c */
function describeConfig(c) {
  const text =
    `${c.dataset} (noise ${c.noise}, ${c.n_samples} points, ${Math.round(100 * c.val_share)}% validation) · ` +
    `${c.layers} hidden layers × ${c.neurons} ${c.activation} · drop probability ${c.dropout}` +
    `${c.dropout > 0 ? '' : ' (views that need a dropout network use 0.5)'} · ${c.epochs} epochs · ${c.optimizer} lr ${c.lr} · ` +
    `batch ${c.batch_size || 'full'} · weight decay ${c.weight_decay} · seed ${c.seed}`;
  /** @type {HTMLElement} */ (document.getElementById('config-summary')).textContent = text;
}

function setUpTabs() {
  const tabs = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('[role="tab"]')]);
  const select = (/** @type {HTMLButtonElement} */ tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      /** @type {HTMLElement} */ (
        document.getElementById(/** @type {string} */ (t.getAttribute('aria-controls')))
      ).hidden = !on;
    }
    history.replaceState(null, '', `${location.pathname}${location.search}#${tab.dataset.view}`);
    window.dispatchEvent(new Event('resize'));
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      select(next);
    });
  });
  select(tabs.find((t) => `#${t.dataset.view}` === location.hash) ?? tabs[0]);
}

main().catch((error) => {
  /** @type {HTMLElement} */ (document.getElementById('config-summary')).textContent =
    `Could not load the page: ${error}`;
  throw error;
});
