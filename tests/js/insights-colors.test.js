// The insights' colours are readable on white and stay ordered and readable under colour-vision
// deficiency (Machado et al. 2009 simulation, severity 1); lines that share a hue differ by dash.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { KIND_DASH, NETWORK_DASH, rateColor } from '../../src/dropout_lab/static/js/insights/colors.js';
import { NETWORK_COLORS, REGULARISER_COLORS, hexToRgb } from '../../src/dropout_lab/static/js/palette.js';

const SIMULATIONS = {
  normal: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
};

/** @param {string} css '#rrggbb' or 'rgb(r,g,b)' */
const rgb = (css) => (css.startsWith('#') ? hexToRgb(css) : css.match(/\d+/g).map(Number));
const linear = (c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
/** Linear RGB as seen with a deficiency. */
const simulate = (color, m) => {
  const l = color.map(linear);
  return [0, 1, 2].map((i) =>
    Math.min(1, Math.max(0, m[3 * i] * l[0] + m[3 * i + 1] * l[1] + m[3 * i + 2] * l[2])),
  );
};
const luminance = (l) => 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
const contrastOnWhite = (l) => 1.05 / (luminance(l) + 0.05);
const lightness = (l) => 116 * Math.cbrt(luminance(l)) - 16;

test('every drop-probability colour has at least 3:1 contrast on white, with and without a deficiency', () => {
  for (const n of [2, 5, 10, 20]) {
    for (let i = 0; i < n; i++) {
      for (const [name, m] of Object.entries(SIMULATIONS)) {
        const c = contrastOnWhite(simulate(rgb(rateColor(i, n)), m));
        assert.ok(c >= 3, `p #${i} of ${n} under ${name}: ${c.toFixed(2)}:1`);
      }
    }
  }
});

test('drop-probability colours keep their order in lightness under every simulation', () => {
  for (const [name, m] of Object.entries(SIMULATIONS)) {
    const l = Array.from({ length: 10 }, (_, i) => lightness(simulate(rgb(rateColor(i, 10)), m)));
    for (let i = 1; i < l.length; i++) assert.ok(l[i] > l[i - 1] + 1, `${name}: rate ${i} not lighter`);
    assert.ok(l[9] - l[0] > 20, `${name}: the ends are too alike`);
  }
});

test('the highest rate is not yellow', () => {
  const [r, g, b] = rgb(rateColor(9, 10));
  assert.ok(!(r > 180 && g > 160 && b < 120), `rgb(${r},${g},${b})`);
});

test('regularisers and networks are readable on white and differ by dash pattern, not hue alone', () => {
  for (const [group, colors, dashes] of [
    ['regulariser', REGULARISER_COLORS, KIND_DASH],
    ['network', NETWORK_COLORS, NETWORK_DASH],
  ]) {
    for (const [kind, hex] of Object.entries(colors)) {
      for (const [name, m] of Object.entries(SIMULATIONS)) {
        assert.ok(contrastOnWhite(simulate(rgb(hex), m)) >= 3, `${group} ${kind} under ${name}`);
      }
    }
    const patterns = Object.keys(colors).map((k) => JSON.stringify(dashes[k] ?? null));
    assert.ok(!patterns.includes('null'), `${group}: every kind has a dash entry`);
    assert.equal(new Set(patterns).size, patterns.length, `${group}: dash patterns repeat`);
  }
});
