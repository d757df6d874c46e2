// A kept run's address: /runs/<id> (with ?epoch=N for a moment) names the run; any other address none.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { linkedRun, runAddress } from '../../src/dropout_lab/static/js/run-links.js';

test('a run address names the run and the epoch asked for', () => {
  assert.deepEqual(linkedRun('/runs/3f2a9c1e07b4', ''), { id: '3f2a9c1e07b4', epoch: null });
  assert.deepEqual(linkedRun('/runs/3f2a9c1e07b4/', '?epoch=42'), { id: '3f2a9c1e07b4', epoch: 42 });
});

test('an epoch that is not a whole number from 1 is left out', () => {
  for (const search of ['?epoch=0', '?epoch=-3', '?epoch=2.5', '?epoch=abc', '?epoch=']) {
    assert.equal(linkedRun('/runs/abc', search)?.epoch, null, search);
  }
});

test('other addresses name no run', () => {
  for (const path of ['/', '/insights', '/runs/', '/runs/a/b', '/static/runs/abc', '/runs/%E0%A4%A']) {
    assert.equal(linkedRun(path, ''), null, path);
  }
});

test('an address is made back from the id and read back the same', () => {
  const id = 'a b/c?d';
  const address = runAddress(id, 7);
  const url = new URL(address, 'http://127.0.0.1');
  assert.equal(address, '/runs/a%20b%2Fc%3Fd?epoch=7');
  assert.deepEqual(linkedRun(url.pathname, url.search), { id, epoch: 7 });
  assert.equal(runAddress('3f2a'), '/runs/3f2a');
});
