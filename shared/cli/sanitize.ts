// C0 controls except tab and newline, DEL, and C1 controls (U+0080–U+009F, which include the 8-bit CSI that
// some terminals obey like ESC [). Removing ESC alone is not enough: a bare CR rewrites the line, BS erases.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text that came from input or AWS, made safe for a terminal: control characters removed, newline and tab kept. */
export function sanitizeText(text: string): string {
  return text.replace(CONTROL, '');
}
