// @ts-check
/** Runs one analysis over the lab's WebSocket: progress messages, then the result (or an error). */

import { startJob } from '../api-client.js';

/**
 * @param {string} insight
 * @param {Record<string, any>} config
 * @param {Record<string, any>} params
 * @param {{onProgress: (m: any) => void, onResult: (result: any) => void, onError: (message: string, m?: any) => void}} handlers
 * @returns {{stop: () => void}}
 */
export function runInsight(insight, config, params, { onProgress, onResult, onError }) {
  let ended = false;
  const socket = startJob(insight, config, params, {
    onMessage(message) {
      if (message.type === 'insight_progress') onProgress(message);
      else if (message.type === 'insight_result') {
        ended = true;
        onResult(message.result);
      } else {
        ended = true;
        onError(message.message || message.reason || message.type, message);
      }
    },
    onClose() {
      if (!ended) onError('Stopped.');
      ended = true;
    },
  });
  return {
    stop() {
      socket.stop();
      socket.close();
    },
  };
}
