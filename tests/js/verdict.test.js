// The page's verdict against the cases engine/verdict.py passes (tests/fixtures/verdicts.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { curveNoise, fixed, judge, numbersAt } from '../../src/dropout_lab/static/js/verdict.js';

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/verdicts.json', import.meta.url), 'utf8'));

for (const c of FIXTURE.cases) {
  test(`verdict case: ${c.name}`, () => {
    const verdict = judge(c.base, c.twin);
    assert.equal(verdict.kind, c.kind);
    assert.equal(verdict.plainOverfits, c.plain_overfits);
    assert.equal(verdict.headline, c.headline);
    assert.equal(verdict.sentence, c.sentence);
  });
}

for (const c of FIXTURE.noise) {
  test(`curve noise of ${c.values.slice(0, 4).join(', ')}… over ${c.window} points`, () => {
    assert.ok(Math.abs(curveNoise(c.values, c.window) - c.noise) < 1e-12);
  });
}

test('halves round up as in Python: 81.25 reads 81.3, 0.0625 reads 0.063', () => {
  assert.equal(fixed(81.25, 1), '81.3');
  assert.equal(fixed(0.0625, 3), '0.063');
  assert.equal(fixed(-0.0004, 3), '0.000');
});

test('the numbers at an epoch ignore later rows and find the best epoch so far', () => {
  const rows = [0.5, 0.3, 0.2, 0.25, 0.1].map((v, i) => ({
    epoch: i + 1,
    train_loss: 0.4 - 0.05 * i,
    val_loss: v,
    train_acc: 0.8,
    val_acc: 0.7 + 0.01 * i,
  }));
  const at4 = numbersAt(rows, 4, 0.5);
  assert.ok(at4);
  assert.equal(at4.epochs_run, 4);
  assert.equal(at4.val_loss, 0.25);
  assert.equal(at4.best_epoch, 3);
  assert.equal(at4.best_val_loss, 0.2);
  assert.ok(Math.abs(at4.gap - (0.25 - 0.25)) < 1e-12);
  assert.equal(at4.dropout, 0.5);
  assert.equal(numbersAt(rows, 0, 0), null);
});
