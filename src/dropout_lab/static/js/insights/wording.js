// @ts-check
/**
 * The page's own words around a run (status, partial and stale notes, refusals): pure functions of the
 * numbers they describe. Every sentence about a result itself comes from the result's `claims`
 * (computed by the engine from its numbers), never from here.
 */

/**
 * While training: the stage and how far it is.
 * @param {{stage: string, done: number, total: number}} progress
 */
export function progressText(progress) {
  return `${progress.stage} (${progress.done} of ${progress.total})`;
}

/**
 * Above a partial result: what it is and that it will change.
 * @param {{complete?: boolean, epochs_done?: number, epochs?: number, sizes?: any[], planned_sizes?: number[]}} result
 */
export function partialNote(result) {
  if (result.complete !== false) return ''; // complete, or a view that has no partial results
  const sizes = result.planned_sizes ?? [];
  if (result.epochs_done !== undefined && result.epochs !== undefined && result.epochs_done < result.epochs) {
    return `Live: after ${result.epochs_done} of ${result.epochs} epochs. Curves, numbers and words update as training runs; the ranking can still change.`;
  }
  return `Live: ${(result.sizes ?? []).length} of ${sizes.length} training-set sizes done; the remaining bars fill as their runs finish.`;
}

/**
 * After Stop (or a lost connection): what the results on screen are now.
 * @param {{complete?: boolean, epochs_done?: number, epochs?: number, sizes?: any[], planned_sizes?: number[]} | null} shown the newest result on screen, if any
 * @param {string} why e.g. 'Stopped'
 */
export function staleNote(shown, why) {
  if (!shown) return `${why} before any result: nothing to show.`;
  if (shown.complete !== false) return '';
  const where =
    shown.epochs_done !== undefined && shown.epochs !== undefined && shown.epochs_done < shown.epochs
      ? `after ${shown.epochs_done} of ${shown.epochs} epochs`
      : `with ${(shown.sizes ?? []).length} of ${(shown.planned_sizes ?? []).length} training-set sizes`;
  return `${why} ${where}: what is shown below is partial and out of date, not the result of the full run. Run again for the full result.`;
}

/**
 * A refusal in words: each bad field by its label (as the form shows it), else the server's message.
 * @param {string} message
 * @param {{label?: string, field: string, message: string}[]} [errors]
 */
export function refusalText(message, errors) {
  if (!errors?.length) return message;
  return errors.map((e) => `${e.label ?? e.field}: ${e.message}`).join('; ');
}

/** @param {number} seconds */
export function doneText(seconds) {
  return `Done in ${seconds.toFixed(1)} s: every number below comes from networks trained just now.`;
}
