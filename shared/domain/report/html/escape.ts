import { cleanText } from '../text.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Untrusted text (cluster, service and event names, reasons) for HTML text or a quoted attribute:
 * cleaned to one line and cut to `max` first, then the five significant characters as entities.
 */
export function esc(text: string, max = 300): string {
  return cleanText(text, max).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
