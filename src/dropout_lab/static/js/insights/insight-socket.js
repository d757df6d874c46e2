// @ts-check
/** Runs one analysis over the lab's WebSocket: progress, partial results, then the result (or an error). */

import { startJob } from '../api-client.js';

/**
 * @param {string} insight
 * @param {Record<string, any>} config
 * @param {Record<string, any>} params
 * @param {{onProgress: (m: any) => void, onPartial: (result: any) => void, onResult: (result: any) => void,
 *   onError: (message: string, m?: any) => void, onEnd: (reason: string) => void}} handlers
 *   onEnd runs when the socket closes without a result or an error (a stop, or a lost connection)
 * @returns {{stop: () => void}}
 */
export function runInsight(insight, config, params, { onProgress, onPartial, onResult, onError, onEnd }) {
  let ended = false;
  let stopping = false;
  const socket = startJob(insight, config, params, {
    onMessage(message) {
      if (ended) return;
      if (message.type === 'insight_progress') onProgress(message);
      else if (message.type === 'insight_partial') onPartial(message.result);
      else if (message.type === 'insight_result') {
        ended = true;
        onResult(message.result);
      } else {
        ended = true;
        onError(message.message || message.reason || message.type, message);
      }
    },
    onClose() {
      if (!ended) onEnd(stopping ? 'Stopped' : 'The connection to the server closed');
      ended = true;
    },
  });
  return {
    stop() {
      stopping = true;
      socket.stop();
      socket.close();
    },
  };
}
