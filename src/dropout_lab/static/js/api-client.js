// @ts-check
/** Talks to the server: the configuration schema over HTTP, trainings over a WebSocket. */

/**
 * Knobs, presets and the pattern table, all generated from the engine's one configuration model.
 * @returns {Promise<{knobs: any[], presets: any[], pattern_table: any[], max_dropout: number}>}
 */
export async function fetchLabConfig() {
  const response = await fetch('/api/config');
  if (!response.ok) throw new Error(`GET /api/config failed: ${response.status}`);
  return response.json();
}

/**
 * Start one training. Every message from the server goes to `onMessage`; `onClose` runs once at the end.
 * @param {Record<string, any>} config
 * @param {{onMessage: (msg: any) => void, onClose: (info: {clean: boolean}) => void}} handlers
 * @returns {{stop: () => void, close: () => void}}
 */
export function startTraining(config, { onMessage, onClose }) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws/train`);
  let closed = false;
  socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'start', config })));
  socket.addEventListener('message', (e) => onMessage(JSON.parse(e.data)));
  socket.addEventListener('close', (e) => {
    if (closed) return;
    closed = true;
    onClose({ clean: e.wasClean });
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
