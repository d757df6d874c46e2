// @ts-check
/**
 * The live network diagram: which hidden units one training example had switched off at the current
 * step. Dropped units are drawn hollow and crossed out, with their connections removed; survivors are
 * filled and labelled ×1/(1−p), the factor inverted dropout multiplies them by during training.
 * Feed it the engine's `dropout_mask` events ({epoch, p, scale, kept: bool[layer][unit]}).
 */

import { NETWORK_COLORS } from './palette.js';
import { fitCanvas } from './canvas-size.js';

const KEPT = NETWORK_COLORS.dropout;
const DROPPED = '#9ca3af';
const EDGE = 'rgba(17, 24, 39, 0.13)';

/**
 * @param {HTMLElement} el container; the diagram adds a canvas and a caption to it
 * @returns {{update: (event: {epoch: number, p: number, scale: number, kept: boolean[][], network?: string}) => void, reset: () => void}}
 */
export function createNetworkDiagram(el) {
  const canvas = document.createElement('canvas');
  canvas.className = 'network-diagram';
  // Own default size, so any page can mount it without extra CSS (a stylesheet may still override).
  canvas.style.cssText =
    'display:block;width:100%;max-width:900px;aspect-ratio:2/1;min-height:170px;max-height:420px;' +
    'border:1px solid #d1d5db;border-radius:6px;';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute(
    'aria-label',
    'Network diagram: hidden units switched off by dropout at the current step',
  );
  // The key is text beside the picture, so it wraps instead of being cut off on a narrow screen.
  const key = document.createElement('p');
  key.className = 'network-diagram-key';
  key.style.cssText = 'display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0;font-size:0.85rem;';
  key.innerHTML =
    `<span><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="6" fill="${KEPT}"/></svg>` +
    ' kept: its output is multiplied by 1/(1−p) during training</span>' +
    `<span><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5.5" fill="#f3f4f6" ` +
    `stroke="${DROPPED}" stroke-dasharray="3 2"/><path d="M4 4l6 6M10 4l-6 6" stroke="${DROPPED}"/></svg>` +
    ' dropped at this step: outputs 0, its connections do nothing</span>';
  const caption = document.createElement('p');
  caption.className = 'network-diagram-caption';
  caption.style.maxWidth = '110ch';
  caption.setAttribute('aria-live', 'off');
  el.append(canvas, key, caption);
  /** @type {{epoch: number, p: number, scale: number, kept: boolean[][]} | null} */
  let state = null;
  const prepare = fitCanvas(canvas, draw);
  caption.textContent = 'Train with dropout to see which units are switched off at each step.';

  function draw() {
    const { ctx, width, height } = prepare();
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    const all = state ? state.kept : [Array(8).fill(true), Array(8).fill(true)];
    // As many units as fit at least 12 px apart; the caption says how many are drawn.
    const fit = Math.max(2, Math.floor((height - 40) / 12));
    const kept = all.map((units) => units.slice(0, fit));
    const columns = [[true, true], ...kept, [true, true]]; // inputs, hidden layers, outputs: always on
    const top = 30;
    const bottom = height - 8;
    const gapX = (width - 60) / (columns.length - 1);
    const x = (/** @type {number} */ c) => 30 + c * gapX;
    const y = (/** @type {number} */ n, /** @type {number} */ i) => top + ((i + 0.5) * (bottom - top)) / n;
    const most = Math.max(...columns.map((c) => c.length));
    const radius = Math.max(3, Math.min(15, ((bottom - top) / most) * 0.38, gapX * 0.3));
    ctx.lineWidth = 1;
    ctx.strokeStyle = EDGE;
    for (let c = 0; c + 1 < columns.length; c++) {
      const a = columns[c];
      const b = columns[c + 1];
      ctx.beginPath();
      for (let i = 0; i < a.length; i++) {
        if (!a[i]) continue; // a dropped unit sends nothing
        for (let j = 0; j < b.length; j++) {
          if (!b[j]) continue;
          ctx.moveTo(x(c), y(a.length, i));
          ctx.lineTo(x(c + 1), y(b.length, j));
        }
      }
      ctx.stroke();
    }
    const showScale = state && radius >= 10; // "×2" only where it fits inside a unit
    ctx.font = `${Math.max(9, Math.round(radius * 0.8))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    columns.forEach((units, c) => {
      const hidden = c > 0 && c < columns.length - 1;
      units.forEach((on, i) => {
        const cx = x(c);
        const cy = y(units.length, i);
        ctx.beginPath();
        ctx.arc(cx, cy, radius, 0, 2 * Math.PI);
        if (on) {
          ctx.fillStyle = hidden ? KEPT : '#374151';
          ctx.fill();
          if (hidden && showScale && state) {
            ctx.fillStyle = '#fff';
            ctx.fillText(`×${formatScale(state.scale)}`, cx, cy);
          }
        } else {
          ctx.fillStyle = '#f3f4f6';
          ctx.fill();
          ctx.setLineDash([3, 3]);
          ctx.strokeStyle = DROPPED;
          ctx.lineWidth = 1.5;
          ctx.stroke();
          ctx.setLineDash([]);
          const d = radius * 0.6;
          ctx.beginPath();
          ctx.moveTo(cx - d, cy - d);
          ctx.lineTo(cx + d, cy + d);
          ctx.moveTo(cx + d, cy - d);
          ctx.lineTo(cx - d, cy + d);
          ctx.stroke();
          ctx.strokeStyle = EDGE;
          ctx.lineWidth = 1;
        }
      });
    });
    // Column titles: long where they fit, short ("h3") where columns are narrow.
    ctx.fillStyle = '#374151';
    ctx.font = '13px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    const long = ['inputs', ...kept.map((_, l) => `hidden ${l + 1}`), 'outputs'];
    const short = ['in', ...kept.map((_, l) => `h${l + 1}`), 'out'];
    const widest = Math.max(...long.map((t) => ctx.measureText(t).width));
    const names = widest + 8 < gapX ? long : short;
    names.forEach((name, c) => {
      ctx.fillText(name, x(c), 6);
    });
    canvas.dataset.epoch = state ? String(state.epoch) : '';
    canvas.dataset.dropped = String(state ? kept.flat().filter((k) => !k).length : 0);
    canvas.dataset.unitsShown = String(kept[0]?.length ?? 0);
  }

  return {
    update(event) {
      state = { epoch: event.epoch, p: event.p, scale: event.scale, kept: event.kept };
      const perLayer = event.kept.map(
        (units, l) => `layer ${l + 1}: ${units.filter((k) => !k).length} of ${units.length} off`,
      );
      draw();
      const drawn = Number(canvas.dataset.unitsShown);
      const sent = event.kept[0]?.length ?? 0;
      caption.textContent =
        `Epoch ${event.epoch}, last step, one training example · drop probability p = ${event.p} · ` +
        `${perLayer.join(' · ')}${drawn < sent ? ` (the first ${drawn} drawn)` : ''} · ` +
        `survivors × 1/(1−p) = ×${formatScale(event.scale)} (in training only).`;
    },
    reset() {
      state = null;
      caption.textContent = 'Train with dropout to see which units are switched off at each step.';
      draw();
    },
  };
}

/** @param {number} scale */
function formatScale(scale) {
  return Number.isInteger(scale) ? String(scale) : scale.toFixed(2).replace(/0$/, '');
}
