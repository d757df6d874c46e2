// Pure pieces of the insights' maps: orientation of the image, colour scales, colour-bar ticks.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  colorBarTicks,
  pixelOffset,
  probColor,
  scalarColor,
} from '../../src/dropout_lab/static/js/insights/map.js';

test('grid row 0 (y_min) is the bottom row of the image and column 0 its left edge', () => {
  const n = 4;
  assert.equal(pixelOffset(0, 0, n), (3 * n + 0) * 4); // bottom-left
  assert.equal(pixelOffset(n - 1, n - 1, n), (0 * n + 3) * 4); // top-right
  assert.equal(pixelOffset(0, n - 1, n), (3 * n + 3) * 4); // bottom-right: not transposed
});

test('class probabilities run from the class-0 tint through white to the class-1 tint', () => {
  const [r0, , b0] = probColor(0);
  const [r1, , b1] = probColor(1);
  assert.ok(r0 > b0 && b1 > r1); // orange, then blue
  assert.ok(probColor(0.5).every((v) => v > 230)); // pale at the boundary
});

test('scalar maps use viridis: dark purple at 0, yellow at the top, clipped beyond', () => {
  assert.deepEqual(scalarColor(0), [68, 1, 84]);
  assert.deepEqual(scalarColor(1), [253, 231, 37]);
  assert.deepEqual(scalarColor(7), scalarColor(1));
});

test('colour-bar ticks start at 0, stay within the maximum and use round steps', () => {
  assert.deepEqual(colorBarTicks(1), [0, 0.25, 0.5, 0.75, 1]);
  const spread = colorBarTicks(0.43);
  assert.deepEqual(spread, [0, 0.2, 0.4]);
  assert.ok(colorBarTicks(0.07).every((v) => v <= 0.07));
});
