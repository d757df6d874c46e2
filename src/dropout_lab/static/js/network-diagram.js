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
    'display:block;width:100%;max-width:900px;aspect-ratio:2/1;max-height:460px;' +
    'border:1px solid #d1d5db;border-radius:6px;';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute(
    'aria-label',
    'Network diagram: hidden units switched off by dropout at the current step',
  );
  const caption = document.createElement('p');
  caption.className = 'network-diagram-caption';
  caption.style.maxWidth = '110ch';
  caption.setAttribute('aria-live', 'off');
  el.append(canvas, caption);
  /** @type {{epoch: number, p: number, scale: number, kept: boolean[][]} | null} */
  let state = null;
  const prepare = fitCanvas(canvas, draw);
  caption.textContent = 'Train with dropout to see which units are switched off at each step.';

  function draw() {
    const { ctx, width, height } = prepare();
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    const kept = state ? state.kept : [Array(8).fill(true), Array(8).fill(true)];
    const columns = [[true, true], ...kept, [true, true]]; // inputs, hidden layers, outputs: always on
    const top = 34;
    const bottom = height - 40; // room for the key
    const x = (/** @type {number} */ c) => 40 + (c * (width - 80)) / (columns.length - 1);
    const y = (/** @type {number} */ n, /** @type {number} */ i) => top + ((i + 0.5) * (bottom - top)) / n;
    const radius = Math.max(
      5,
      Math.min(15, (bottom - top) / Math.max(...columns.map((c) => c.length)) / 2.6),
    );
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
          if (hidden && state) {
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
    ctx.fillStyle = '#4b5563';
    ctx.font = '13px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    const names = ['inputs', ...kept.map((_, l) => `hidden ${l + 1}`), 'outputs'];
    names.forEach((name, c) => ctx.fillText(name, x(c), 8));
    drawKey(ctx, 40, height - 20, state ? `×${formatScale(state.scale)}` : '×1/(1−p)');
    const dropped = state ? state.kept.flat().filter((k) => !k).length : 0;
    canvas.dataset.epoch = state ? String(state.epoch) : '';
    canvas.dataset.dropped = String(dropped);
  }

  return {
    update(event) {
      state = { epoch: event.epoch, p: event.p, scale: event.scale, kept: event.kept };
      const perLayer = event.kept.map(
        (units, l) => `layer ${l + 1}: ${units.filter((k) => !k).length} of ${units.length} off`,
      );
      caption.textContent =
        `Epoch ${event.epoch}, last step, one training example · drop probability p = ${event.p} · ` +
        `${perLayer.join(' · ')} · survivors × 1/(1−p) = ×${formatScale(event.scale)} (in training only).`;
      draw();
    },
    reset() {
      state = null;
      caption.textContent = 'Train with dropout to see which units are switched off at each step.';
      draw();
    },
  };
}

/**
 * The key under the diagram: a kept unit and a dropped one.
 * @param {CanvasRenderingContext2D} ctx @param {number} x @param {number} y @param {string} scaleText
 */
function drawKey(ctx, x, y, scaleText) {
  ctx.font = '14px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  ctx.arc(x, y, 8, 0, 2 * Math.PI);
  ctx.fillStyle = KEPT;
  ctx.fill();
  ctx.fillStyle = '#111827';
  const kept = `kept: its output is multiplied by ${scaleText} during training`;
  ctx.fillText(kept, x + 14, y);
  const x2 = x + 30 + ctx.measureText(kept).width;
  ctx.beginPath();
  ctx.arc(x2, y, 8, 0, 2 * Math.PI);
  ctx.setLineDash([3, 3]);
  ctx.strokeStyle = DROPPED;
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = '#111827';
  ctx.fillText('dropped at this step: outputs 0, its connections do nothing', x2 + 14, y);
}

/** @param {number} scale */
function formatScale(scale) {
  return Number.isInteger(scale) ? String(scale) : scale.toFixed(2).replace(/0$/, '');
}
