// The page's own words around a run follow the numbers they describe: built to contradict, they flip.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  doneText,
  partialNote,
  progressText,
  refusalText,
  staleNote,
} from '../../src/dropout_lab/static/js/insights/wording.js';

test('a partial sweep says how far it is; a complete or non-streaming result says nothing', () => {
  assert.match(partialNote({ complete: false, epochs_done: 40, epochs: 300 }), /after 40 of 300 epochs/);
  assert.equal(partialNote({ complete: true, epochs_done: 300, epochs: 300 }), '');
  assert.equal(partialNote({}), ''); // ensemble, uncertainty, knock-outs: no partials
});

test('partial alternatives count the sizes done once the curves are complete', () => {
  const r = { complete: false, epochs_done: 100, epochs: 100, sizes: [{}], planned_sizes: [30, 200, 1000] };
  assert.match(partialNote(r), /1 of 3 training-set sizes done/);
});

test('after a stop, partial results are called partial and out of date, complete ones are left alone', () => {
  const note = staleNote({ complete: false, epochs_done: 22, epochs: 2000 }, 'Stopped');
  assert.match(note, /^Stopped after 22 of 2000 epochs: .*partial and out of date/);
  const sizes = staleNote(
    { complete: false, epochs_done: 50, epochs: 50, sizes: [], planned_sizes: [30] },
    'Stopped',
  );
  assert.match(sizes, /with 0 of 1 training-set sizes/);
  assert.equal(staleNote({ complete: true }, 'Stopped'), '');
  assert.match(staleNote(null, 'The connection to the server closed'), /before any result/);
});

test('refusals name each field by its label, and fall back to the message', () => {
  const errors = [
    {
      field: 'rates',
      label: 'Drop probabilities',
      message: 'must be a list of 2 to 20 numbers from 0 to 0.9',
    },
    { field: 'n_seeds', label: 'Seeds', message: 'must be an integer from 1 to 10 (got 50)' },
  ];
  const text = refusalText('params.rates: must be …', errors);
  assert.equal(text, `Drop probabilities: ${errors[0].message}; Seeds: ${errors[1].message}`);
  assert.ok(!text.includes('params.rates'));
  assert.equal(refusalText('busy: one analysis at a time', []), 'busy: one analysis at a time');
});

test('progress and completion texts carry their numbers', () => {
  assert.equal(
    progressText({ stage: 'training 50 networks together', done: 7, total: 150 }),
    'training 50 networks together (7 of 150)',
  );
  assert.match(doneText(12.34), /^Done in 12\.3 s/);
});
