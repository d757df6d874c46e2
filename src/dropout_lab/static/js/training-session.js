// @ts-check
/**
 * One training over the WebSocket: the engine's events batched per animation frame (however fast
 * epochs arrive, the page redraws at most once a frame), refusals passed on, and the end of the
 * session told apart: the run ended, the server could not be reached, or the connection was lost.
 */

import { startJob } from './api-client.js';

/** The engine's own events; any other message from the server is a refusal with a `message`. */
export const ENGINE_EVENTS = new Set([
  'run_started',
  'epoch_finished',
  'dropout_mask',
  'boundary_snapshot',
  'run_finished',
  'run_failed',
]);

/**
 * How a session ended: 'ended' (the run said it finished or failed), 'refused', 'unreachable' (the
 * socket never opened) or 'lost' (it closed before the run ended).
 * @param {{opened: boolean}} info
 * @param {{ended: boolean, refused: boolean}} seen
 */
export function endOf(info, seen) {
  if (seen.ended) return 'ended';
  if (seen.refused) return 'refused';
  return info.opened ? 'lost' : 'unreachable';
}

/**
 * @param {Record<string, any>} config
 * @param {{
 *   onStarted: (event: any) => void,
 *   onBatch: (events: any[]) => void,
 *   onRefused: (message: any) => void,
 *   onEnd: (how: 'ended' | 'refused' | 'unreachable' | 'lost') => void,
 * }} handlers
 * @returns {{stop: () => void, close: () => void}}
 */
export function runTraining(config, { onStarted, onBatch, onRefused, onEnd }) {
  /** @type {any[]} */ let pending = [];
  let frame = 0;
  const seen = { ended: false, refused: false };

  function flush() {
    frame = 0;
    const batch = pending;
    pending = [];
    if (batch.length) onBatch(batch);
  }

  return startJob('train', config, null, {
    onMessage(message) {
      if (message.type === 'run_started') {
        onStarted(message);
      } else if (!ENGINE_EVENTS.has(message.type)) {
        seen.refused = true;
        onRefused(message);
      } else {
        if (message.type === 'run_finished' || message.type === 'run_failed') seen.ended = true;
        pending.push(message);
        if (!frame) frame = requestAnimationFrame(flush);
      }
    },
    onClose(info) {
      if (frame) cancelAnimationFrame(frame);
      flush(); // the last events before the close are drawn too
      onEnd(/** @type {'ended' | 'refused' | 'unreachable' | 'lost'} */ (endOf(info, seen)));
    },
  });
}
