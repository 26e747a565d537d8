import { formatDuration } from '../../duration.js';
import { plural } from '../text.js';
import type { FailureSeries } from '../types.js';
import { utcClock } from './time.js';

const WIDTH = 120;
const HEIGHT = 24;

function describe(series: FailureSeries): string {
  const total = series.counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return 'no task failures in the window';
  const peak = Math.max(...series.counts);
  const at = Date.parse(series.start) + series.counts.indexOf(peak) * series.bucketMs;
  return (
    `${plural(total, 'task failure')} in ${series.counts.length} buckets of ${formatDuration(series.bucketMs)}; ` +
    `most ${peak} from ${utcClock(at)} UTC`
  );
}

/**
 * Task failures over the window as inline SVG bars (one per bucket, oldest left), labelled in words for
 * screen readers and as a tooltip. No series: a flat line when there were no failures, else a dash.
 */
export function sparkline(series: FailureSeries | undefined, total: number): string {
  if (!series || series.counts.length === 0) {
    return total === 0
      ? `<svg class="spark" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="no task failures in the window"><rect x="0" y="${HEIGHT - 1}" width="${WIDTH}" height="1"/></svg>`
      : '<span class="muted">no series</span>';
  }
  const peak = Math.max(1, ...series.counts);
  const step = WIDTH / series.counts.length;
  const bars = series.counts
    .map((count, i) => {
      const height = count > 0 ? Math.max(3, Math.round((count / peak) * (HEIGHT - 2))) : 1;
      const x = (i * step).toFixed(1);
      return `<rect x="${x}" y="${HEIGHT - height}" width="${Math.max(1, step - 1).toFixed(1)}" height="${height}"/>`;
    })
    .join('');
  const label = describe(series);
  return `<svg class="spark" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${label}"><title>${label}</title>${bars}</svg>`;
}
