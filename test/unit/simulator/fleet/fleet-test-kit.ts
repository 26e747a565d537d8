import { createFleet, type Fleet } from '../../../../shared/simulator/fleet/index.js';
import {
  type ClusterSpec,
  type EcsEnvelope,
  type FleetAction,
  type FleetSpec,
  SIM_EPOCH,
} from '../../../../shared/simulator/types.js';

/** Minutes after the scenario start, as epoch ms. */
export const at = (minutes: number) => SIM_EPOCH + minutes * 60_000;

/** A one-cluster fleet named `prod` with the given services/jobs and instances. */
export function oneCluster(cluster: Partial<ClusterSpec>, churn?: FleetSpec['churn']): FleetSpec {
  return {
    clusters: [{ name: 'prod', instances: 0, services: [], ...cluster }],
    ...(churn ? { churn } : {}),
  };
}

/** A fleet at SIM_EPOCH with seed 1 (or the given one). */
export function fleetOf(spec: FleetSpec, actions: FleetAction[] = [], seed = 1): Fleet {
  return createFleet(spec, actions, { seed, epoch: SIM_EPOCH });
}

/** The detail of an envelope, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary detail fields.
export const detail = (e: EcsEnvelope) => e.detail as any;

/** Task events grouped by task ARN, in emission order. */
export function taskEvents(events: EcsEnvelope[]): Map<string, EcsEnvelope[]> {
  const byTask = new Map<string, EcsEnvelope[]>();
  for (const e of events) {
    if (e['detail-type'] !== 'ECS Task State Change') continue;
    const list = byTask.get(detail(e).taskArn) ?? [];
    list.push(e);
    byTask.set(detail(e).taskArn, list);
  }
  return byTask;
}

/** "version:last/desired" of each event of a task. */
export function versionPath(events: EcsEnvelope[]): string[] {
  return events.map((e) => `${detail(e).version}:${detail(e).lastStatus}/${detail(e).desiredStatus}`);
}
