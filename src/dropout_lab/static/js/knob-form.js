// @ts-check
/**
 * The controls, generated from the knob specs of GET /api/config (never declared by hand here):
 * basic knobs as a slider with a number box for the exact value (or option buttons), advanced ones as
 * number fields. Every control has a visible label; its allowed range shows when a value breaks it.
 */

import { bounds, checkValue, describeRange, formatValue, sliderStep } from './knob-values.js';

/** @typedef {import('./knob-values.js').Knob} Knob */

/**
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {string} [text]
 */
function el(tag, attrs = {}, text = '') {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

/**
 * Show a field as invalid (or not), for eyes and screen readers.
 * @param {HTMLElement} row
 * @param {boolean} invalid
 */
function markRow(row, invalid) {
  row.classList.toggle('invalid', invalid);
  for (const control of row.querySelectorAll('input:not([type=radio])')) {
    if (invalid) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
}

/**
 * Build the form fields.
 * @param {{basic: HTMLElement, advanced: HTMLElement}} containers
 * @param {Knob[]} knobs
 * @param {(values: Record<string, any>) => void} onChange called after any user edit
 */
export function createKnobForm(containers, knobs, onChange) {
  /** @type {Map<string, {knob: Knob, read: () => any, write: (v: any) => void, row: HTMLElement}>} */
  const fields = new Map();

  for (const knob of knobs) {
    const id = `knob-${knob.name}`;
    const row = el('div', { class: 'knob', 'data-knob': knob.name });
    const label = el('label', { for: id, id: `${id}-label` });
    const name = el('span', { class: 'knob-name' }, knob.label);
    label.append(name);
    if (knob.name === 'dropout') {
      // the number box shows the value; words are added where the number alone does not say it
      label.append(el('output', { for: id, class: 'knob-value', id: `${id}-value` }));
    }
    const range = el('small', { class: 'knob-range' }, `Allowed: ${describeRange(knob)}.`);
    const help = el('small', { class: 'knob-help', id: `${id}-help` }, knob.help);
    /** @type {() => any} */ let read;
    /** @type {(v: any) => void} */ let write;

    if (knob.choices) {
      // Option buttons: a radio group, arrow keys move between choices.
      const group = el('div', {
        class: 'choices',
        role: 'radiogroup',
        'aria-labelledby': `${id}-label`,
        id,
      });
      for (const choice of knob.choices) {
        const opt = el('label', { class: 'choice' });
        const input = /** @type {HTMLInputElement} */ (
          el('input', { type: 'radio', name: knob.name, value: choice })
        );
        opt.append(input, el('span', {}, choice));
        group.append(opt);
      }
      label.removeAttribute('for');
      read = () => /** @type {HTMLInputElement | null} */ (group.querySelector('input:checked'))?.value;
      write = (v) => {
        for (const input of group.querySelectorAll('input')) input.checked = input.value === v;
      };
      row.append(label, group, help);
    } else {
      const { low, high } = bounds(knob);
      const numeric = {
        min: String(low),
        max: String(high),
        'aria-describedby': `${id}-help ${id}-range`,
      };
      range.id = `${id}-range`;
      // The number box holds the exact value; a basic knob also gets a slider beside it.
      const box = /** @type {HTMLInputElement} */ (
        el('input', {
          ...numeric,
          name: knob.name,
          type: 'number',
          inputmode: knob.type === 'integer' ? 'numeric' : 'decimal',
          step: knob.type === 'integer' ? '1' : 'any',
          class: 'knob-box',
        })
      );
      read = () => (box.value.trim() === '' ? Number.NaN : Number(box.value));
      if (knob.group === 'basic') {
        const slider = /** @type {HTMLInputElement} */ (
          el('input', { ...numeric, id, type: 'range', step: String(sliderStep(knob)), class: 'knob-slider' })
        );
        box.id = `${id}-box`;
        box.setAttribute('aria-label', `${knob.label}, exact value`);
        slider.addEventListener('input', () => {
          box.value = slider.value;
        });
        box.addEventListener('input', () => {
          if (checkValue(knob, read()) === null) slider.value = box.value;
        });
        write = (v) => {
          box.value = String(v);
          slider.value = String(v);
        };
        const head = el('div', { class: 'knob-head' });
        head.append(label, box);
        row.append(head, slider, range, help);
      } else {
        box.id = id;
        write = (v) => {
          box.value = String(v);
        };
        row.append(label, box, range, help);
      }
    }
    (knob.group === 'basic' ? containers.basic : containers.advanced).append(row);
    fields.set(knob.name, { knob, read, write, row });
  }

  function refreshOutputs() {
    for (const { knob, read, row } of fields.values()) {
      const output = row.querySelector('output');
      if (output) output.textContent = formatValue(knob, read());
      markRow(row, checkValue(knob, read()) !== null); // every edit says at once if the value is allowed
    }
  }

  for (const { knob, row } of fields.values()) {
    row.addEventListener('input', () => {
      refreshOutputs();
      if (checkValue(knob, fields.get(knob.name)?.read()) === null) onChange(getValues());
    });
  }

  /** @returns {Record<string, any>} */
  function getValues() {
    /** @type {Record<string, any>} */ const values = {};
    for (const [name, field] of fields) values[name] = field.read();
    return values;
  }

  /** @returns {Record<string, any>} */
  function defaults() {
    /** @type {Record<string, any>} */ const values = {};
    for (const knob of knobs) values[knob.name] = knob.default;
    return values;
  }

  return {
    getValues,
    defaults,
    /** Set every knob: missing ones take their defaults. @param {Record<string, any>} values */
    setValues(values) {
      const all = { ...defaults(), ...values };
      for (const [name, field] of fields) field.write(all[name]);
      this.markErrors([]);
      refreshOutputs();
    },
    /** @returns {{field: string, message: string}[]} */
    validate() {
      const errors = [];
      for (const [name, field] of fields) {
        const message = checkValue(field.knob, field.read());
        if (message) errors.push({ field: name, message });
      }
      return errors;
    },
    /** Highlight the named fields (from local checks or the server's config_error). @param {{field: string}[]} errors */
    markErrors(errors) {
      const bad = new Set(errors.map((e) => e.field));
      for (const [name, { row }] of fields) markRow(row, bad.has(name));
      if (errors.length) {
        const first = fields.get(errors[0].field);
        if (first?.knob.group === 'advanced') {
          const details = first.row.closest('details');
          if (details) details.open = true;
        }
      }
    },
    /** @param {string} name */
    labelOf(name) {
      return fields.get(name)?.knob.label ?? name;
    },
  };
}
