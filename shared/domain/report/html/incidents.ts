import { failurePhrase, forHowLong, plural } from '../text.js';
import type { ClusterReport, IncidentSummary } from '../types.js';
import { esc } from './escape.js';
import { statusBadge, statusClass } from './status.js';
import { timeTag } from './time.js';

interface Located {
  cluster: string;
  service?: string;
  incident: IncidentSummary;
}

interface Moment {
  at: string;
  text: string;
}

// The latest failures listed one by one; older ones are counted.
const FAILURES_LISTED = 8;
const STRIP_WIDTH = 480;

function collect(clusters: ClusterReport[]): Located[] {
  return clusters.flatMap((cluster) => [
    ...cluster.services.flatMap((service) =>
      service.openIncidents.map((incident) => ({ cluster: cluster.name, service: service.name, incident })),
    ),
    ...cluster.openIncidents.map((incident) => ({ cluster: cluster.name, incident })),
  ]);
}

function moments(incident: IncidentSummary): { listed: Moment[]; hidden: number } {
  const failures = incident.recentFailures ?? [];
  const hidden = Math.max(0, failures.length - FAILURES_LISTED);
  const listed: Moment[] = [
    { at: incident.openedAt, text: `Opened: ${esc(incident.category, 40)}, ${esc(incident.severity, 20)}` },
    ...failures.slice(hidden).map((at) => ({ at, text: 'Task failure' })),
  ];
  if (incident.escalatedAt) listed.push({ at: incident.escalatedAt, text: 'Escalated to critical' });
  if (incident.lastAlertAt) {
    const what = incident.lastTransition ? ` (${esc(incident.lastTransition, 20)})` : '';
    listed.push({ at: incident.lastAlertAt, text: `Last alert sent${what}` });
  }
  if (incident.lastEventAt && !failures.includes(incident.lastEventAt)) {
    listed.push({ at: incident.lastEventAt, text: 'Last event' });
  }
  listed.sort((a, b) => (Date.parse(a.at) || 0) - (Date.parse(b.at) || 0));
  return { listed, hidden };
}

/** Failures as ticks between the opening and the report time, so bursts and quiet spells show at a glance. */
function strip(incident: IncidentSummary, nowIso: string): string {
  const from = Date.parse(incident.openedAt);
  const to = Date.parse(nowIso);
  if (!(to > from)) return '';
  const x = (iso: string) => (((Date.parse(iso) - from) / (to - from)) * (STRIP_WIDTH - 4) + 2).toFixed(1);
  const ticks = (incident.recentFailures ?? [])
    .filter((at) => Date.parse(at) >= from && Date.parse(at) <= to)
    .map((at) => `<rect x="${x(at)}" y="3" width="2" height="12"/>`)
    .join('');
  const label = `${plural(incident.recentFailures?.length ?? 0, 'recent failure')} over the ${forHowLong(to - from)} since it opened`;
  return (
    `<svg class="strip" viewBox="0 0 ${STRIP_WIDTH} 18" preserveAspectRatio="none" role="img" aria-label="${label}">` +
    `<title>${label}</title><line x1="0" y1="9" x2="${STRIP_WIDTH}" y2="9"/>${ticks}</svg>`
  );
}

function incidentBlock({ cluster, service, incident }: Located, nowIso: string): string {
  const status = incident.severity === 'critical' ? 'CRITICAL' : 'DEGRADED';
  const where = service === undefined ? esc(cluster, 120) : `${esc(cluster, 120)} / ${esc(service, 120)}`;
  const subject = service === undefined ? `<p class="muted">${esc(incident.key, 300)}</p>` : '';
  const { listed, hidden } = moments(incident);
  const items = listed.map((m) => `<li>${timeTag(m.at)}: ${m.text}</li>`).join('');
  const earlier = hidden > 0 ? `<p class="muted">${plural(hidden, 'earlier failure')} not listed.</p>` : '';
  const notes = (incident.notes ?? []).map((note) => `<li>${esc(note)}</li>`).join('');
  return (
    `<article class="incident ${statusClass(status)}"><h3><span class="name">${where}</span>${statusBadge(status)}</h3>${subject}` +
    `<p>${plural(incident.totalFailures, 'failure')}, latest ${failurePhrase(incident.category, 1).replace(/^1 /, '')}, since ${timeTag(incident.openedAt)}` +
    ` (open for ${forHowLong(Date.parse(nowIso) - Date.parse(incident.openedAt))})</p>` +
    `${strip(incident, nowIso)}<ol>${items}</ol>${earlier}${notes ? `<ul class="reasons">${notes}</ul>` : ''}</article>`
  );
}

/**
 * Open incidents with their timelines, critical first. The report has them only when it read the state
 * table (the Lambda always does; the CLI when LOOKOUT_STATE_TABLE is set), so an empty list says that.
 */
export function renderIncidents(clusters: ClusterReport[], nowIso: string): string {
  const all = collect(clusters).sort(
    (a, b) =>
      Number(b.incident.severity === 'critical') - Number(a.incident.severity === 'critical') ||
      a.incident.openedAt.localeCompare(b.incident.openedAt),
  );
  if (all.length === 0) {
    return '<p>No open incidents in this report. Incidents come from the state table: the health-report function always reads it, the CLI when LOOKOUT_STATE_TABLE is set.</p>';
  }
  return all.map((item) => incidentBlock(item, nowIso)).join('');
}
