// @ts-check
/**
 * Inputs for one insight's parameters, built from the /api/insights schema (label, help, allowed).
 * A refused value is marked on its field, with the server's message beside it.
 */

/**
 * @param {HTMLElement} el
 * @param {string} insight
 * @param {{name: string, type: string, item_type?: string, default: any, label: string, help: string, allowed: string}[]} specs
 * @returns {{read: () => Record<string, any>, showErrors: (errors: {field: string, message: string}[]) => void}}
 */
export function createParamForm(el, insight, specs) {
  /** @type {Record<string, HTMLInputElement>} */ const inputs = {};
  /** @type {Record<string, HTMLElement>} */ const messages = {};
  for (const spec of specs) {
    const id = `${insight}-${spec.name}`;
    const row = document.createElement('div');
    row.className = 'param';
    row.dataset.param = spec.name;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = spec.label;
    const input = document.createElement('input');
    input.id = id;
    input.name = spec.name;
    if (spec.type === 'boolean') {
      input.type = 'checkbox';
      input.checked = Boolean(spec.default);
    } else {
      input.type = spec.type === 'list' ? 'text' : 'number';
      input.value = spec.type === 'list' ? spec.default.join(', ') : String(spec.default);
      if (spec.type === 'number') input.step = 'any';
    }
    const help = document.createElement('small');
    help.id = `${id}-help`;
    help.textContent = `${spec.help} Allowed: ${spec.allowed}.`;
    const error = document.createElement('small');
    error.className = 'param-error';
    error.id = `${id}-error`;
    error.hidden = true;
    input.setAttribute('aria-describedby', `${help.id} ${error.id}`);
    row.append(label, input, help, error);
    el.append(row);
    inputs[spec.name] = input;
    messages[spec.name] = error;
  }
  return {
    read() {
      /** @type {Record<string, any>} */ const values = {};
      for (const spec of specs) {
        const input = inputs[spec.name];
        if (spec.type === 'boolean') values[spec.name] = input.checked;
        else if (spec.type === 'list') {
          values[spec.name] = input.value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
            .map(Number);
        } else values[spec.name] = Number(input.value);
      }
      return values;
    },
    showErrors(errors) {
      for (const row of el.querySelectorAll('.param')) row.classList.remove('invalid');
      for (const [name, message] of Object.entries(messages)) {
        message.hidden = true;
        message.textContent = '';
        inputs[name].removeAttribute('aria-invalid');
      }
      for (const error of errors) {
        if (!(error.field in inputs)) continue;
        el.querySelector(`.param[data-param="${error.field}"]`)?.classList.add('invalid');
        messages[error.field].textContent = error.message;
        messages[error.field].hidden = false;
        inputs[error.field].setAttribute('aria-invalid', 'true');
      }
    },
  };
}
