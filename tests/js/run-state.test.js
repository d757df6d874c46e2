// The page's record of a run: every epoch kept, snapshots looked up at or before an epoch.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { endOf } from '../../src/dropout_lab/static/js/training-session.js';
import {
  applyEvent,
  createRun,
  latestAtOrBefore,
  SNAPSHOT_BUDGET,
} from '../../src/dropout_lab/static/js/run-state.js';

const STARTED = {
  run_id: 'r',
  config: { epochs: 30, snapshot_every: 10 },
  networks: [
    { name: 'baseline', dropout: 0, weight_decay: 0, seed: 0 },
    { name: 'dropout', dropout: 0.5, weight_decay: 0, seed: 0 },
  ],
  data: [],
  extent: [-2, 2, -2, 2],
};
const epoch = (network, n) => ({
  type: 'epoch_finished',
  network,
  epoch: n,
  train_loss: 0.5,
  val_loss: 0.5,
  gap: 0,
  train_acc: 0.8,
  val_acc: 0.8,
  batch_loss: 0.6,
});
const snapshot = (network, n, grid = 4) => ({
  type: 'boundary_snapshot',
  network,
  epoch: n,
  grid_size: grid,
  extent: [-2, 2, -2, 2],
  probs: new Array(grid * grid).fill(0.5),
});

test('a map is the latest snapshot at or before the epoch, even with some missing (coalesced)', () => {
  const run = createRun(STARTED, 1, 'test');
  for (let n = 1; n <= 30; n++) {
    applyEvent(run, epoch('baseline', n));
    applyEvent(run, epoch('dropout', n));
  }
  applyEvent(run, snapshot('baseline', 30)); // epochs 10 and 20 never came
  applyEvent(run, snapshot('baseline', 10)); // late: kept in order
  assert.equal(latestAtOrBefore(run.snapshots.baseline, 9), null);
  assert.equal(latestAtOrBefore(run.snapshots.baseline, 10)?.epoch, 10);
  assert.equal(latestAtOrBefore(run.snapshots.baseline, 25)?.epoch, 10);
  assert.equal(latestAtOrBefore(run.snapshots.baseline, 30)?.epoch, 30);
  assert.equal(applyEvent(run, { type: 'dropout_mask', network: 'dropout', epoch: 30, kept: [] }), 30);
});

test('the newest epoch counts only when every network has finished it', () => {
  const run = createRun(STARTED, 1, 'test');
  assert.equal(applyEvent(run, epoch('baseline', 1)), 0);
  assert.equal(applyEvent(run, epoch('dropout', 1)), 1);
});

test('a long run keeps its maps within the memory budget, thinning the oldest', () => {
  const run = createRun(STARTED, 1, 'test');
  const grid = 100;
  const limit = SNAPSHOT_BUDGET / grid ** 2;
  for (let n = 1; n <= 3 * limit; n++) applyEvent(run, snapshot('baseline', n, grid));
  const kept = run.snapshots.baseline;
  assert.ok(kept.length * grid ** 2 <= SNAPSHOT_BUDGET);
  assert.equal(kept.at(-1)?.epoch, 3 * limit); // the newest always stays
  assert.ok(kept.every((s, i) => i === 0 || s.epoch > kept[i - 1].epoch));
});

test('a session that never opened is an unreachable server; one that closed early lost its connection', () => {
  assert.equal(endOf({ opened: false }, { ended: false, refused: false }), 'unreachable');
  assert.equal(endOf({ opened: true }, { ended: false, refused: false }), 'lost');
  assert.equal(endOf({ opened: true }, { ended: true, refused: false }), 'ended');
  assert.equal(endOf({ opened: true }, { ended: false, refused: true }), 'refused');
});

test('run_finished with stopped=true is a stop, with the reason the server gives', () => {
  const run = createRun(STARTED, 1, 'test');
  applyEvent(run, {
    type: 'run_finished',
    stopped: true,
    elapsed_s: 1,
    summary: [],
    reason: 'time limit 60 s',
  });
  assert.equal(run.status, 'stopped');
  assert.equal(run.reason, 'time limit 60 s');
});
