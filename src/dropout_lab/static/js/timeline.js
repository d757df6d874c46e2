// @ts-check
/**
 * Which epoch the views show: a replay of the recorded run at a chosen pace, independent of how fast
 * training goes. Pure state transitions (every function returns a new state); no DOM, no clock.
 *
 * `position` is a fractional epoch (the replay advances it by pace × seconds); the views show its
 * floor, never past `latest` (the newest epoch received). `pace` is epochs per second, Infinity =
 * "as it trains" (always the newest epoch). `target` is an epoch asked for before it has arrived
 * (a shared link): the view jumps there, paused, as soon as it exists.
 */

/** Replay speeds offered, epochs per second (Infinity: as it trains). 30/s plays 300 epochs in 10 s. */
export const PACES = [10, 30, 100, Infinity];
export const DEFAULT_PACE = 30;

/**
 * @typedef {{position: number, latest: number, playing: boolean, pace: number, finished: boolean,
 *   target: number | null}} Timeline
 */

/** @param {number} [pace] @returns {Timeline} */
export function createTimeline(pace = DEFAULT_PACE) {
  return { position: 0, latest: 0, playing: true, pace, finished: false, target: null };
}

/** The epoch every view shows (0 before the first epoch). @param {Timeline} t */
export function shownEpoch(t) {
  if (!t.latest) return 0;
  return Math.min(t.latest, Math.max(1, Math.floor(t.position + 1e-9)));
}

/** True when the view shows the last epoch of a run that has ended. @param {Timeline} t */
export function atEnd(t) {
  return t.finished && shownEpoch(t) === t.latest;
}

/**
 * Epochs up to `epoch` have arrived.
 * @param {Timeline} t
 * @param {number} epoch
 * @returns {Timeline}
 */
export function received(t, epoch) {
  const next = { ...t, latest: Math.max(t.latest, epoch) };
  if (next.target !== null) {
    if (next.latest >= next.target) return { ...next, position: next.target, playing: false, target: null };
    return { ...next, position: next.latest }; // follow the run until the asked-for epoch exists
  }
  if (next.playing && (next.pace === Infinity || next.position < 1)) {
    next.position = next.pace === Infinity ? next.latest : 1; // the first epoch shows at once
  }
  return next;
}

/**
 * The run ended (finished, stopped or lost): no more epochs will come.
 * @param {Timeline} t
 * @returns {Timeline}
 */
export function finish(t) {
  const next = { ...t, finished: true };
  if (next.target !== null) next.target = null; // the asked-for epoch never came: stay on the last
  return settle(next);
}

/**
 * Advance the replay by `seconds`.
 * @param {Timeline} t
 * @param {number} seconds
 * @returns {Timeline}
 */
export function tick(t, seconds) {
  if (!t.playing || t.target !== null) return t;
  const position = t.pace === Infinity ? t.latest : Math.min(t.latest, t.position + t.pace * seconds);
  return settle({ ...t, position });
}

/** Playing stops by itself at the end of a finished run. @param {Timeline} t @returns {Timeline} */
function settle(t) {
  if (t.finished && t.playing && t.position >= t.latest) return { ...t, position: t.latest, playing: false };
  return t;
}

/**
 * Space: play or pause; playing again from the end of a finished run starts over at epoch 1.
 * @param {Timeline} t
 * @returns {Timeline}
 */
export function togglePlay(t) {
  if (t.playing) return { ...t, playing: false, target: null };
  const restart = atEnd(t) ? 1 : t.position;
  return { ...t, playing: true, position: restart, target: null };
}

/**
 * Show this epoch, paused (clamped to the epochs that exist).
 * @param {Timeline} t
 * @param {number} epoch
 * @returns {Timeline}
 */
export function seek(t, epoch) {
  const position = Math.min(Math.max(1, Math.round(epoch)), Math.max(1, t.latest));
  return { ...t, position, playing: false, target: null };
}

/** ←/→: one epoch back or forward, paused. @param {Timeline} t @param {number} delta */
export function step(t, delta) {
  return seek(t, shownEpoch(t) + delta);
}

/**
 * Ask for an epoch that may not exist yet (a shared link): shown, paused, as soon as it arrives.
 * @param {Timeline} t
 * @param {number} epoch
 * @returns {Timeline}
 */
export function jumpWhenReady(t, epoch) {
  return t.latest >= epoch ? seek(t, epoch) : { ...t, target: epoch, playing: true };
}

/** @param {Timeline} t @param {number} pace @returns {Timeline} */
export function setPace(t, pace) {
  return settle({ ...t, pace, position: pace === Infinity && t.playing ? t.latest : t.position });
}

/** Words for a pace. @param {number} pace */
export function paceLabel(pace) {
  return pace === Infinity ? 'as it trains' : `${pace} epochs/s`;
}
