// @ts-check
/**
 * Every view of the run at one epoch: the chart (curves up to it), both maps (the latest snapshot at
 * or before it, its epoch shown), the dropped-units diagram, the cards and the chart's readout.
 * Knows the page's elements and the run's records; nothing of sockets or the timeline's clock.
 */

import { createBoundaryMap } from './boundary-map.js';
import { chartModel } from './chart-series.js';
import { createLossPlot } from './loss-plot.js';
import { createMetricCards } from './metric-cards.js';
import { createNetworkDiagram } from './network-diagram.js';
import { networkTitle } from './network-style.js';
import { latestAtOrBefore, splitFor } from './run-state.js';
import { fixed } from './verdict.js';

const NAMES = ['baseline', 'dropout'];
const DEFAULT_CAPTION = { baseline: 'Without dropout', dropout: 'With dropout' };

/** @param {(id: string) => HTMLElement} $ */
export function createLabView($) {
  /** @type {Record<string, ReturnType<typeof createBoundaryMap>>} */
  const maps = Object.fromEntries(
    NAMES.map((name) => [name, createBoundaryMap(/** @type {HTMLCanvasElement} */ ($(`boundary-${name}`)))]),
  );
  const cards = createMetricCards($('metric-cards'));
  const diagram = createNetworkDiagram($('network-diagram'));
  /** @type {{run: import('./run-state.js').Run | null, epoch: number}} */
  const shown = { run: null, epoch: 0 };
  let hover = /** @type {number | null} */ (null);
  let dataOf = '';
  /** @type {any} */ let maskShown = null;
  const plot = createLossPlot($('loss-chart'), $('chart-legend'), {
    onHover(epoch) {
      hover = epoch;
      readout();
    },
  });

  function readout() {
    const { run, epoch } = shown;
    const at = hover !== null ? Math.min(hover, epoch) : epoch;
    if (!run || at < 1) {
      $('chart-readout').textContent = 'Hover over the chart to read the losses at an epoch.';
      return;
    }
    const parts = run.networks.map((net) => {
      const row = (run.epochs[net.name] ?? []).find((r) => r.epoch === at);
      return row
        ? `${networkTitle(net)}: train ${fixed(row.train_loss, 3)} · val ${fixed(row.val_loss, 3)} · ` +
            `gap ${fixed(row.val_loss - row.train_loss, 3)}`
        : `${networkTitle(net)}: –`;
    });
    $('chart-readout').textContent = `Epoch ${at} — ${parts.join('  |  ')}`;
  }

  /**
   * @param {import('./run-state.js').Run | null} run
   * @param {number} epoch
   */
  function drawMaps(run, epoch) {
    const key = run ? run.run_id : '';
    for (const name of NAMES) {
      const map = maps[name];
      const net = run?.networks.find((n) => n.name === name);
      const caption = $(`caption-${name}`);
      if (dataOf !== key) map.setData(run && net ? splitFor(run, name) : null, run?.extent ?? [-2, 2, -2, 2]);
      if (!run || !net) {
        map.clear();
        caption.textContent = /** @type {Record<string, string>} */ (DEFAULT_CAPTION)[name];
        map.setMessage(
          !run ? 'Press Train' : 'No dropout network in this run:\nuse "Add the dropout twin" above',
        );
        continue;
      }
      caption.textContent = networkTitle(net);
      const snapshot = latestAtOrBefore(run.snapshots[name], epoch); // coalesced ones may be missing
      map.setSnapshot(snapshot);
      map.setMessage(snapshot ? '' : `The first map comes after epoch ${run.config.snapshot_every}`);
    }
    dataOf = key;
  }

  return {
    /**
     * @param {import('./run-state.js').Run | null} run
     * @param {import('./run-state.js').Run[]} overlays
     * @param {number} epoch
     * @param {{showBatch: boolean, presenting: boolean}} style
     */
    render(run, overlays, epoch, { showBatch, presenting }) {
      shown.run = run;
      shown.epoch = epoch;
      const model = chartModel(run, overlays, epoch, { showBatch, width: presenting ? 1.5 : 1 });
      plot.show(model, { fontPx: presenting ? 16 : 13 });
      drawMaps(run, epoch);
      cards.update(run, epoch);
      const mask = run ? latestAtOrBefore(run.masks.dropout, epoch) : null;
      if (mask !== maskShown) {
        if (mask) diagram.update(mask);
        else diagram.reset();
        maskShown = mask;
      }
      readout();
    },
    /** For exports: the chart canvas and model, and the maps with their captions. */
    pictures() {
      return {
        chart: plot.canvas(),
        model: plot.model(),
        maps: NAMES.map((name) => ({
          canvas: /** @type {HTMLCanvasElement} */ ($(`boundary-${name}`)),
          caption: `${$(`caption-${name}`).textContent} · map after epoch ${$(`boundary-${name}`).dataset.snapshotEpoch || '–'}`,
        })),
      };
    },
  };
}
