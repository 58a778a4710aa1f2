/** Number formatting and escaping shared by the Markdown and HTML renderers. */

/** Fixed decimals, or an en dash for a missing value. */
export function formatNumber(value: number | undefined, decimals: number): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(decimals);
}

/** A p-value to three decimals, with tiny values as "<0.001". */
export function formatP(p: number | undefined): string {
  if (p === undefined || Number.isNaN(p)) return '–';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Text safe inside a Markdown table cell: pipes and emphasis characters escaped, no line breaks. */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/([\\|*_`<>[\]])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** A Markdown table from a header and rows of already-formatted cells. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('left' | 'right')[]): string {
  const rule = header.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
