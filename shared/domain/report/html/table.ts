/** A table cell labelled for the phone layout; one wrapper so the label and the content are two grid items. */
export function cell(label: string, content: string): string {
  return `<td data-label="${label}"><div>${content}</div></td>`;
}

/** A table with a header row of column names (scoped for screen readers). */
export function table(columns: string[], rows: string[]): string {
  const head = columns.map((column) => `<th scope="col">${column}</th>`).join('');
  return `<table class="table"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
