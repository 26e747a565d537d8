import type { ClusterSnapshot, FailureMetrics } from '../domain/report/snapshot.js';

/** What to read: every cluster (or the named ones), every service (or the named ones), in every account/Region (or the named ones). */
export interface FleetQuery {
  clusters?: string[];
  services?: string[];
  /** Only these accounts / Regions of the registry (default: every registered one). */
  accounts?: string[];
  regions?: string[];
}

/** Progress of a fleet read, for the CLI's progress line. */
export interface FleetProgress {
  clustersDone: number;
  clustersTotal: number;
  /** API calls made so far (retries inside the SDK not counted). */
  calls: number;
}

/** The clusters as read; a cluster that could not be read carries its error, the rest stands. */
export interface FleetRead {
  clusters: ClusterSnapshot[];
  /** Requested services found in none of the clusters. */
  servicesNotFound: string[];
}

/** Reads the ECS fleet for the health report. Throws only when nothing can be read (credentials, region). */
export interface FleetReader {
  read(query: FleetQuery, onProgress?: (progress: FleetProgress) => void): Promise<FleetRead>;
}

/** Reads the failure metrics the alerting work records. Never throws: a failure comes back as `error`. */
export interface FailureMetricsReader {
  read(clusters: string[], window: { start: string; end: string }): Promise<FailureMetrics>;
}
