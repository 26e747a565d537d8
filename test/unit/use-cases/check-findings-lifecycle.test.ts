import { describe, expect, it } from 'vitest';
import { buildHealthReport } from '../../../shared/domain/report/build-report.js';
import { type CheckFinding, findCheckFindings } from '../../../shared/domain/report/check-findings.js';
import { handleVerdict } from '../../../shared/use-cases/handle-event.js';
import { runSweep } from '../../../shared/use-cases/sweep.js';
import { cluster, instance, minutesAgo, NOW, POLICY, service } from '../../fixtures/report/fleet.js';
import { testDeps } from '../../helpers/pipeline.js';

const stuck = service({
  running: 0,
  events: [
    { at: minutesAgo(37), message: 'started' },
    { at: minutesAgo(97), message: 'has reached a steady state' },
  ],
});

/** The findings of a check at `minute` after the first one, as the health-report function produces them. */
function findingsAt(snapshot: ReturnType<typeof cluster>, minute: number): CheckFinding[] {
  const now = new Date(Date.parse(NOW) + minute * 60_000).toISOString();
  const report = buildHealthReport(
    { clusters: [snapshot] },
    { now, windowMs: 3_600_000, incidents: [], policy: POLICY },
  );
  return findCheckFindings(report);
}

/** Checks every 5 min while the problem lasts, sweeps every minute; the transitions Slack got. */
async function run(snapshot: ReturnType<typeof cluster>, lastsMinutes: number, totalMinutes: number) {
  const { deps, slack } = testDeps();
  for (let minute = 0; minute <= totalMinutes; minute++) {
    const at = new Date(Date.parse(NOW) + minute * 60_000).toISOString();
    deps.clock = () => new Date(at);
    if (minute % 5 === 0 && minute <= lastsMinutes) {
      for (const finding of findingsAt(snapshot, minute)) {
        const input = { input: finding.dedupKey, detailType: 'ecs-lookout check', dedupKey: finding.dedupKey };
        await handleVerdict(deps, finding.verdict, input);
      }
    }
    await runSweep(deps, at);
  }
  return { transitions: slack.captured.map((c) => c.alert.transition), open: await deps.store.listOpenIncidents() };
}

describe('Function: health-check findings over time', () => {
  it.each([
    // stuck for 2 h 30: one incident, open throughout (hourly reminders), resolved 30 min after the last sighting
    { name: 'stuck service', hours: 2.5, expected: ['opened', 'repeated', 'repeated', 'resolved'], open: 0 },
    // still stuck at the end: never resolved in between
    { name: 'stuck service, still stuck', hours: 3, expected: ['opened', 'repeated', 'repeated', 'repeated'], open: 1 },
  ])('$name → $expected', async ({ hours, expected, open }) => {
    const lasts = hours * 60;
    const outcome = await run(cluster({ services: [stuck] }), lasts, hours === 3 ? lasts : lasts + 40);
    expect(outcome.transitions).toEqual(expected);
    expect(outcome.open).toHaveLength(open);
  });

  it('keeps a disconnected agent found by every check as one lost instance, counted once', async () => {
    const snapshot = cluster({ instances: [instance({ agentConnected: false, disconnectedSince: minutesAgo(12) })] });
    const outcome = await run(snapshot, 150, 150);
    // one reminder: a host that stays dead is no news after that (the health report keeps listing it)
    expect(outcome.transitions).toEqual(['opened', 'repeated']);
    expect(outcome.open).toHaveLength(1);
    expect(outcome.open[0]?.totalFailures).toBe(1);
  });
});
