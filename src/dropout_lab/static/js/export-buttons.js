// @ts-check
/** The export buttons: chart and maps as stamped PNGs, the runs as CSV or JSON. */

import { chartToPng, downloadBlob, panelsToPng, runsToCsv, runsToJson, stampLines } from './exporters.js';
import { shownEpoch } from './timeline.js';

/**
 * @param {(id: string) => HTMLElement} $
 * @param {{state: () => {run: import('./run-state.js').Run | null, timeline: import('./timeline.js').Timeline}}} runner
 * @param {{pictures: () => {chart: HTMLCanvasElement | null, model: any,
 *   maps: {canvas: HTMLCanvasElement, caption: string}[]}}} view
 * @param {() => import('./run-state.js').Run[]} runs every run in the run list
 */
export function wireExports($, runner, view, runs) {
  const stamp = () => {
    const { run, timeline } = runner.state();
    return run ? stampLines(run, shownEpoch(timeline)) : ['dropout-lab: no run yet'];
  };
  $('export-loss').addEventListener('click', async () => {
    const { chart, model } = view.pictures();
    if (!chart || !model) return;
    const blob = await chartToPng(chart, model, stamp());
    if (blob) downloadBlob(blob, 'dropout-lab-loss.png');
  });
  $('export-boundaries').addEventListener('click', async () => {
    const blob = await panelsToPng(view.pictures().maps, stamp());
    if (blob) downloadBlob(blob, 'dropout-lab-boundaries.png');
  });
  $('export-csv').addEventListener('click', () =>
    downloadBlob(new Blob([runsToCsv(runs())], { type: 'text/csv' }), 'dropout-lab-history.csv'),
  );
  $('export-json').addEventListener('click', () =>
    downloadBlob(new Blob([runsToJson(runs())], { type: 'application/json' }), 'dropout-lab-history.json'),
  );
}
