// @ts-check
/**
 * The timeline's controls under the chart: play/pause, step back/forward, first/last, a scrubber over
 * the epochs, the pace, and one "best epoch" button per network; plus the keyboard (Space, ←/→,
 * Home/End) wherever the key has no meaning of its own.
 */

import { networkTitle } from './network-style.js';
import { PACES, paceLabel, shownEpoch } from './timeline.js';

/**
 * @typedef {{type: 'toggle'} | {type: 'step', delta: number} | {type: 'seek', epoch: number} |
 *   {type: 'pace', pace: number}} Command
 */

/** Where a key already means something, the timeline leaves it alone: Space presses buttons and
 * links; arrows and Home/End move sliders, text cursors, options and radio choices. */
const OWN_SPACE = 'input, select, textarea, button, summary, a, [contenteditable]';
const OWN_ARROWS = 'input, select, textarea, [contenteditable], [role=radio], [role=tab]';

/**
 * @param {HTMLElement} root the element holding the timeline's controls (ids tl-*)
 * @param {(command: Command) => void} onCommand
 */
export function createTimelineBar(root, onCommand) {
  const q = (/** @type {string} */ id) => /** @type {HTMLElement} */ (root.querySelector(`#${id}`));
  const play = /** @type {HTMLButtonElement} */ (q('tl-play'));
  const scrubber = /** @type {HTMLInputElement} */ (q('tl-scrubber'));
  const pace = /** @type {HTMLSelectElement} */ (q('tl-pace'));
  const label = q('tl-epoch');
  const best = q('tl-best');
  let latest = 0;
  let drawn = '';

  for (const p of PACES) pace.append(new Option(paceLabel(p), String(p)));
  play.addEventListener('click', () => onCommand({ type: 'toggle' }));
  q('tl-back').addEventListener('click', () => onCommand({ type: 'step', delta: -1 }));
  q('tl-forward').addEventListener('click', () => onCommand({ type: 'step', delta: 1 }));
  q('tl-start').addEventListener('click', () => onCommand({ type: 'seek', epoch: 1 }));
  q('tl-end').addEventListener('click', () => onCommand({ type: 'seek', epoch: latest }));
  scrubber.addEventListener('input', () => onCommand({ type: 'seek', epoch: Number(scrubber.value) }));
  pace.addEventListener('change', () => onCommand({ type: 'pace', pace: Number(pace.value) }));
  best.addEventListener('click', (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest('button');
    if (button) onCommand({ type: 'seek', epoch: Number(button.dataset.epoch) });
  });
  scrubber.addEventListener('keydown', (e) => {
    if (e.key === ' ') {
      e.preventDefault(); // the scrubber has no use for Space: play/pause
      onCommand({ type: 'toggle' });
    }
  });

  document.addEventListener('keydown', (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    const own = e.key === ' ' ? OWN_SPACE : OWN_ARROWS;
    if (e.altKey || e.ctrlKey || e.metaKey || !latest || target.closest?.(own)) return;
    /** @type {Command | null} */
    const command =
      e.key === ' '
        ? { type: 'toggle' }
        : e.key === 'ArrowLeft'
          ? { type: 'step', delta: -1 }
          : e.key === 'ArrowRight'
            ? { type: 'step', delta: 1 }
            : e.key === 'Home'
              ? { type: 'seek', epoch: 1 }
              : e.key === 'End'
                ? { type: 'seek', epoch: latest }
                : null;
    if (!command) return;
    e.preventDefault();
    onCommand(command);
  });

  return {
    /**
     * @param {import('./timeline.js').Timeline} t
     * @param {import('./run-state.js').Run | null} run
     */
    render(t, run) {
      latest = t.latest;
      const epoch = shownEpoch(t);
      const total = run?.config.epochs ?? 0;
      const playing = t.playing && latest > 0;
      const key = `${latest}|${epoch}|${total}|${playing}|${t.pace}`;
      if (key !== drawn) {
        drawn = key; // rewriting unchanged controls would cost a layout every frame
        for (const button of root.querySelectorAll('button')) button.disabled = !latest;
        scrubber.disabled = !latest;
        scrubber.max = String(Math.max(1, t.latest));
        scrubber.value = String(Math.max(1, epoch));
        scrubber.setAttribute('aria-valuetext', `epoch ${epoch} of ${t.latest} run`);
        play.textContent = playing ? 'Pause' : 'Play';
        play.setAttribute('aria-label', playing ? 'Pause the replay' : 'Play the replay');
        root.toggleAttribute('data-playing', playing);
        label.textContent = latest ? `Epoch ${epoch} of ${total}` : 'Epoch –';
        pace.value = String(t.pace);
      }
      renderBest(run);
    },
  };

  /** @param {import('./run-state.js').Run | null} run */
  function renderBest(run) {
    const wanted = (run?.networks ?? []).map((net) => {
      let row = null;
      for (const r of run?.epochs[net.name] ?? []) if (!row || r.val_loss < row.val_loss) row = r;
      return row ? { net, epoch: row.epoch } : null;
    });
    const key = wanted.map((w) => (w ? `${w.net.name}@${w.epoch}` : '')).join(',');
    if (best.dataset.key === key) return;
    best.dataset.key = key;
    best.replaceChildren();
    for (const w of wanted) {
      if (!w) continue;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'small';
      button.dataset.epoch = String(w.epoch);
      button.dataset.network = w.net.name;
      button.textContent = `${w.net.name === 'baseline' ? 'Plain' : 'Dropout'} net's best: epoch ${w.epoch}`;
      button.setAttribute(
        'aria-label',
        `Show epoch ${w.epoch}, where the validation loss ${networkTitle(w.net).toLowerCase()} was lowest`,
      );
      best.append(button);
    }
  }
}
