// @ts-check
/**
 * The controls, generated from the knob specs of GET /api/config (never declared by hand here):
 * basic knobs as sliders / option buttons, advanced ones as number fields. Every control shows its
 * label, current value and allowed range.
 */

/**
 * @typedef {{name: string, type: string, default: any, label: string, help: string, group: string,
 *   choices?: string[], minimum?: number, maximum?: number, exclusiveMinimum?: number,
 *   exclusiveMaximum?: number, allowed: string}} Knob
 */

/** @param {Knob} knob */
function bounds(knob) {
  return {
    low: knob.minimum ?? knob.exclusiveMinimum,
    high: knob.maximum ?? knob.exclusiveMaximum,
  };
}

/**
 * The allowed values in words: the engine's own wording (`allowed`, from /api/config).
 * @param {Knob} knob
 */
export function describeRange(knob) {
  return knob.allowed;
}

/**
 * Check one value against its knob; null when valid, else a message naming the range.
 * @param {Knob} knob
 * @param {any} value
 */
export function checkValue(knob, value) {
  if (knob.choices) return knob.choices.includes(value) ? null : `must be ${describeRange(knob)}`;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (knob.type !== 'integer' || Number.isInteger(value)) &&
    (knob.minimum === undefined || value >= knob.minimum) &&
    (knob.maximum === undefined || value <= knob.maximum) &&
    (knob.exclusiveMinimum === undefined || value > knob.exclusiveMinimum) &&
    (knob.exclusiveMaximum === undefined || value < knob.exclusiveMaximum);
  return ok ? null : `must be ${describeRange(knob)} (got ${Number.isNaN(value) ? 'nothing' : value})`;
}

/**
 * Text of a value next to its label. The drop probability reads as a share of the neurons.
 * @param {Knob} knob
 * @param {any} value
 */
export function formatValue(knob, value) {
  if (typeof value !== 'number' || Number.isNaN(value)) return String(value);
  if (knob.name === 'dropout') {
    const pct = Math.round(value * 100);
    if (pct === 0) return '0% (no dropout)';
    if (pct === 50) return '50% (half of the neurons)';
    return `${pct}% of the neurons`;
  }
  if (knob.type === 'integer') return String(value);
  return String(Number(value.toPrecision(3)));
}

/** @param {Knob} knob */
function sliderStep(knob) {
  if (knob.type === 'integer') return 1;
  const { low, high } = bounds(knob);
  return 10 ** Math.floor(Math.log10(((high ?? 1) - (low ?? 0)) / 20));
}

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
    const output = el('output', { for: id, class: 'knob-value', id: `${id}-value` });
    label.append(name, output);
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
      const useSlider = knob.group === 'basic';
      const input = /** @type {HTMLInputElement} */ (
        el('input', {
          id,
          name: knob.name,
          type: useSlider ? 'range' : 'number',
          min: String(low),
          max: String(high),
          step: useSlider ? String(sliderStep(knob)) : knob.type === 'integer' ? '1' : 'any',
          'aria-describedby': `${id}-help ${id}-range`,
        })
      );
      range.id = `${id}-range`;
      read = () => (input.value.trim() === '' ? NaN : Number(input.value));
      write = (v) => {
        input.value = String(v);
      };
      row.append(label, input, range, help);
    }
    (knob.group === 'basic' ? containers.basic : containers.advanced).append(row);
    fields.set(knob.name, { knob, read, write, row });
  }

  function refreshOutputs() {
    for (const { knob, read, row } of fields.values()) {
      const output = row.querySelector('output');
      if (output) output.textContent = formatValue(knob, read());
    }
  }

  for (const { knob, row } of fields.values()) {
    row.addEventListener('input', () => {
      row.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
      row.classList.remove('invalid');
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
      for (const [name, { row }] of fields) {
        row.classList.toggle('invalid', bad.has(name));
        const control = row.querySelector('input:not([type=radio])');
        if (control) {
          if (bad.has(name)) control.setAttribute('aria-invalid', 'true');
          else control.removeAttribute('aria-invalid');
        }
      }
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
