// @ts-check
/** The page: loads the schema, builds the views and wires controls, training and exports together. */

import { fetchLabConfig } from './api-client.js';
import { createBoundaryMap } from './boundary-map.js';
import { wireExports } from './exporters.js';
import { createKnobForm } from './knob-form.js';
import { createLossChart } from './loss-chart.js';
import { createMetricCards } from './metric-cards.js';
import { lossSeries } from './loss-series.js';
import { createNetworkDiagram } from './network-diagram.js';
import { networkTitle } from './network-style.js';
import { createPatternTable } from './pattern-table.js';
import { renderPytorchCode } from './pytorch-code.js';
import { createRunList } from './run-list.js';
import { applyEvent, createRun, splitFor } from './run-state.js';
import { createScenarioBar } from './scenario-bar.js';
import { runTraining } from './training-session.js';
import { readUrlValues, writeUrlValues } from './url-state.js';

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const FIRST_STEP = 'severe-overfitting';

const lab = await fetchLabConfig();
const presets = new Map(lab.presets.map((p) => [p.name, p]));
const status = (/** @type {string} */ text) => {
  $('status').textContent = text;
};

const form = createKnobForm({ basic: $('basic-knobs'), advanced: $('advanced-knobs') }, lab.knobs, onEdit);
const scenarios = createScenarioBar($('scenario-buttons'), lab.presets, loadPreset);
createPatternTable(/** @type {HTMLTableSectionElement} */ ($('pattern-rows')), lab.pattern_table, loadPreset);
const lossChart = createLossChart(/** @type {HTMLCanvasElement} */ ($('loss-chart')));
const maps = {
  baseline: createBoundaryMap(/** @type {HTMLCanvasElement} */ ($('boundary-baseline'))),
  dropout: createBoundaryMap(/** @type {HTMLCanvasElement} */ ($('boundary-dropout'))),
};
const cards = createMetricCards($('metric-cards'), $('difference'));
const diagram = createNetworkDiagram($('network-diagram'));
const runList = createRunList(/** @type {HTMLOListElement} */ ($('run-list')), drawCurves);

/** @type {import('./run-state.js').Run | null} */ let current = null;
/** @type {{stop: () => void, close: () => void} | null} */ let session = null;
let nextRunId = 1;
let lastTextUpdate = 0;
const TEXT_EVERY_MS = 150;

/** The preset whose configuration equals these values, if any. @param {Record<string, any>} values */
function matchingPreset(values) {
  for (const preset of lab.presets) {
    if (Object.entries(preset.config).every(([k, v]) => values[k] === v)) return preset;
  }
  return null;
}

/** @param {Record<string, any>} values */
function onEdit(values) {
  writeUrlValues(values);
  /** @type {HTMLAnchorElement} */ ($('insights-link')).href = `/insights${location.search}`;
  $('pytorch-code').textContent = renderPytorchCode(values, lab.code);
  const preset = matchingPreset(values);
  scenarios.setActive(preset?.name ?? null);
  if (!preset) $('scenario-expect').textContent = 'Custom settings. Press Train to see what they do.';
}

/** @param {string} name */
function loadPreset(name) {
  const preset = presets.get(name);
  if (!preset) return;
  form.setValues(preset.config);
  onEdit(form.getValues());
  $('scenario-expect').textContent = `${preset.title}: ${preset.expect}`;
}

function drawCurves() {
  const showBatch = /** @type {HTMLInputElement} */ ($('show-batch-loss')).checked;
  const { series, epochs } = lossSeries(current, runList.shownRuns(), showBatch);
  lossChart.setSeries(series, epochs);
}

function drawBoundaries() {
  const run = current;
  for (const [name, map] of Object.entries(maps)) {
    const caption = $(`caption-${name}`);
    const net = run?.networks.find((n) => n.name === name);
    if (!run || !net) {
      map.clear();
      caption.textContent = name === 'baseline' ? 'Without dropout' : 'With dropout';
      map.setMessage(
        !run ? 'Press Train' : 'No dropout network in this run:\nset a drop probability above 0%',
      );
      continue;
    }
    caption.textContent = networkTitle(net);
    map.setMessage('');
    const snapshot = run.snapshots[name];
    if (snapshot) map.setSnapshot(snapshot);
  }
}

function refreshStatus() {
  const run = current;
  if (!run) return;
  const done = Math.min(...run.networks.map((n) => run.epochs[n.name]?.length ?? 0));
  if (run.status === 'running') status(`Training… epoch ${done} of ${run.config.epochs}`);
  else if (run.status === 'finished') status(`Finished ${done} epochs in ${run.elapsed_s.toFixed(1)} s.`);
  else if (run.status === 'stopped') status(`Stopped after epoch ${done}.`);
  else status(`Training failed: ${run.reason}`);
}

function setTraining(/** @type {boolean} */ on) {
  /** @type {HTMLButtonElement} */ ($('train')).disabled = on;
  /** @type {HTMLButtonElement} */ ($('stop')).disabled = !on;
}

function train() {
  const errors = form.validate();
  form.markErrors(errors);
  $('form-error').textContent = errors.map((e) => `${form.labelOf(e.field)}: ${e.message}`).join(' ');
  if (errors.length) return;
  const config = form.getValues();
  const label = matchingPreset(config)?.title ?? 'Custom';
  setTraining(true);
  status('Starting…');
  // Handlers ignore a session that Reset already abandoned (its close arrives later).
  const handle = runTraining(config, {
    onStarted(event) {
      if (session !== handle) return;
      current = createRun(event, nextRunId++, label);
      diagram.reset();
      runList.add(current);
      for (const [name, map] of Object.entries(maps)) {
        const split = current.networks.some((n) => n.name === name) ? splitFor(current, name) : null;
        map.setData(split, current.extent);
      }
      drawBoundaries();
      drawCurves();
      cards.update(current);
      refreshStatus();
    },
    onBatch(events) {
      const run = current;
      if (!run || session !== handle) return;
      const changed = { curves: false, boundaries: false, status: false };
      let mask = null; // only the newest of a frame's masks is drawn
      for (const event of events) {
        if (event.type === 'dropout_mask' && event.network === 'dropout') mask = event;
        const c = applyEvent(run, event);
        changed.curves ||= c.curves;
        changed.boundaries ||= c.boundaries;
        changed.status ||= c.status;
      }
      if (changed.curves) drawCurves();
      if (changed.boundaries) drawBoundaries();
      if (mask) diagram.update(mask);
      // Text changes re-lay out the page: a few times a second is readable and keeps frames short.
      const now = performance.now();
      if (changed.status || now - lastTextUpdate > TEXT_EVERY_MS) {
        lastTextUpdate = now;
        cards.update(run);
        runList.refresh();
        refreshStatus();
      }
    },
    onRefused(message) {
      if (session !== handle) return;
      if (message.type === 'config_error') {
        form.markErrors(message.errors);
        $('form-error').textContent = message.errors
          .map((/** @type {any} */ e) => `${form.labelOf(e.field)}: ${e.message}`)
          .join(' ');
        status('Not started: fix the highlighted setting.');
      } else {
        status(message.message);
      }
    },
    onEnd({ clean }) {
      if (session !== handle) return;
      session = null;
      setTraining(false);
      if (current?.status === 'running') {
        current.status = clean ? 'stopped' : 'failed';
        current.reason = 'the connection to the server was lost';
        refreshStatus();
        runList.refresh();
      }
    },
  });
  session = handle;
}

function reset() {
  session?.close();
  session = null;
  setTraining(false);
  current = null;
  runList.clear();
  diagram.reset();
  loadPreset(FIRST_STEP); // back to the page as it opens: the first step of the lesson
  $('form-error').textContent = '';
  drawCurves();
  drawBoundaries();
  cards.update(null);
  status('Reset to the defaults.');
}

/** @param {string} text */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

$('controls').addEventListener('submit', (e) => {
  e.preventDefault();
  train();
});
$('stop').addEventListener('click', () => {
  session?.stop();
  /** @type {HTMLButtonElement} */ ($('stop')).disabled = true;
  status('Stopping after this epoch…');
});
$('reset').addEventListener('click', reset);
$('show-batch-loss').addEventListener('change', drawCurves);
$('copy-link').addEventListener('click', async () => {
  status((await copyText(location.href)) ? 'Link copied: it restores these settings.' : location.href);
});
$('copy-code').addEventListener('click', async () => {
  const ok = await copyText($('pytorch-code').textContent ?? '');
  $('copy-code').textContent = ok ? 'Copied' : 'Select the code and copy it';
  setTimeout(() => ($('copy-code').textContent = 'Copy code'), 1500);
});
wireExports({
  loss: /** @type {HTMLCanvasElement} */ ($('loss-chart')),
  boundaries: Object.keys(maps).map((name) => ({
    canvas: /** @type {HTMLCanvasElement} */ ($(`boundary-${name}`)),
    caption: () => $(`caption-${name}`).textContent ?? name,
  })),
  runs: () => runList.all(),
});

// A shared link restores its settings; a bare URL opens on the first step of the lesson.
const urlValues = readUrlValues(lab.knobs);
form.setValues(Object.keys(urlValues).length ? urlValues : (presets.get(FIRST_STEP)?.config ?? {}));
const opened = matchingPreset(form.getValues());
if (opened) loadPreset(opened.name);
else onEdit(form.getValues());
drawCurves();
drawBoundaries();
cards.update(null);
document.body.dataset.ready = 'true';
performance.mark('lab-ready'); // read by benchmarks/bench_web.py
