// @ts-check
/** The scenario buttons: one click loads a preset's configuration and says what to look for. */

/**
 * @param {HTMLElement} el
 * @param {{name: string, title: string, expect: string}[]} presets
 * @param {(name: string) => void} onPick
 */
export function createScenarioBar(el, presets, onPick) {
  const buttons = presets.map((preset) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'scenario';
    button.dataset.preset = preset.name;
    button.textContent = preset.title;
    button.title = preset.expect;
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => onPick(preset.name));
    el.append(button);
    return button;
  });
  return {
    /** Mark the scenario whose settings are loaded (or none). @param {string | null} name */
    setActive(name) {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.preset === name));
    },
  };
}
