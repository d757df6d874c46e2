// What the loss chart draws: axis ranges, curves up to the shown epoch, bands, markers.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { chartModel, markerIndices, niceCeil, xMaxOf } from '../../src/dropout_lab/static/js/chart-series.js';

/** A run with `n` epochs of made-up losses for each network. */
function run(n, { status = 'finished', epochs = n, dropout = 0.5, id = 1 } = {}) {
  const networks = [{ name: 'baseline', dropout: 0, weight_decay: 0, seed: 0 }];
  if (dropout > 0) networks.push({ name: 'dropout', dropout, weight_decay: 0, seed: 0 });
  const rows = (shift) =>
    Array.from({ length: n }, (_, i) => ({
      epoch: i + 1,
      train_loss: 0.6 / (i + 1),
      val_loss: 0.3 + shift + (i === 4 ? -0.2 : 0.001 * i),
      gap: 0,
      train_acc: 0.9,
      val_acc: 0.85,
      batch_loss: 0.7,
    }));
  return {
    id,
    run_id: `r${id}`,
    label: 'test',
    config: { epochs },
    networks,
    epochs: Object.fromEntries(networks.map((net, k) => [net.name, rows(k * 0.05)])),
    snapshots: {},
    masks: {},
    status,
  };
}

test('nice axis tops sit just above the data', () => {
  assert.equal(niceCeil(0.76), 0.8);
  assert.equal(niceCeil(0.7), 0.8);
  assert.equal(niceCeil(1.04), 1.2);
  assert.equal(niceCeil(2.1), 2.5);
  assert.equal(niceCeil(0), 1);
  assert.equal(niceCeil(Number.NaN), 1);
});

test('the x axis spans the configured epochs while training, the epochs run once stopped', () => {
  assert.equal(xMaxOf(run(22, { status: 'running', epochs: 2000 })), 2000);
  assert.equal(xMaxOf(run(22, { status: 'stopped', epochs: 2000 })), 22);
  assert.equal(xMaxOf(run(1, { status: 'stopped', epochs: 2000 })), 2);
});

test('curves stop at the shown epoch, with a gap band per network', () => {
  const m = chartModel(run(50), [], 10);
  assert.equal(m.curves.length, 4);
  const val = m.curves[0];
  assert.equal(val.kind, 'val');
  assert.equal(val.values.filter((v) => v !== null).length, 10);
  assert.equal(val.values[10], null);
  assert.deepEqual(
    m.bands.map((b) => [m.curves[b.upper].kind, m.curves[b.lower].kind]),
    [
      ['val', 'train'],
      ['val', 'train'],
    ],
  );
  assert.deepEqual(
    m.best.map((b) => b.epoch),
    [5, 5],
  ); // the dip at epoch 5 is the best so far
  assert.equal(m.epoch, 10);
  assert.ok(m.yMax >= 0.6); // the axis holds the whole run, so it does not jump while replaying
});

test('the two networks differ by more than colour: their markers differ, training is dashed', () => {
  const m = chartModel(run(30), [], 30);
  const [bVal, bTrain, dVal] = m.curves;
  assert.notEqual(bVal.marker, dVal.marker);
  assert.notEqual(bVal.color, dVal.color);
  assert.deepEqual(bVal.dash, []);
  assert.ok(bTrain.dash.length > 0);
});

test('each overlaid run gets its own colour', () => {
  const m = chartModel(run(30, { id: 3 }), [run(30, { id: 1 }), run(30, { id: 2 })], 30);
  const overlays = m.curves.filter((c) => c.overlay);
  assert.equal(overlays.length, 4);
  const colours = new Set(overlays.map((c) => c.color));
  assert.equal(colours.size, 2);
  const current = new Set(m.curves.filter((c) => !c.overlay).map((c) => c.color));
  for (const c of colours) assert.ok(!current.has(c));
});

test('markers stay put on the axis while a curve grows, and the networks alternate', () => {
  const values = Array.from({ length: 300 }, (_, i) => (i < 100 ? 1 : null));
  const early = markerIndices(values, 12, 0);
  const full = markerIndices(
    values.map(() => 1),
    12,
    0,
  );
  assert.deepEqual(
    early,
    full.filter((i) => i < 100),
  );
  const other = markerIndices(values, 12, 0.5);
  assert.ok(other.every((i) => !early.includes(i)));
});
