// @ts-check
/** Talks to the server: the configuration schema over HTTP, trainings over a WebSocket. */

/**
 * Knobs, presets and the pattern table, all generated from the engine's one configuration model.
 * @returns {Promise<{knobs: any[], presets: any[], pattern_table: any[], max_dropout: number,
 *   code: import('./pytorch-code.js').DataCode}>}
 */
export async function fetchLabConfig() {
  const response = await fetch('/api/config');
  if (!response.ok) throw new Error(`GET /api/config failed: ${response.status}`);
  return response.json();
}

/**
 * Start one job on the lab's WebSocket (protocol: server/jobs.py). Every message from the server goes
 * to `onMessage`; `onClose` runs once at the end, saying whether the socket ever opened (if not, the
 * server could not be reached) and whether it closed cleanly.
 * @param {string} job "train" or an analysis' name
 * @param {Record<string, any>} config
 * @param {Record<string, any> | null} params the analysis' parameters (null for a training)
 * @param {{onMessage: (msg: any) => void,
 *   onClose: (info: {clean: boolean, opened: boolean, code: number}) => void}} handlers
 * @returns {{stop: () => void, close: () => void}}
 */
export function startJob(job, config, params, { onMessage, onClose }) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws`);
  let closed = false;
  let opened = false;
  const start = { type: 'start', job, config, ...(params ? { params } : {}) };
  socket.addEventListener('open', () => {
    opened = true;
    socket.send(JSON.stringify(start));
  });
  socket.addEventListener('message', (e) => onMessage(JSON.parse(e.data)));
  socket.addEventListener('close', (e) => {
    if (closed) return;
    closed = true;
    onClose({ clean: e.wasClean, opened, code: e.code });
  });
  return {
    stop() {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'stop' }));
    },
    close() {
      socket.close();
    },
  };
}
