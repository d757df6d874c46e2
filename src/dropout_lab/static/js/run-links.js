// @ts-check
/**
 * Kept runs by their address: /runs/<id> (with ?epoch=N for a moment) opens that run in the lab, read
 * from the server, with its settings in the controls; a link in the run list opens it in place (a new
 * tab works as with any link). While a run is being opened the page leaves the address alone.
 * `linkedRun` and `runAddress` are pure; the opener knows the form, the runner and the kept runs.
 */

export const RUN_PATH = /^\/runs\/([^/?#]+)\/?$/;

/**
 * The kept run an address names, and the epoch it asks for; null for any other address.
 * @param {string} pathname e.g. location.pathname
 * @param {string} search e.g. location.search
 * @returns {{id: string, epoch: number | null} | null}
 */
export function linkedRun(pathname, search) {
  const match = pathname.match(RUN_PATH);
  if (!match) return null;
  let id = '';
  try {
    id = decodeURIComponent(match[1]);
  } catch {
    return null; // a malformed escape: not an address this page made
  }
  const epoch = Number(new URLSearchParams(search).get('epoch') ?? Number.NaN);
  return { id, epoch: Number.isInteger(epoch) && epoch > 0 ? epoch : null };
}

/**
 * The address of a kept run, at an epoch when one is given.
 * @param {string} id
 * @param {number | null} [epoch]
 */
export function runAddress(id, epoch = null) {
  return `/runs/${encodeURIComponent(id)}${epoch === null ? '' : `?epoch=${epoch}`}`;
}

/**
 * @param {{$: (id: string) => HTMLElement, kept: any, form: any, runner: any,
 *   labelOf: (record: import('./runs-api.js').StoredRun) => string,
 *   onOpened: (values: Record<string, any>) => void, pending: boolean}} deps
 *   pending: the page was opened at a run's address (it is opened once the page is ready)
 */
export function createRunOpener({ $, kept, form, runner, labelOf, onOpened, pending }) {
  let opening = pending;

  /**
   * Open a kept run: its settings in the controls, its timeline replayed (or paused at `epoch`).
   * @param {string} id
   * @param {number | null} epoch
   */
  async function open(id, epoch) {
    opening = true;
    $('status').textContent = `Opening run ${id}…`;
    try {
      const { record, events } = await kept.open(id);
      opening = false;
      form.setValues(record.config);
      runner.show(events, labelOf(record), epoch);
      onOpened(form.getValues());
    } catch (error) {
      opening = false;
      $('status').textContent = `Cannot open run ${id}: ${/** @type {Error} */ (error).message}`;
      $('announcer').textContent = $('status').textContent ?? '';
    }
  }

  /** A kept run's link in `list` opens it here; Back shows the page as that address opens it. @param {HTMLElement} list */
  function wire(list) {
    list.addEventListener('click', (e) => {
      const link = /** @type {HTMLElement} */ (e.target).closest?.('a.open-run');
      if (!(link instanceof HTMLAnchorElement) || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0)
        return;
      const target = linkedRun(link.pathname, '');
      if (!target) return;
      e.preventDefault();
      history.pushState(null, '', link.pathname);
      open(target.id, null);
    });
    window.addEventListener('popstate', () => location.reload());
  }

  return {
    open,
    wire,
    get opening() {
      return opening;
    },
  };
}
