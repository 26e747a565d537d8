import type { InstanceSnapshot, ResourceUnits } from './snapshot.js';
import { shortId } from './text.js';
import type { InstanceRef, InstanceSummary } from './types.js';

const REGISTERED = new Set(['ACTIVE', 'DRAINING']);

function reservedPct(units: (ResourceUnits | undefined)[]): number | null {
  let registered = 0;
  let remaining = 0;
  for (const unit of units) {
    if (!unit || unit.registered <= 0) continue;
    registered += unit.registered;
    remaining += Math.min(Math.max(unit.remaining, 0), unit.registered);
  }
  return registered > 0 ? Math.round(((registered - remaining) / registered) * 100) : null;
}

function ref(instance: InstanceSnapshot, nowMs: number): InstanceRef {
  const sinceMs = instance.disconnectedSince === undefined ? Number.NaN : Date.parse(instance.disconnectedSince);
  const disconnected = !instance.agentConnected && !Number.isNaN(sinceMs);
  return {
    arn: instance.arn,
    id: shortId(instance.arn),
    ec2InstanceId: instance.ec2InstanceId,
    disconnectedSince: disconnected ? instance.disconnectedSince : undefined,
    disconnectedForMs: disconnected ? Math.max(0, nowMs - sinceMs) : undefined,
  };
}

/**
 * Counts a cluster's container instances. Registered means ACTIVE or DRAINING (REGISTERING and
 * INACTIVE ones run nothing); reservation is measured on ACTIVE instances, where new tasks can land.
 */
export function summarizeInstances(instances: InstanceSnapshot[], nowMs: number): InstanceSummary {
  const registered = instances.filter((instance) => REGISTERED.has(instance.status));
  const disconnected = registered.filter((instance) => !instance.agentConnected);
  const draining = registered.filter((instance) => instance.status === 'DRAINING');
  const active = registered.filter((instance) => instance.status === 'ACTIVE');
  return {
    registered: registered.length,
    connected: registered.length - disconnected.length,
    disconnected: disconnected.length,
    draining: draining.length,
    cpuReservedPct: reservedPct(active.map((instance) => instance.cpu)),
    memoryReservedPct: reservedPct(active.map((instance) => instance.memory)),
    disconnectedInstances: disconnected.map((instance) => ref(instance, nowMs)),
    drainingInstances: draining.map((instance) => ref(instance, nowMs)),
  };
}
