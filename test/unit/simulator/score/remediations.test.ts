import { describe, expect, it } from 'vitest';
import { clientTokenFor } from '../../../../shared/domain/remediation/run-task-request.js';
import type { FleetHistoryEntry } from '../../../../shared/simulator/fleet/index.js';
import { scoreRemediations } from '../../../../shared/simulator/score/index.js';
import { NO_WRONG_REMEDIATIONS } from '../../../../shared/simulator/score/remediations.js';
import type { ApiCall, ExpectedRemediation } from '../../../../shared/simulator/types.js';

const TASK = (id: string) => `arn:aws:ecs:eu-west-1:111122223333:task/batch/${id}`;
const INSTANCE = (id: string) => `arn:aws:ecs:eu-west-1:111122223333:container-instance/prod/${id}`;
const DEF = 'arn:aws:ecs:eu-west-1:111122223333:task-definition/nightly-etl:7';

function stopped(id: string, stopCause: string, exitCode?: number): FleetHistoryEntry {
  return {
    kind: 'task-stopped',
    at: 0,
    cluster: 'batch',
    taskArn: TASK(id),
    family: 'nightly-etl',
    startedByMonitor: false,
    stopCause,
    ...(exitCode === undefined ? {} : { exitCode }),
  } as FleetHistoryEntry;
}

/** A RunTask replacing task `id`; `started` 0 is an idempotent repeat. */
function runTask(id: string, started = 1, extra: Partial<ApiCall> = {}, tags?: Record<string, string>): ApiCall {
  return {
    at: 0,
    command: 'RunTask',
    input: {
      cluster: 'batch',
      taskDefinition: DEF,
      clientToken: clientTokenFor(TASK(id)),
      ...(tags ? { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) } : {}),
    },
    started: Array.from({ length: started }, (_, i) => TASK(`new-${id}-${i}`)),
    ...extra,
  };
}

function started(id: string, instance: number): FleetHistoryEntry {
  return {
    kind: 'task-started',
    at: 0,
    cluster: 'batch',
    taskArn: TASK(id),
    family: 'nightly-etl',
    group: 'family:nightly-etl',
    startedByMonitor: false,
    launchType: 'EC2',
    instance,
  };
}

function instanceChange(at: number, change: 'host-lost' | 'host-back'): FleetHistoryEntry {
  return {
    kind: 'instance',
    at,
    cluster: 'batch',
    instance: 1,
    containerInstanceArn: INSTANCE('i1'),
    ec2InstanceId: 'i-1',
    change,
    by: 'scenario',
  };
}

const drain = (id: string, error?: string): ApiCall => ({
  at: 0,
  command: 'UpdateContainerInstancesState',
  input: { cluster: 'prod', containerInstances: [INSTANCE(id)], status: 'DRAINING' },
  ...(error ? { error } : {}),
});

const ZERO = { ...NO_WRONG_REMEDIATIONS };
const instanceArns = { prod: [INSTANCE('i0'), INSTANCE('i1')] };

describe('Function: scoreRemediations', () => {
  it.each<[string, ApiCall[], FleetHistoryEntry[], ExpectedRemediation[], Partial<typeof ZERO>]>([
    [
      'a Spot replacement, expected',
      [runTask('a')],
      [stopped('a', 'spot')],
      [{ action: 'run-task', cluster: 'batch', family: 'nightly-etl' }],
      {},
    ],
    [
      'an idempotent repeat is not a duplicate',
      [runTask('a'), runTask('a', 0)],
      [stopped('a', 'spot')],
      [{ action: 'run-task', cluster: 'batch', family: 'nightly-etl' }],
      {},
    ],
    [
      'a second start for one failure is a duplicate',
      [runTask('a'), runTask('a')],
      [stopped('a', 'spot')],
      [{ action: 'run-task', cluster: 'batch', family: 'nightly-etl' }],
      { duplicates: 1 },
    ],
    [
      'a failed RunTask starts nothing',
      [runTask('a', 0, { error: 'AccessDeniedException' })],
      [stopped('a', 'spot')],
      [],
      {},
    ],
    ['replacing an OOM', [runTask('a')], [stopped('a', 'oom')], [], { deterministicReplaced: 1 }],
    ['replacing an image pull failure', [runTask('a')], [stopped('a', 'image-pull')], [], { deterministicReplaced: 1 }],
    ['replacing a start failure', [runTask('a')], [stopped('a', 'start-failure')], [], { deterministicReplaced: 1 }],
    ['rerunning a finished job', [runTask('a')], [stopped('a', 'job-success', 0)], [], { successesRerun: 1 }],
    [
      'rerunning a task whose essential container exited 0',
      [runTask('a')],
      [stopped('a', 'host-terminated', 0)],
      [],
      { successesRerun: 1 },
    ],
    ['a start that replaces no stopped task', [runTask('ghost')], [stopped('a', 'spot')], [], { unexplained: 1 }],
    [
      'replacing a task stranded on a lost instance before ECS stops it',
      [runTask('a', 1, { at: 20 })],
      [started('a', 1), instanceChange(10, 'host-lost')],
      [{ action: 'run-task', cluster: 'batch', family: 'nightly-etl' }],
      {},
    ],
    [
      'replacing a running task whose instance came back',
      [runTask('a', 1, { at: 20 })],
      [started('a', 1), instanceChange(10, 'host-lost'), instanceChange(15, 'host-back')],
      [],
      { unexplained: 1 },
    ],
    ['replacing a healthy running task', [runTask('a')], [started('a', 1)], [], { unexplained: 1 }],
    [
      'an expected replacement not done',
      [],
      [stopped('a', 'spot')],
      [{ action: 'run-task', cluster: 'batch', count: 2 }],
      { expectedMissing: 2 },
    ],
    [
      'an expected replacement without the required tags',
      [runTask('a', 1, {}, { team: 'data' })],
      [stopped('a', 'spot')],
      [{ action: 'run-task', cluster: 'batch', tags: { 'ecs-lookout:replace': 'true' } }],
      { expectedMissing: 1 },
    ],
    [
      'an expected replacement with the required tags',
      [runTask('a', 1, {}, { 'ecs-lookout:replace': 'true', team: 'data' })],
      [stopped('a', 'spot')],
      [{ action: 'run-task', cluster: 'batch', tags: { 'ecs-lookout:replace': 'true' } }],
      {},
    ],
    ['a drain, expected', [drain('i1')], [], [{ action: 'drain-instance', cluster: 'prod', instance: 1 }], {}],
    [
      'a drain of the wrong instance',
      [drain('i0')],
      [],
      [{ action: 'drain-instance', cluster: 'prod', instance: 1 }],
      { expectedMissing: 1, unexpected: 1 },
    ],
    [
      'a drain that failed, then one that worked',
      [drain('i1', 'Error'), drain('i1')],
      [],
      [{ action: 'drain-instance', cluster: 'prod', instance: 1 }],
      {},
    ],
    ['two drains of one instance', [drain('i1'), drain('i1')], [], [], { duplicates: 1, unexpected: 1 }],
    // the truth is exact: more replacements of a family than expected are wrong even when the expected ones happened
    [
      'a replacement past the expected count',
      [runTask('a'), runTask('b')],
      [stopped('a', 'spot'), stopped('b', 'spot')],
      [{ action: 'run-task', cluster: 'batch', family: 'nightly-etl' }],
      { unexpected: 1 },
    ],
    [
      'draining a healthy instance beside the lost one',
      [drain('i1'), drain('i0')],
      [],
      [{ action: 'drain-instance', cluster: 'prod', instance: 1 }],
      { unexpected: 1 },
    ],
  ])('%s', (_name, calls, history, expected, wrong) => {
    expect(scoreRemediations({ calls, history, expected, instanceArns })).toEqual({ ...ZERO, ...wrong });
  });
});
