import { describe, expect, it } from 'vitest';
import { buildHealthReport } from '../../../../shared/domain/report/build-report.js';
import { findCheckFindings } from '../../../../shared/domain/report/check-findings.js';
import type { ClusterSnapshot } from '../../../../shared/domain/report/snapshot.js';
import { cluster, deployment, instance, minutesAgo, NOW, POLICY, service } from '../../../fixtures/report/fleet.js';

const findings = (clusters: ClusterSnapshot[]) =>
  findCheckFindings(buildHealthReport({ clusters }, { now: NOW, windowMs: 3_600_000, incidents: [], policy: POLICY }));
const below = (running: number, minutes: number) =>
  service({
    running,
    events: [
      { at: minutesAgo(minutes), message: 'started' },
      { at: minutesAgo(minutes + 60), message: 'has reached a steady state' },
    ],
  });

describe('Function: findCheckFindings', () => {
  it.each([
    // stuck at zero: critical start-impaired
    {
      name: 'zero running for 37 min',
      snapshot: cluster({ services: [below(0, 37)] }),
      expected: [['stuck-service', 'start-impaired', 'critical']],
    },
    // partly running past the threshold: warning
    {
      name: 'one of two for 20 min',
      snapshot: cluster({ services: [below(1, 20)] }),
      expected: [['stuck-service', 'start-impaired', 'warning']],
    },
    // below desired but not yet for 15 min: nothing
    { name: 'below for 5 min', snapshot: cluster({ services: [below(0, 5)] }), expected: [] },
    {
      name: 'deployment in progress for 90 min',
      snapshot: cluster({
        services: [service({ deployments: [deployment({ rolloutState: 'IN_PROGRESS', createdAt: minutesAgo(90) })] })],
      }),
      expected: [['stuck-deployment', 'start-impaired', 'warning']],
    },
    // disconnected agents go to the pipeline, whose grace period decides
    {
      name: 'disconnected agent',
      snapshot: cluster({ instances: [instance({ agentConnected: false })] }),
      expected: [['instance-disconnected', 'instance-disconnected', 'info']],
    },
    // no finding from a cluster nobody could read
    {
      name: 'unreadable cluster',
      snapshot: cluster({ services: [below(0, 60)], error: 'AccessDenied' }),
      expected: [],
    },
  ])('$name', ({ snapshot, expected }) => {
    expect(findings([snapshot]).map((f) => [f.kind, f.verdict.category, f.verdict.severity])).toEqual(expected);
  });

  it('writes the summary, facts and a per-check dedup key for a stuck service', () => {
    const [finding] = findings([cluster({ services: [below(0, 37)] })]);
    expect(finding?.verdict.summary).toBe(
      'Service api in prod has run 0 of 2 tasks for 37 min; no ECS event announced it.',
    );
    expect(finding?.verdict.alert).toBe(true);
    expect(finding?.verdict.facts).toMatchObject({
      account: '123456789012',
      region: 'eu-west-1',
      time: NOW,
      cluster: 'prod',
      service: 'api',
      serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/api',
    });
    expect(finding?.dedupKey).toBe(`check#prod/api#stuck-service#${NOW}`);
  });

  it('names the container instance for a disconnected agent', () => {
    const [finding] = findings([
      cluster({ instances: [instance({ agentConnected: false, disconnectedSince: minutesAgo(12) })] }),
    ]);
    expect(finding?.verdict.facts).toMatchObject({
      containerInstanceArn: 'arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/0a1b2c3d',
      ec2InstanceId: 'i-0a1b2c3d',
      cluster: 'prod',
    });
    expect(finding?.verdict.summary).toContain('i-0a1b2c3d in cluster prod is disconnected for 12 min');
    expect(finding?.dedupKey).toBe(`check#prod/0a1b2c3d#instance-disconnected#${NOW}`);
  });
});

describe('Function: findCheckFindings across accounts', () => {
  it('names the cluster in the facts as its events do, with the account and Region of its row', () => {
    const rows = [
      { ...cluster({ services: [below(0, 37)] }), account: '111111111111', region: 'us-east-1', arn: undefined },
      { ...cluster({ services: [below(0, 37)] }), account: '222222222222', region: 'eu-west-1', arn: undefined },
    ];
    const found = findings(rows);
    expect(found.map((f) => [f.verdict.facts.account, f.verdict.facts.region, f.verdict.facts.cluster])).toEqual([
      ['111111111111', 'us-east-1', 'prod'],
      ['222222222222', 'eu-west-1', 'prod'],
    ]);
    // Each account's sighting is its own: the dedup keys differ.
    expect(new Set(found.map((f) => f.dedupKey)).size).toBe(2);
  });
});
