// Pure functions of the boundary map, run with Node's built-in runner (node --test tests/js/).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { contourSegments } from '../../src/dropout_lab/static/js/boundary-map.js';

test('the 0.5 contour of a left-right split runs vertically between the columns where p crosses 0.5', () => {
  const n = 4; // row-major, row 0 at y_min; p = 0 in columns 0-1, 1 in columns 2-3
  const values = Array.from({ length: n * n }, (_, i) => (i % n >= 2 ? 1 : 0));
  const seg = contourSegments(values, n, 0.5);
  assert.ok(seg.length > 0);
  for (let i = 0; i < seg.length; i += 2) assert.equal(seg[i], 1.5); // every x is halfway between columns 1 and 2
  const ys = seg.filter((_, i) => i % 2 === 1);
  assert.equal(Math.min(...ys), 0);
  assert.equal(Math.max(...ys), n - 1);
});

test('a uniform map has no contour', () => {
  assert.deepEqual(contourSegments(new Array(9).fill(0.9), 3, 0.5), []);
});

test('the probability colour scale runs from the class-0 tint through white to the class-1 tint', async () => {
  const { probColor } = await import('../../src/dropout_lab/static/js/boundary-map.js');
  const { CLASS_RGB } = await import('../../src/dropout_lab/static/js/palette.js');
  const [low, mid, high] = [probColor(0), probColor(0.5), probColor(1)];
  assert.ok(mid.every((c) => c > 230)); // near 50%: pale
  // certain predictions lean towards their class colour, never fully saturated (points stay visible)
  const towards = (rgb, target) =>
    rgb.every((c, i) => Math.abs(c - target[i]) < Math.abs(255 - target[i]) + 1e-9);
  assert.ok(towards(low, CLASS_RGB[0]) && towards(high, CLASS_RGB[1]));
  assert.ok(low[0] > low[2] && high[2] > high[0]); // orange-ish below 0.5, blue-ish above
  assert.ok(Math.min(...low, ...high) > 100);
  // monotone: more certain is more coloured
  assert.ok(probColor(0.9)[0] > high[0] && probColor(0.1)[2] > low[2]);
});
