// The URL: bad values reported by key and range, only valid values written back.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { describeRange } from '../../src/dropout_lab/static/js/knob-values.js';
import { describeProblems, parseUrl, urlQuery } from '../../src/dropout_lab/static/js/url-state.js';

const KNOBS = [
  {
    name: 'dataset',
    type: 'string',
    default: 'moons',
    choices: ['blobs', 'moons'],
    allowed: 'one of blobs or moons',
  },
  {
    name: 'layers',
    type: 'integer',
    default: 3,
    minimum: 1,
    maximum: 8,
    allowed: 'a whole number from 1 to 8',
  },
  {
    name: 'dropout',
    type: 'number',
    default: 0,
    minimum: 0,
    maximum: 0.9,
    allowed: 'a number from 0 to 0.9',
  },
  {
    name: 'epochs',
    type: 'integer',
    default: 300,
    minimum: 1,
    maximum: 2000,
    allowed: 'a whole number from 1 to 2000',
  },
];

test("the range in words is the engine's own wording", () => {
  assert.equal(describeRange(KNOBS[2]), 'a number from 0 to 0.9');
});

test('a hand-edited URL reports every bad value by key and range, and keeps the good ones', () => {
  const { values, problems, epoch } = parseUrl(
    '?dropout=5&layers=abc&dataset=banana&epochs=40&colour=red',
    KNOBS,
  );
  assert.deepEqual(values, { epochs: 40 });
  assert.equal(epoch, null);
  const text = describeProblems(problems);
  assert.deepEqual(text, [
    'dropout=5: must be a number from 0 to 0.9.',
    'layers=abc: must be a whole number from 1 to 8.',
    'dataset=banana: must be one of blobs or moons.',
    'colour=red: unknown setting "colour".',
  ]);
  for (const line of text) assert.ok(!line.includes('undefined'));
});

test("the epoch in a link must lie within the run's epochs", () => {
  assert.equal(parseUrl('?epochs=40&epoch=12', KNOBS).epoch, 12);
  const late = parseUrl('?epochs=40&epoch=41', KNOBS);
  assert.equal(late.epoch, null);
  assert.deepEqual(describeProblems(late.problems), ['epoch=41: must be a whole number from 1 to 40.']);
  assert.equal(parseUrl('?epoch=2.5', KNOBS).epoch, null);
});

test('only valid values reach the URL: a half-typed value keeps the last valid one', () => {
  const before = '?dataset=moons&layers=4&dropout=0.5&epochs=300';
  const query = urlQuery(
    { dataset: 'moons', layers: Number.NaN, dropout: 0.3, epochs: 99999 },
    KNOBS,
    before,
  );
  const params = new URLSearchParams(query);
  assert.equal(params.get('layers'), '4');
  assert.equal(params.get('dropout'), '0.3');
  assert.equal(params.get('epochs'), '300');
  assert.ok(!query.includes('NaN'));
});

test('the epoch shown is written only when asked', () => {
  const values = { dataset: 'moons', layers: 2, dropout: 0.5, epochs: 50 };
  assert.ok(!urlQuery(values, KNOBS, '').includes('epoch='));
  assert.ok(urlQuery(values, KNOBS, '', 17).endsWith('&epoch=17'));
});
