// @ts-check
/**
 * One item of the run list, as DOM: its number and name, settings, results and state, and its
 * controls -- a link to open it (/runs/<id>), "show on the chart", Rename and Delete for a kept run.
 * Every control has a visible label and works from the keyboard (rename: Enter saves, Escape cancels).
 */

import { networkTitle } from './network-style.js';
import { fixed } from './verdict.js';

/**
 * @typedef {{key: string, number: number, label: string, run: import('./run-state.js').Run | null,
 *   record: import('./runs-api.js').StoredRun | null, current: boolean, shown: boolean,
 *   renaming: boolean}} Entry
 * @typedef {{toggle: (key: string, on: boolean) => void, rename: (key: string, name: string | null) => void,
 *   startRename: (key: string) => void, remove: (key: string) => void}} EntryActions
 */

const STATUS_WORDS = { running: 'training…', lost: 'connection lost' };

/** e.g. "27 Nov, 14:02" in the reader's time zone. @param {string} iso */
export function recordedWhen(iso) {
  const when = new Date(iso);
  return Number.isNaN(when.getTime())
    ? iso
    : when.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** @param {Entry} entry */
function results(entry) {
  if (entry.run) {
    const run = entry.run;
    return run.networks.map((net) => {
      const last = run.epochs[net.name]?.at(-1);
      return `${networkTitle(net)}: val loss ${last ? fixed(last.val_loss, 3) : '–'}`;
    });
  }
  const nets = entry.record?.summary.networks ?? [];
  return nets.map(
    (n) => `${networkTitle({ name: n.network, dropout: n.dropout })}: val loss ${fixed(n.val_loss, 3)}`,
  );
}

/** @param {Entry} entry */
function status(entry) {
  const value = entry.run?.status ?? (entry.record?.stopped ? 'stopped' : 'finished');
  const span = Object.assign(document.createElement('span'), { className: `run-status ${value}` });
  span.textContent = /** @type {Record<string, string>} */ (STATUS_WORDS)[value] ?? value;
  return span;
}

/**
 * @param {Entry} entry
 * @param {EntryActions} act
 * @param {boolean} kept whether the server keeps runs (a kept run gets its link, Rename and Delete)
 */
export function entryItem(entry, act, kept) {
  const li = document.createElement('li');
  li.dataset.runId = entry.key;
  const c = entry.run?.config ?? entry.record?.config ?? {};
  const title = document.createElement('strong');
  title.className = 'run-title';
  title.textContent = `#${entry.number} ${entry.record?.name || entry.label}`;
  const setup = Object.assign(document.createElement('span'), { className: 'run-setup' });
  setup.textContent = ` ${c.dataset}, ${c.layers}×${c.neurons}, drop p = ${c.dropout}, ${c.epochs} epochs, seed ${c.seed}`;
  const numbers = Object.assign(document.createElement('span'), { className: 'run-results' });
  numbers.textContent = results(entry).join(' · ');
  li.append(title, setup);
  if (entry.record) {
    const time = Object.assign(document.createElement('time'), { className: 'run-when' });
    time.dateTime = entry.record.created_at;
    time.textContent = ` · recorded ${recordedWhen(entry.record.created_at)}`;
    li.append(time);
  }
  li.append(document.createElement('br'), numbers, ' ', status(entry));
  if (entry.current)
    li.append(
      ' ',
      Object.assign(document.createElement('span'), { className: 'current-tag', textContent: 'current' }),
    );
  const controls = Object.assign(document.createElement('div'), { className: 'run-controls' });
  if (kept && entry.record && !entry.current) {
    const open = Object.assign(document.createElement('a'), {
      className: 'open-run',
      href: `/runs/${entry.key}`,
    });
    open.textContent = `Open #${entry.number}`;
    controls.append(open);
  }
  if (!entry.current && (entry.run || entry.record)) {
    const label = Object.assign(document.createElement('label'), { className: 'show-beside' });
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', checked: entry.shown });
    box.addEventListener('change', () => act.toggle(entry.key, box.checked));
    label.append(box, ` show #${entry.number}'s validation curves on the chart`);
    controls.append(label);
  }
  if (kept && entry.record)
    controls.append(...(entry.renaming ? renameForm(entry, act) : buttons(entry, act)));
  if (controls.childElementCount) li.append(controls);
  return li;
}

/** @param {Entry} entry @param {EntryActions} act */
function buttons(entry, act) {
  const rename = Object.assign(document.createElement('button'), {
    type: 'button',
    className: 'small rename-run',
  });
  rename.textContent = 'Rename';
  rename.setAttribute('aria-label', `Rename run #${entry.number}`);
  rename.addEventListener('click', () => act.startRename(entry.key));
  const remove = Object.assign(document.createElement('button'), {
    type: 'button',
    className: 'small delete-run',
  });
  remove.textContent = 'Delete';
  remove.setAttribute('aria-label', `Delete run #${entry.number}`);
  remove.addEventListener('click', () => act.remove(entry.key));
  return [rename, remove];
}

/** @param {Entry} entry @param {EntryActions} act */
function renameForm(entry, act) {
  const form = Object.assign(document.createElement('form'), { className: 'rename-form' });
  const label = Object.assign(document.createElement('label'), {
    textContent: `Name of run #${entry.number} `,
  });
  const input = Object.assign(document.createElement('input'), {
    type: 'text',
    maxLength: 120,
    value: entry.record?.name || entry.label,
    className: 'rename-input',
  });
  label.append(input);
  const save = Object.assign(document.createElement('button'), {
    type: 'submit',
    className: 'small',
    textContent: 'Save',
  });
  const cancel = Object.assign(document.createElement('button'), {
    type: 'button',
    className: 'small',
    textContent: 'Cancel',
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act.rename(entry.key, input.value);
  });
  cancel.addEventListener('click', () => act.rename(entry.key, null));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') act.rename(entry.key, null);
  });
  form.append(label, save, cancel);
  queueMicrotask(() => {
    input.focus();
    input.select();
  });
  return [form];
}
