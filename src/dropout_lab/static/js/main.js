// @ts-check
/** The lab page: loads the schema, builds the controls and views, and wires runs, the timeline and exports. */

import { fetchLabConfig } from './api-client.js';
import { wireExports } from './export-buttons.js';
import { createKeptRuns } from './kept-runs.js';
import { createKnobForm } from './knob-form.js';
import { createLabView } from './lab-view.js';
import { createPatternTable } from './pattern-table.js';
import { renderPytorchCode } from './pytorch-code.js';
import { recordedWhen } from './run-entry.js';
import { createRunOpener, linkedRun, runAddress } from './run-links.js';
import { createRunner } from './runner.js';
import { createScenarioBar } from './scenario-bar.js';
import { fitStage } from './stage-fit.js';
import { statusLine, unreachableMessage } from './status-words.js';
import { createTimelineBar } from './timeline-bar.js';
import { atEnd, shownEpoch } from './timeline.js';
import { describeProblems, parseUrl, urlQuery } from './url-state.js';
import { createVerdictPanel } from './verdict-panel.js';

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const FIRST_STEP = 'severe-overfitting';
const TEXT_EVERY_MS = 400; // while playing, words change at most this often (readable, no flicker)
const URL_EVERY_MS = 300; // browsers throttle history.replaceState

/** @type {Awaited<ReturnType<typeof fetchLabConfig>>} */ let lab;
try {
  lab = await fetchLabConfig();
} catch {
  $('status').textContent = unreachableMessage(location.host);
  document.body.dataset.ready = 'true';
  throw new Error('the lab cannot start without its server'); // nothing else on the page can work
}
const presets = new Map(lab.presets.map((p) => [p.name, p]));
const form = createKnobForm({ basic: $('basic-knobs'), advanced: $('advanced-knobs') }, lab.knobs, onEdit);
const scenarios = createScenarioBar($('scenario-buttons'), lab.presets, loadPreset);
const view = createLabView($);
const verdict = createVerdictPanel({
  when: $('verdict-when'),
  headline: $('verdict-headline'),
  sentence: $('difference'),
  stale: $('stale-note'),
  addTwin: /** @type {HTMLButtonElement} */ ($('add-twin')),
});
const kept = createKeptRuns($, { labelOf, onToggle: () => render(true) }); // the run list, kept or not
const runList = kept.runList;
const runner = createRunner({ $, form, runList, onChange: render, onEnded: (run) => kept.afterRun(run) });
const linked = linkedRun(location.pathname, location.search); // a kept run's own address
const opener = createRunOpener({
  $,
  kept,
  form,
  runner,
  labelOf,
  onOpened: onEdit,
  pending: linked !== null,
});
opener.wire($('run-list'));
const bar = createTimelineBar($('timeline'), (command) => runner.command(command));
createPatternTable(/** @type {HTMLTableSectionElement} */ ($('pattern-rows')), lab.pattern_table, (name) => {
  loadPreset(name);
  const title = presets.get(name)?.title ?? name;
  $('pattern-loaded').textContent = `Loaded the ${title} settings. Press Train (above) to run them.`;
  $('train').scrollIntoView({ block: 'center' });
  $('train').focus({ preventScroll: true });
});

let lastText = 0;
let lastUrl = 0;

let drawn = '';

/** Every view at the epoch the timeline shows, redrawn only when that changed; words throttled while playing. */
function render(force = false) {
  const { run, timeline } = runner.state();
  const epoch = shownEpoch(timeline);
  const maps = run ? Object.values(run.snapshots).reduce((n, list) => n + list.length, 0) : 0;
  const key = `${run?.run_id}|${epoch}|${maps}|${run?.status}`;
  if (force || key !== drawn) {
    drawn = key;
    const presenting = document.documentElement.classList.contains('presenting');
    const showBatch = /** @type {HTMLInputElement} */ ($('show-batch-loss')).checked;
    view.render(run, runList.shownRuns(), epoch, { showBatch, presenting });
    $('run-origin').hidden = !run?.stored_at;
    if (run?.stored_at) setText($('run-recorded'), `recorded ${recordedWhen(run.stored_at)}`);
  }
  bar.render(timeline, run);
  const now = performance.now();
  if (force || !timeline.playing || now - lastText > TEXT_EVERY_MS) {
    lastText = now;
    verdict.update(run, epoch, { stale: staleNote(run), twinRate: twinRate() });
    if (run) setText($('status'), statusLine(run, timeline));
  }
  if (force || now - lastUrl > URL_EVERY_MS || !timeline.playing) {
    lastUrl = now;
    const paused = run && !timeline.playing && !atEnd(timeline); // a moment worth linking to
    writeUrl(paused ? epoch : null);
  }
}

/** Why the shown results are not for the current settings ('' when they are). @param {any} run */
function staleNote(run) {
  if (!run) return '';
  const values = form.getValues();
  const changed = lab.knobs.filter((k) => values[k.name] !== run.config[k.name]).map((k) => k.label);
  if (!changed.length) return '';
  return `These results are from run #${run.id} (${run.label}). The settings have changed since (${changed.join(', ')}): press Train to run them.`;
}

/** The drop probability of the one-click twin: the pattern's recommended one, or 0.3. */
function twinRate() {
  const row = lab.pattern_table.find((r) => r.pattern === form.getValues().dataset);
  return presets.get(row?.preset)?.config.dropout || 0.3;
}

/**
 * The address of what is shown: a kept run's own link (/runs/<id>) while it is shown with its settings,
 * else the settings; either with the epoch when paused mid-run.
 * @param {number | null} epoch
 */
function writeUrl(epoch) {
  if (opener.opening) return; // a kept run's address stays until that run is shown
  const { run } = runner.state();
  const address =
    run?.stored_at && !staleNote(run)
      ? runAddress(run.run_id, epoch)
      : `/${urlQuery(form.getValues(), lab.knobs, location.search, epoch)}`;
  if (address !== location.pathname + location.search) history.replaceState(null, '', address);
  const settings = urlQuery(form.getValues(), lab.knobs, location.search); // the insights use these settings
  /** @type {HTMLAnchorElement} */ ($('insights-link')).href = `/insights${settings}`;
  for (const a of document.querySelectorAll('a[data-insight]')) {
    /** @type {HTMLAnchorElement} */ (a).href =
      `/insights${settings}#${/** @type {HTMLElement} */ (a).dataset.insight}`;
  }
}

/** Change an element's text only if it differs (a rewrite costs a layout). @param {HTMLElement} el @param {string} text */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** @param {string} text @returns {Promise<boolean>} */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The preset whose configuration equals these values, if any. @param {Record<string, any>} values */
function matchingPreset(values) {
  return lab.presets.find((p) => Object.entries(p.config).every(([k, v]) => values[k] === v)) ?? null;
}

/** What a kept run is called until it is named. @param {import('./runs-api.js').StoredRun} record */
function labelOf(record) {
  if (record.data_source !== 'generated') return record.data_name || 'Your data';
  return matchingPreset(record.config)?.title ?? 'Custom';
}

/** @param {Record<string, any>} values */
function onEdit(values) {
  writeUrl(null);
  $('pytorch-code').textContent = renderPytorchCode(values, lab.code);
  const preset = matchingPreset(values);
  scenarios.setActive(preset?.name ?? null);
  $('scenario-expect').textContent = preset
    ? `${preset.title}: ${preset.expect}`
    : 'Custom settings: press Train to see what they do.';
  $('pattern-loaded').textContent = '';
  render(true);
}

/** @param {string} name */
function loadPreset(name) {
  const preset = presets.get(name);
  if (!preset) return;
  form.setValues(preset.config);
  onEdit(form.getValues());
}

$('controls').addEventListener('submit', (e) => {
  e.preventDefault();
  runner.train(matchingPreset(form.getValues())?.title ?? 'Custom');
});
$('stop').addEventListener('click', () => runner.stop());
$('add-twin').addEventListener('click', () => {
  const run = runner.state().run;
  form.setValues({ ...(run?.config ?? form.getValues()), dropout: twinRate() });
  onEdit(form.getValues());
  runner.train(matchingPreset(form.getValues())?.title ?? 'Custom');
});
const resetDialog = /** @type {HTMLDialogElement} */ ($('reset-dialog'));
$('reset').addEventListener('click', () => {
  $('reset-count').textContent = String(runList.all().length);
  $('reset-local').hidden = kept.keeps;
  $('reset-kept').hidden = !kept.keeps;
  resetDialog.showModal();
});
resetDialog.addEventListener('close', () => {
  if (resetDialog.returnValue !== 'reset') return;
  runner.reset();
  loadPreset(FIRST_STEP); // back to the page as it opens: the first step of the lesson
  $('form-error').textContent = '';
  $('status').textContent = kept.keeps
    ? 'Reset: the view is cleared and the first scenario is loaded; the kept runs stay in the run list.'
    : 'Reset: the runs are cleared and the first scenario is loaded.';
  $('reset').focus();
});
$('presentation').addEventListener('click', () => {
  const on = document.documentElement.classList.toggle('presenting');
  $('presentation').setAttribute('aria-pressed', String(on));
  render(true);
  fitStage();
});
$('show-batch-loss').addEventListener('change', () => render(true));
$('copy-link').addEventListener('click', async () => {
  render(true); // the URL holds the settings and, when paused mid-run, the epoch shown
  const what = linkedRun(location.pathname, '') ? 'this kept run' : 'these settings';
  $('status').textContent = (await copyText(location.href))
    ? `Link copied: it opens ${what} at this moment.`
    : `Copy this link: ${location.href}`;
});
$('copy-code').addEventListener('click', async () => {
  const ok = await copyText($('pytorch-code').textContent ?? '');
  $('copy-code').textContent = ok ? 'Copied' : 'Select the code and copy it';
  setTimeout(() => {
    $('copy-code').textContent = 'Copy code';
  }, 1500);
});
wireExports($, runner, view, () => runList.all());

// A kept run's link (/runs/<id>) opens that run; a shared link restores its settings (and the moment
// shown); a bare URL opens on the first step.
const fromUrl = linked ? { values: {}, epoch: null, problems: [] } : parseUrl(location.search, lab.knobs);
if (fromUrl.problems.length) {
  $('url-problems').hidden = false;
  $('url-problems-list').replaceChildren(
    ...describeProblems(fromUrl.problems).map((text) =>
      Object.assign(document.createElement('li'), { textContent: text }),
    ),
  );
}
const opened = Object.keys(fromUrl.values).length ? fromUrl.values : (presets.get(FIRST_STEP)?.config ?? {});
form.setValues(opened);
onEdit(form.getValues());
fitStage();
await kept.refresh(); // the kept runs are listed before the page says it is ready
document.body.dataset.ready = 'true';
performance.mark('lab-ready'); // read by benchmarks/bench_web.py
if (linked) opener.open(linked.id, linked.epoch);
else if (fromUrl.epoch !== null)
  runner.train(matchingPreset(form.getValues())?.title ?? 'Shared link', fromUrl.epoch);
