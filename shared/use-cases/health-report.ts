import { type AccountRegistry, metricCluster, scopesWithoutRole } from '../domain/accounts.js';
import type { Incident } from '../domain/incidents/types.js';
import { buildHealthReport } from '../domain/report/build-report.js';
import type { FleetSnapshot, HealthReportPolicy } from '../domain/report/snapshot.js';
import type { HealthReport } from '../domain/report/types.js';
import type { FailureMetricsReader, FleetProgress, FleetReader } from '../ports/fleet-reader.js';
import type { StateStore } from '../ports/state-store.js';

/** What the health report needs, injected: the Lambda wires AWS adapters, tests pass fakes. */
export interface HealthReportDeps {
  fleet: FleetReader;
  /** Absent: no failure counts (the report says so). */
  metrics?: FailureMetricsReader;
  /** Absent (CLI without a state table): no open incidents, no disconnect times from the pipeline. */
  store?: Pick<StateStore, 'listOpenIncidents' | 'getPendingDisconnect'>;
  policy: HealthReportPolicy;
  clock: () => Date;
  /** The accounts the monitor reaches: the report notes those its open incidents come from without a role. */
  accounts?: AccountRegistry;
}

/** Which part of the fleet, over which window. */
export interface HealthReportRequest {
  clusters?: string[];
  services?: string[];
  /** Only these accounts / Regions of the registry (default: all). */
  accounts?: string[];
  regions?: string[];
  windowMs: number;
}

// Disconnected instances whose start time is looked up in the state store, at most.
const MAX_DISCONNECT_LOOKUPS = 100;

async function openIncidents(deps: HealthReportDeps, notes: string[]): Promise<Incident[]> {
  if (!deps.store) return [];
  try {
    return await deps.store.listOpenIncidents();
  } catch (error) {
    notes.push(`open incidents unavailable: ${(error as Error).message}`);
    return [];
  }
}

/** Fills in when an agent went away from the pipeline's pending disconnects, where ECS did not say. */
async function addDisconnectTimes(deps: HealthReportDeps, snapshot: FleetSnapshot): Promise<void> {
  if (!deps.store) return;
  const unknown = snapshot.clusters
    .flatMap((cluster) => cluster.instances)
    .filter((instance) => !instance.agentConnected && instance.disconnectedSince === undefined)
    .slice(0, MAX_DISCONNECT_LOOKUPS);
  await Promise.all(
    unknown.map(async (instance) => {
      const pending = await deps.store?.getPendingDisconnect(instance.arn).catch(() => undefined);
      if (pending) instance.disconnectedSince = pending.disconnectedAt;
    }),
  );
}

/**
 * Primary course: read the fleet (clusters in parallel, rate limited) → read failure metrics of the
 * readable clusters and the open incidents, in parallel → fill in disconnect times from the pipeline's
 * state → build the report (pure) at the time the reading finished.
 */
export async function produceHealthReport(
  deps: HealthReportDeps,
  request: HealthReportRequest,
  onProgress?: (progress: FleetProgress) => void,
): Promise<HealthReport> {
  const { clusters, services, accounts, regions } = request;
  const read = await deps.fleet.read({ clusters, services, accounts, regions }, onProgress);
  const now = deps.clock();
  const window = { start: new Date(now.getTime() - request.windowMs).toISOString(), end: now.toISOString() };
  // Clusters outside the monitor's own account and Region have metrics of their own (metricCluster).
  const scoped = read.clusters.map((cluster) =>
    cluster.account === undefined
      ? cluster
      : {
          ...cluster,
          metricCluster: metricCluster(deps.accounts, {
            account: cluster.account,
            region: cluster.region,
            cluster: cluster.name,
          }),
        },
  );
  const readable = scoped.filter((c) => c.error === undefined).map((c) => c.metricCluster ?? c.name);
  const notes: string[] = [];
  const [metrics, incidents] = await Promise.all([deps.metrics?.read(readable, window), openIncidents(deps, notes)]);
  if (!deps.metrics) notes.push('failure counts not read (no metrics reader)');
  for (const { account, region } of scopesWithoutRole(deps.accounts, incidents))
    notes.push(`no role for account ${account} in ${region}: events only (alerts, no ECS reads, no remediation)`);
  const snapshot: FleetSnapshot = { ...read, clusters: scoped, metrics, notes };
  await addDisconnectTimes(deps, snapshot);
  return buildHealthReport(snapshot, {
    now: now.toISOString(),
    windowMs: request.windowMs,
    incidents,
    policy: deps.policy,
  });
}
