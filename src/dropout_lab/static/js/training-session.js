// @ts-check
/**
 * One training over the WebSocket, with events batched per animation frame: however fast epochs
 * arrive, the page redraws at most once per frame and stays responsive.
 */

import { startJob } from './api-client.js';

/**
 * @param {Record<string, any>} config
 * @param {{
 *   onStarted: (event: any) => void,
 *   onBatch: (events: any[]) => void,
 *   onRefused: (message: any) => void,
 *   onEnd: (info: {clean: boolean}) => void,
 * }} handlers
 * @returns {{stop: () => void, close: () => void}}
 */
export function runTraining(config, { onStarted, onBatch, onRefused, onEnd }) {
  /** @type {any[]} */ let pending = [];
  let frame = 0;

  function flush() {
    frame = 0;
    const batch = pending;
    pending = [];
    if (batch.length) onBatch(batch);
  }

  const socket = startJob('train', config, null, {
    onMessage(message) {
      if (message.type === 'run_started') {
        onStarted(message);
      } else if (['config_error', 'busy', 'protocol_error'].includes(message.type)) {
        onRefused(message);
      } else {
        pending.push(message);
        if (!frame) frame = requestAnimationFrame(flush);
      }
    },
    onClose(info) {
      if (frame) cancelAnimationFrame(frame);
      flush(); // the last events before the close are drawn too
      onEnd(info);
    },
  });
  return socket;
}
