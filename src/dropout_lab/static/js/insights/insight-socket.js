// @ts-check
/** Runs one analysis over /ws/insight: progress messages, then the result (or an error). */

/**
 * @param {string} insight
 * @param {Record<string, any>} config
 * @param {Record<string, any>} params
 * @param {{onProgress: (m: any) => void, onResult: (result: any) => void, onError: (message: string, m?: any) => void}} handlers
 * @returns {{stop: () => void}}
 */
export function runInsight(insight, config, params, { onProgress, onResult, onError }) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws/insight`);
  let ended = false;
  socket.addEventListener('open', () => socket.send(JSON.stringify({ insight, config, params })));
  socket.addEventListener('message', (e) => {
    const message = JSON.parse(e.data);
    if (message.type === 'insight_progress') onProgress(message);
    else if (message.type === 'insight_result') {
      ended = true;
      onResult(message.result);
    } else {
      ended = true;
      onError(message.message || message.reason || message.type, message);
    }
  });
  socket.addEventListener('close', () => {
    if (!ended) onError('Stopped.');
    ended = true;
  });
  return {
    stop() {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'stop' }));
      socket.close();
    },
  };
}
