// @ts-check
/**
 * One screen: on a wide, tall enough window the stage (chart, timeline and both maps) takes exactly
 * the height left below its top, so the verdict, the chart, both maps and Train/Stop are all visible
 * without scrolling; secondary material follows below. Sets the CSS variable --stage-h.
 */

const MIN_WIDTH = 1100; // below this the page stacks its columns and scrolls
const MIN_STAGE = 300;
const MAX_STAGE = 820;

export function fitStage() {
  const stage = document.getElementById('stage-row');
  if (!stage) return;
  const wide = window.innerWidth >= MIN_WIDTH;
  if (!wide) {
    document.documentElement.style.removeProperty('--stage-h');
    return;
  }
  const top = stage.getBoundingClientRect().top + window.scrollY;
  const room = window.innerHeight - top - 12; // a little margin under the maps
  document.documentElement.style.setProperty(
    '--stage-h',
    `${Math.round(Math.min(MAX_STAGE, Math.max(MIN_STAGE, room)))}px`,
  );
}

let pending = 0;
const refit = () => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(fitStage);
};
window.addEventListener('resize', refit);
// Whatever sits above the stage may change height (a longer verdict, a link problem): fit again.
const above = new ResizeObserver(refit);
for (const selector of ['.lab-top', '.scenarios', '#url-problems', '.verdict']) {
  const el = document.querySelector(selector);
  if (el) above.observe(el);
}
