// @ts-check
/**
 * Every insight's view: its tab label, introduction (what it measures, never what it will find) and renderer.
 */

import { ALTERNATIVES_INTRO, createAlternativesView } from './alternatives-view.js';
import { ENSEMBLE_INTRO, createEnsembleView } from './ensemble-view.js';
import { KNOCKOUT_INTRO, createKnockoutView } from './knockout-view.js';
import { SWEEP_INTRO, createSweepView } from './sweep-view.js';
import { UNCERTAINTY_INTRO, createUncertaintyView } from './uncertainty-view.js';

/**
 * @typedef {{update: (result: any) => void}} View
 * @type {Record<string, {tab: string, intro: string, create: (el: HTMLElement) => View}>}
 */
export const VIEWS = {
  sweep: { tab: 'Rate sweep', intro: SWEEP_INTRO, create: createSweepView },
  ensemble: { tab: 'Implicit ensemble', intro: ENSEMBLE_INTRO, create: createEnsembleView },
  uncertainty: { tab: 'MC uncertainty', intro: UNCERTAINTY_INTRO, create: createUncertaintyView },
  knockout: { tab: 'Knock-outs', intro: KNOCKOUT_INTRO, create: createKnockoutView },
  alternatives: { tab: 'Alternatives', intro: ALTERNATIVES_INTRO, create: createAlternativesView },
};
