/** `1 service`, `2 services`, `0 services`; the plural defaults to the singular plus "s". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}
