// @ts-check
/** Keep a canvas's backing store at its CSS size × devicePixelRatio, and redraw on resize. */

/**
 * @param {HTMLCanvasElement} canvas
 * @param {() => void} redraw
 * @returns {() => {ctx: CanvasRenderingContext2D, width: number, height: number}} call before drawing
 */
export function fitCanvas(canvas, redraw) {
  new ResizeObserver(() => redraw()).observe(canvas);
  return () => {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 300;
    const height = canvas.clientHeight || 150;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { ctx, width, height };
  };
}
