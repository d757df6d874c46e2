// What the page says: the verdict at an epoch, the status line, the announcements, export stamps.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { roundNumber, runsToCsv, stampLines } from '../../src/dropout_lab/static/js/exporters.js';
import {
  endAnnouncement,
  startAnnouncement,
  statusLine,
} from '../../src/dropout_lab/static/js/status-words.js';
import { createTimeline, finish, received, seek } from '../../src/dropout_lab/static/js/timeline.js';
import { verdictWords } from '../../src/dropout_lab/static/js/verdict-panel.js';

/** The plain net overfits after epoch 10; the dropout net does not. */
function run(status = 'finished') {
  const rows = (overfit) =>
    Array.from({ length: 100 }, (_, i) => {
      const e = i + 1;
      const val = overfit
        ? 0.2 + (e > 10 ? 0.005 * (e - 10) : 0.02 * (10 - e))
        : 0.25 + 0.01 * Math.max(0, 10 - e);
      return {
        epoch: e,
        train_loss: 0.1,
        val_loss: val,
        gap: val - 0.1,
        train_acc: 0.95,
        val_acc: 0.9,
        batch_loss: 0.2,
      };
    });
  return {
    id: 2,
    run_id: 'r',
    label: 'Same Network + Dropout',
    config: {
      epochs: 100,
      dataset: 'moons',
      noise: 0.3,
      n_samples: 400,
      val_share: 0.5,
      layers: 4,
      neurons: 128,
      activation: 'relu',
      dropout: 0.5,
      optimizer: 'adam',
      lr: 0.001,
      batch_size: 32,
      weight_decay: 0,
      seed: 0,
    },
    networks: [
      { name: 'baseline', dropout: 0, weight_decay: 0, seed: 0 },
      { name: 'dropout', dropout: 0.5, weight_decay: 0, seed: 0 },
    ],
    epochs: { baseline: rows(true), dropout: rows(false) },
    snapshots: {},
    masks: {},
    summary: null,
    status,
    reason: '',
    elapsed_s: 2.34,
  };
}

test('the verdict is stated at the epoch shown, and changes with it', () => {
  const early = verdictWords(run(), 10);
  assert.equal(early.kind, 'too_few_epochs');
  assert.match(early.when, /^At epoch 10 of 100 · the run ended at epoch 100/);
  const late = verdictWords(run(), 100);
  assert.equal(late.kind, 'dropout_helped');
  assert.equal(late.when, 'At epoch 100 of 100 · final');
  assert.match(late.sentence, /Without dropout the net overfits/);
});

test('a run without a twin is judged on the plain net alone', () => {
  const r = run();
  r.networks = r.networks.slice(0, 1);
  assert.equal(verdictWords(r, 100).kind, 'plain_overfits');
});

test('the status line says when training is done but the view is still replaying', () => {
  const t = received(createTimeline(), 100);
  assert.equal(statusLine(run('running'), t), 'Training… epoch 100 of 100 · replaying epoch 1');
  const replaying = finish(t);
  assert.match(statusLine(run(), replaying), /^Trained all 100 epochs in 2\.3 s · replaying epoch 1/);
  assert.equal(statusLine(run(), seek(replaying, 100)), 'Finished 100 epochs in 2.3 s.');
  const lost = run('lost');
  assert.match(statusLine(lost, seek(replaying, 100)), /^Connection lost after epoch 100/);
  assert.ok(!statusLine(lost, seek(replaying, 100)).includes('Stopped'));
});

test('announcements say how a run started and ended, with its verdict', () => {
  assert.equal(
    startAnnouncement(run('running')),
    'Training started: Same Network + Dropout, 100 epochs with its no-dropout twin.',
  );
  assert.equal(
    endAnnouncement(run(), 'Dropout helped'),
    'Training finished after 100 epochs. Verdict: Dropout helped.',
  );
  assert.equal(endAnnouncement(run('lost'), 'x'), 'Connection to the server lost after epoch 100.');
});

test('exports carry the settings, the epoch and its numbers, and no float32 noise', () => {
  const lines = stampLines(run(), 100);
  assert.match(lines[0], /moons, noise 0.3, 400 points \(50% validation\) · 4 × 128 relu, drop p = 0.5/);
  assert.match(lines[1], /^At epoch 100 of 100 · final · Without dropout: train 0.100, val 0.650, gap 0.550/);
  assert.equal(lines[2], 'Verdict: Dropout helped');
  assert.equal(roundNumber(0.8399999737739563), 0.84);
  const r = run();
  r.epochs.baseline[0].train_loss = 0.8399999737739563;
  const csv = runsToCsv([r]);
  assert.ok(csv.split('\n')[1].includes(',0.84,'));
  assert.ok(!/\d{9,}/.test(csv));
});
