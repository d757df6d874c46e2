// @ts-check
/**
 * What the status line and the screen-reader announcements say about a run (pure). The status line
 * changes with every epoch and is not a live region; announcements are made only when a run starts
 * and when it ends, so a screen reader is not flooded.
 */

import { atEnd, shownEpoch } from './timeline.js';

/**
 * @param {import('./run-state.js').Run | null} run
 * @param {import('./timeline.js').Timeline} t
 */
export function statusLine(run, t) {
  if (!run) return '';
  const shown = shownEpoch(t);
  const done = t.latest;
  const total = run.config.epochs;
  const showing = shown < done ? ` · ${t.playing ? 'replaying' : 'showing'} epoch ${shown}` : '';
  switch (run.status) {
    case 'running':
      return `Training… epoch ${done} of ${total}${showing}`;
    case 'finished':
      return atEnd(t)
        ? `Finished ${done} epochs in ${run.elapsed_s.toFixed(1)} s.`
        : `Trained all ${done} epochs in ${run.elapsed_s.toFixed(1)} s${showing} (End shows the last).`;
    case 'stopped':
      return `Stopped after epoch ${done}${reasonOf(run)}.${showing}`;
    case 'lost':
      return `Connection lost after epoch ${done}: the server stopped or the network dropped. The epochs received are kept.${showing}`;
    default:
      return `Training failed: ${run.reason}`;
  }
}

/** @param {import('./run-state.js').Run} run */
function reasonOf(run) {
  return run.reason && run.reason !== 'stopped' ? ` (${run.reason})` : '';
}

/**
 * The announcement when a run starts.
 * @param {import('./run-state.js').Run} run
 */
export function startAnnouncement(run) {
  const twin = run.networks.length > 1 ? ' with its no-dropout twin' : '';
  return `Training started: ${run.label}, ${run.config.epochs} epochs${twin}.`;
}

/**
 * The announcement when a run ends.
 * @param {import('./run-state.js').Run} run
 * @param {string} headline the verdict at the last epoch
 */
export function endAnnouncement(run, headline) {
  const done = Math.min(...run.networks.map((n) => run.epochs[n.name]?.length ?? 0));
  switch (run.status) {
    case 'finished':
      return `Training finished after ${done} epochs. Verdict: ${headline}.`;
    case 'stopped':
      return `Training stopped after epoch ${done}${reasonOf(run)}. Verdict so far: ${headline}.`;
    case 'lost':
      return `Connection to the server lost after epoch ${done}.`;
    default:
      return `Training failed: ${run.reason}`;
  }
}

/** @param {string} host e.g. location.host */
export function unreachableMessage(host) {
  return `Cannot reach the server at ${host}: is dropout-lab serve still running? Nothing was trained.`;
}
