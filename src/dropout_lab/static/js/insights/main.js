// @ts-check
/**
 * The "Why dropout works" page: the experiment comes from the URL query (keys = config field names,
 * missing keys = the defaults of /api/config); one tab and one panel per insight of /api/insights, each
 * panel cloned from the page's <template>; each view runs real training on the server.
 */

import { fetchLabConfig } from '../api-client.js';
import { readUrlValues } from '../url-state.js';
import { mountLiveView } from './live-view.js';
import { mountInsightPanel } from './panel.js';
import { VIEWS } from './views.js';

async function main() {
  const [lab, schema] = await Promise.all([fetchLabConfig(), fetch('/api/insights').then((r) => r.json())]);
  /** @type {Record<string, any>} */ const config = {};
  for (const knob of lab.knobs) config[knob.name] = knob.default;
  Object.assign(config, readUrlValues(lab.knobs));
  const getConfig = () => ({ ...config });
  describeConfig(config);
  /** @type {HTMLAnchorElement} */ (document.getElementById('back')).href = `/${location.search}`;
  const template = /** @type {HTMLTemplateElement} */ (document.getElementById('insight-panel'));
  const tabs = /** @type {HTMLElement} */ (document.getElementById('tabs'));
  const live = /** @type {HTMLElement} */ (document.getElementById('tab-live'));
  const main = /** @type {HTMLElement} */ (document.querySelector('main'));
  const livePanel = /** @type {HTMLElement} */ (document.getElementById('panel-live'));
  for (const insight of schema.insights) {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.setAttribute('role', 'tab');
    tab.id = `tab-${insight.name}`;
    tab.setAttribute('aria-controls', `panel-${insight.name}`);
    tab.dataset.view = insight.name;
    tab.textContent = VIEWS[insight.name]?.tab ?? insight.title;
    tabs.insertBefore(tab, live);
    main.insertBefore(mountInsightPanel(template, main, insight, getConfig), livePanel);
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
