// @ts-check
/** The table of recommended settings per pattern; each row has a button that loads it. */

const COLUMNS = ['pattern', 'difficulty', 'layers', 'neurons', 'dropout', 'epochs', 'notes'];

/**
 * @param {HTMLTableSectionElement} tbody
 * @param {Record<string, string>[]} rows
 * @param {(preset: string) => void} onPick
 */
export function createPatternTable(tbody, rows, onPick) {
  for (const row of rows) {
    const tr = document.createElement('tr');
    tr.dataset.preset = row.preset;
    for (const key of COLUMNS) {
      const cell = document.createElement(key === 'pattern' ? 'th' : 'td');
      if (key === 'pattern') cell.setAttribute('scope', 'row');
      cell.textContent = row[key];
      tr.append(cell);
    }
    const td = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'small';
    button.textContent = 'Load';
    button.setAttribute('aria-label', `Load the ${row.pattern} settings`);
    td.append(button);
    tr.append(td);
    // The whole row is clickable for the mouse; the button is the keyboard path.
    tr.addEventListener('click', () => {
      for (const other of tbody.querySelectorAll('tr')) other.classList.toggle('loaded', other === tr);
      onPick(row.preset);
    });
    tbody.append(tr);
  }
}
