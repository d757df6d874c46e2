// The timeline's state: replay at a pace, never past the newest epoch, play/pause/step/seek, shared links.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  atEnd,
  createTimeline,
  finish,
  jumpWhenReady,
  received,
  seek,
  setPace,
  shownEpoch,
  step,
  tick,
  togglePlay,
} from '../../src/dropout_lab/static/js/timeline.js';

test('the replay advances at its pace, not at the speed of training', () => {
  let t = received(createTimeline(30), 300); // training already has 300 epochs
  assert.equal(shownEpoch(t), 1); // the first epoch shows at once
  t = tick(t, 1); // one second at 30 epochs/s
  assert.equal(shownEpoch(t), 31);
  t = tick(t, 5);
  assert.equal(shownEpoch(t), 181);
});

test('a 300-epoch run replays in about 10 s at the default pace', () => {
  let t = finish(received(createTimeline(), 300));
  let seconds = 0;
  while (t.playing && seconds < 60) {
    t = tick(t, 0.1);
    seconds += 0.1;
  }
  assert.ok(seconds > 9 && seconds < 11, `${seconds}`);
  assert.ok(atEnd(t) && !t.playing);
});

test('the view never shows an epoch that has not arrived', () => {
  let t = received(createTimeline(100), 5);
  t = tick(t, 10);
  assert.equal(shownEpoch(t), 5);
  assert.ok(t.playing); // waits for more epochs
  t = received(t, 8);
  t = tick(t, 0.02);
  assert.equal(shownEpoch(t), 7);
});

test('"as it trains" always shows the newest epoch', () => {
  let t = received(createTimeline(Infinity), 12);
  assert.equal(shownEpoch(t), 12);
  t = received(t, 40);
  assert.equal(shownEpoch(t), 40);
});

test('pause, step and seek stay within the epochs run', () => {
  let t = finish(received(createTimeline(), 50));
  t = togglePlay(t);
  assert.equal(t.playing, false);
  t = step(t, -1);
  assert.equal(shownEpoch(t), 1);
  t = step(t, 3);
  assert.equal(shownEpoch(t), 4);
  assert.equal(shownEpoch(seek(t, 999)), 50);
  assert.equal(shownEpoch(seek(t, -3)), 1);
  assert.equal(shownEpoch(seek(t, 10)), 10);
  assert.equal(seek(t, 10).playing, false);
});

test('play at the end of a finished run starts over from epoch 1', () => {
  let t = seek(finish(received(createTimeline(), 20)), 20);
  assert.ok(atEnd(t));
  t = togglePlay(t);
  assert.equal(shownEpoch(t), 1);
  assert.ok(t.playing);
});

test('a shared link opens at its epoch, paused, once that epoch exists', () => {
  let t = jumpWhenReady(createTimeline(), 120);
  t = received(t, 60);
  assert.equal(shownEpoch(t), 60); // follows the run meanwhile
  t = tick(t, 1);
  assert.equal(shownEpoch(t), 60);
  t = received(t, 130);
  assert.equal(shownEpoch(t), 120);
  assert.equal(t.playing, false);
  t = received(t, 200);
  assert.equal(shownEpoch(t), 120); // and stays there
});

test('a run that ends before the asked-for epoch stays on its last epoch', () => {
  const t = finish(received(jumpWhenReady(createTimeline(), 120), 80));
  assert.equal(shownEpoch(t), 80);
  assert.equal(t.target, null);
});

test('switching to "as it trains" jumps to the newest epoch', () => {
  let t = tick(received(createTimeline(10), 200), 1);
  assert.equal(shownEpoch(t), 11);
  t = setPace(t, Infinity);
  assert.equal(shownEpoch(t), 200);
});
