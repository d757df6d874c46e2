// @ts-check
/**
 * Dropped units, live: a short training over the lab's own /ws socket, its dropout_mask events
 * played on the network diagram at a pace the eye can follow while training runs.
 */

import { startJob } from '../api-client.js';
import { createNetworkDiagram } from '../network-diagram.js';

const FRAME_MS = 160; // ~6 masks a second: each epoch's last step stays visible long enough to read

/**
 * @param {HTMLElement} el panel body
 * @param {() => Record<string, any>} getConfig
 */
export function mountLiveView(el, getConfig) {
  const button = /** @type {HTMLButtonElement} */ (el.querySelector('.run'));
  const stopButton = /** @type {HTMLButtonElement} */ (el.querySelector('.stop'));
  const status = /** @type {HTMLElement} */ (el.querySelector('.status'));
  const diagram = createNetworkDiagram(/** @type {HTMLElement} */ (el.querySelector('.diagram')));
  diagram.reset();
  /** @type {any[]} */ let queue = [];
  /** @type {{stop: () => void, close: () => void} | null} */ let session = null;
  /** @type {number | undefined} */ let timer;

  function play() {
    const next = queue.shift();
    if (next) diagram.update(next);
    if (!queue.length && !session) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  button.addEventListener('click', () => {
    const config = { ...getConfig() };
    if (!(config.dropout > 0)) config.dropout = 0.5; // the diagram needs a dropout network
    config.epochs = Math.min(config.epochs, 120);
    queue = [];
    diagram.reset();
    status.textContent = `Training with p = ${config.dropout} for ${config.epochs} epochs…`;
    button.disabled = true;
    stopButton.disabled = false;
    session = startJob('train', config, null, {
      onMessage(msg) {
        if (msg.type === 'dropout_mask') queue.push(msg);
        else if (msg.type === 'run_finished')
          status.textContent = 'Training finished; replaying the last masks.';
        else if (msg.type === 'config_error' || msg.type === 'busy' || msg.type === 'run_failed') {
          status.textContent = msg.message || msg.reason;
        }
      },
      onClose() {
        session = null;
        button.disabled = false;
        stopButton.disabled = true;
      },
    });
    if (timer === undefined) timer = window.setInterval(play, FRAME_MS);
  });
  stopButton.addEventListener('click', () => {
    session?.close();
    queue = [];
  });
}
