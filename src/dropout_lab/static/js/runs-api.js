// @ts-check
/**
 * Talks to the server about the runs it keeps (server/run_routes.py): the list, one run's events,
 * rename, delete and undo. Every failure is thrown as an Error whose message the page can show as is.
 */

/**
 * @typedef {{id: string, kind: string, created_at: string, name: string, notes: string,
 *   config: Record<string, any>, stopped: boolean, data_source: string, data_name: string | null,
 *   summary: {networks?: any[], headline?: string}, size_bytes: number}} StoredRun
 * @typedef {{on: boolean, recording: boolean, problem: string | null}} StoreStatus
 */

/**
 * @param {string} url
 * @param {RequestInit} [init]
 */
async function call(url, init) {
  let response;
  try {
    response = await fetch(url, { ...init, headers: { 'Content-Type': 'application/json' } });
  } catch {
    throw new Error(`Cannot reach the server at ${location.host}.`);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new Error(body.message ?? `${init?.method ?? 'GET'} ${url} failed: ${response.status}`);
  return body;
}

/** @param {string} id */
const runUrl = (id) => `/api/runs/${encodeURIComponent(id)}`;

/** The kept comparisons, newest first, and whether runs are kept. @returns {Promise<{store: StoreStatus, runs: StoredRun[]}>} */
export function fetchRuns() {
  return call('/api/runs?kind=train&limit=200');
}

/**
 * One kept run with its events (run_started.stored_at says when it was recorded).
 * @param {string} id
 * @returns {Promise<{run: StoredRun, events?: any[], result?: any}>}
 */
export function fetchRunEvents(id) {
  return call(`${runUrl(id)}/events`);
}

/** @param {string} id @param {string} name @returns {Promise<{run: StoredRun}>} */
export function renameRun(id, name) {
  return call(runUrl(id), { method: 'PATCH', body: JSON.stringify({ name }) });
}

/** Gone from the store at once; `restoreRun` within `undo_s` puts it back. @param {string} id @returns {Promise<{run: StoredRun, undo_s: number}>} */
export function deleteRun(id) {
  return call(runUrl(id), { method: 'DELETE' });
}

/** @param {string} id @returns {Promise<{run: StoredRun}>} */
export function restoreRun(id) {
  return call(`${runUrl(id)}/restore`, { method: 'POST' });
}
