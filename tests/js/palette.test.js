// The network colours stay apart for people with colour-vision deficiencies, and not by hue alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { networkMarker } from '../../src/dropout_lab/static/js/network-style.js';
import { hexToRgb, NETWORK_COLORS, OTHER_COLORS } from '../../src/dropout_lab/static/js/palette.js';

// Machado, Oliveira & Fernandes (2009), severity 1.0, applied in linear RGB.
const SIMULATIONS = {
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
  none: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
};

const toLinear = (/** @type {number} */ c) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};

/** CIE L*a*b* of a linear RGB colour (D65). @param {number[]} rgb */
function lab(rgb) {
  const [r, g, b] = rgb.map((v) => Math.min(1, Math.max(0, v)));
  const X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const Y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (/** @type {number} */ t) =>
    t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29;
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}

/** Colour difference (CIE76) of two hex colours as seen with a simulated deficiency. */
export function seenDistance(/** @type {string} */ a, /** @type {string} */ b, /** @type {number[][]} */ m) {
  const seen = (/** @type {string} */ hex) => {
    const rgb = hexToRgb(hex).map(toLinear);
    return lab(m.map((row) => row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]));
  };
  const [p, q] = [seen(a), seen(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

const luminance = (/** @type {string} */ hex) => {
  const [r, g, b] = hexToRgb(hex).map(toLinear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (/** @type {string} */ a, /** @type {string} */ b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

test('the two networks stay far apart under every simulated colour-vision deficiency', () => {
  for (const [name, matrix] of Object.entries(SIMULATIONS)) {
    const d = seenDistance(NETWORK_COLORS.baseline, NETWORK_COLORS.dropout, matrix);
    assert.ok(d >= 25, `${name}: ΔE ${d.toFixed(1)}`);
  }
});

test('the old magenta/teal pair would fail the same check (the test can fail)', () => {
  assert.ok(seenDistance('#c2185b', '#00796b', SIMULATIONS.deuteranopia) < 25);
  assert.ok(contrast('#c2185b', '#00796b') < 2);
});

test('the networks also differ in lightness, so they stay apart in greyscale', () => {
  assert.ok(contrast(NETWORK_COLORS.baseline, NETWORK_COLORS.dropout) >= 2);
});

test('each network has its own marker shape', () => {
  assert.notEqual(networkMarker('baseline'), networkMarker('dropout'));
});

test('overlaid runs take distinct colours, each at least 3:1 on white and apart from both networks', () => {
  for (const colour of OTHER_COLORS) {
    assert.ok(contrast(colour, '#ffffff') >= 3, colour);
    for (const net of Object.values(NETWORK_COLORS))
      assert.ok(seenDistance(colour, net, SIMULATIONS.none) >= 20);
  }
  for (let i = 0; i < OTHER_COLORS.length; i++) {
    for (let j = i + 1; j < OTHER_COLORS.length; j++) {
      assert.ok(seenDistance(OTHER_COLORS[i], OTHER_COLORS[j], SIMULATIONS.none) >= 20);
    }
  }
});
