// @ts-check
/**
 * Runs on the page: starting a training, recording its events, replaying them on the timeline at the
 * chosen pace (training itself runs as fast as it can), stopping, and saying how a run ended — the
 * server's failures as failures. Calls `onChange` whenever the views need drawing.
 */

import { applyEvent, createRun, epochsDone, forgetPictures, runFromEvents } from './run-state.js';
import { endAnnouncement, startAnnouncement, statusLine, unreachableMessage } from './status-words.js';
import {
  createTimeline,
  DEFAULT_PACE,
  finish,
  jumpWhenReady,
  received,
  seek,
  setPace,
  step,
  tick,
  togglePlay,
} from './timeline.js';
import { runTraining } from './training-session.js';
import { verdictWords } from './verdict-panel.js';

/**
 * @param {{$: (id: string) => HTMLElement, form: any, runList: any,
 *   onChange: (force?: boolean) => void, onEnded?: (run: import('./run-state.js').Run) => void}} deps
 */
export function createRunner({ $, form, runList, onChange, onEnded }) {
  /** @type {import('./run-state.js').Run | null} */ let run = null;
  let timeline = createTimeline();
  /** @type {{stop: () => void, close: () => void} | null} */ let session = null;
  let frame = 0;
  let last = 0;

  const announce = (/** @type {string} */ text) => {
    $('announcer').textContent = text;
  };

  /** The replay's clock: one step per animation frame while playing. @param {number} now */
  function loop(now) {
    frame = 0;
    timeline = tick(timeline, last ? Math.min(0.25, (now - last) / 1000) : 0);
    last = now;
    onChange();
    if (timeline.playing) frame = requestAnimationFrame(loop);
    else last = 0;
  }

  function wake() {
    if (timeline.playing && !frame) frame = requestAnimationFrame(loop);
  }

  /** Buttons follow the session; focus never falls to the page when one disables. @param {boolean} on */
  function setTraining(on) {
    const train = /** @type {HTMLButtonElement} */ ($('train'));
    const stop = /** @type {HTMLButtonElement} */ ($('stop'));
    const focused = document.activeElement;
    train.disabled = on;
    stop.disabled = !on;
    if (on && focused === train) stop.focus();
    if (!on && focused === stop) train.focus();
  }

  /** @param {string} text */
  function showError(text) {
    $('form-error').textContent = text;
  }

  /**
   * @param {string} label the scenario's title or "Custom"
   * @param {number | null} [target] an epoch to open at (a shared link)
   */
  function train(label, target = null) {
    const errors = form.validate();
    form.markErrors(errors);
    showError(errors.map((/** @type {any} */ e) => `${form.labelOf(e.field)}: ${e.message}`).join(' '));
    if (errors.length) return;
    session?.close();
    setTraining(true);
    $('status').textContent = 'Starting…';
    const pace = timeline.pace ?? DEFAULT_PACE;
    const handle = runTraining(form.getValues(), {
      onStarted(event) {
        if (session !== handle) return;
        for (const earlier of runList.all()) forgetPictures(earlier); // only the shown run needs maps
        run = createRun(event, runList.numberFor(event.run_id), label);
        timeline = createTimeline(pace);
        if (target !== null) timeline = jumpWhenReady(timeline, target);
        runList.add(run);
        announce(startAnnouncement(run));
        onChange(true);
      },
      onBatch(events) {
        if (!run || session !== handle) return;
        let done = 0;
        for (const event of events) done = applyEvent(run, event);
        timeline = received(timeline, done);
        onChange();
        wake();
      },
      onRefused(message) {
        if (session !== handle) return;
        if (message.type === 'config_error') {
          form.markErrors(message.errors);
          showError(
            message.errors
              .map((/** @type {any} */ e) => `${e.label ?? form.labelOf(e.field)}: ${e.message}`)
              .join(' '),
          );
          $('status').textContent = 'Not started: fix the highlighted setting.';
        } else {
          $('status').textContent = `Not started: ${message.message}`;
        }
        announce($('status').textContent ?? '');
      },
      onEnd(how) {
        if (session !== handle) return;
        session = null;
        setTraining(false);
        if (how === 'unreachable') {
          $('status').textContent = unreachableMessage(location.host);
          announce($('status').textContent ?? '');
          return;
        }
        if (!run || how === 'refused') return;
        if (run.status === 'running') run.status = 'lost'; // closed before the run said it ended
        timeline = finish(timeline);
        runList.refresh();
        onEnded?.(run); // e.g. the run list asks the server for the run it now keeps
        onChange(true);
        announce(endAnnouncement(run, verdictWords(run, timeline.latest).headline));
        $('status').textContent = statusLine(run, timeline);
        wake();
      },
    });
    session = handle;
  }

  /**
   * Show a finished run from its events (a kept run opened by its link): replayed at the chosen pace,
   * or opened paused at `target`.
   * @param {any[]} events run_started ... run_finished
   * @param {string} label
   * @param {number | null} [target]
   */
  function show(events, label, target = null) {
    session?.close();
    session = null;
    setTraining(false);
    for (const earlier of runList.all()) forgetPictures(earlier);
    run = runFromEvents(events, runList.numberFor(events[0].run_id), label);
    const done = epochsDone(run);
    timeline = finish(received(createTimeline(timeline.pace ?? DEFAULT_PACE), done));
    if (target !== null) timeline = seek(timeline, target);
    runList.add(run);
    announce(`Opened run #${run.id}: ${label}, ${done} epochs, recorded earlier.`);
    onChange(true);
    $('status').textContent = statusLine(run, timeline);
    wake();
  }

  return {
    train,
    show,
    stop() {
      session?.stop(); // Stop stays enabled (and focused) until the run ends, then focus goes to Train
      $('status').textContent = 'Stopping…';
    },
    reset() {
      session?.close();
      session = null;
      setTraining(false);
      run = null;
      timeline = createTimeline(timeline.pace);
      runList.clear();
      onChange(true);
    },
    /** @param {import('./timeline-bar.js').Command} command */
    command(command) {
      if (command.type === 'toggle') timeline = togglePlay(timeline);
      else if (command.type === 'step') timeline = step(timeline, command.delta);
      else if (command.type === 'seek') timeline = seek(timeline, command.epoch);
      else timeline = setPace(timeline, command.pace);
      onChange(true);
      wake();
    },
    state() {
      return { run, timeline };
    },
  };
}
