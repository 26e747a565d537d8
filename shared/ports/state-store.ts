import type { DeploymentRecord, Incident, PendingDisconnect } from '../domain/incidents/types.js';

/** A remediation claim: one per failure (stopped task ARN, or instance ARN + incident). */
export interface RemediationClaim {
  key: string;
  status: 'started' | 'done' | 'failed';
  clientToken?: string;
  detail?: string;
}

/** One decision's writes, applied all together or not at all (a transaction in DynamoDB). */
export interface StateCommit {
  /** Incidents to write, each only if its stored `rev` still equals `expectedRev` (0: must not exist). */
  incidents: Array<{ incident: Incident; expectedRev: number }>;
  /** A deployment record to write under the same kind of condition. */
  deployment?: { record: DeploymentRecord; expectedRev: number };
  /**
   * The pending disconnect of the instance the decision is about: it must still be as `read` (undefined:
   * absent) for anything to apply; then `next` replaces it (null deletes it, undefined leaves it).
   */
  pending?: {
    containerInstanceArn: string;
    read: PendingDisconnect | undefined;
    next: PendingDisconnect | null | undefined;
  };
  /** More deployment records (a batch's), each under the same kind of condition as `deployment`. */
  deployments?: Array<{ record: DeploymentRecord; expectedRev: number }>;
  /** More pending disconnects (a batch's), each under the same kind of condition as `pending`. */
  pendings?: Array<NonNullable<StateCommit['pending']>>;
}

/** Most items one commit may hold (DynamoDB's TransactWriteItems limit); a batch splits larger commits. */
export const MAX_COMMIT_ITEMS = 100;

/** The state a batch of events reads at once. */
export interface StateKeySet {
  incidentKeys: readonly string[];
  deployments: ReadonlyArray<{ cluster: string; service: string }>;
  pendingInstanceArns: readonly string[];
  /** Remediation claims to read in the same calls (a batch's task replacements will ask for them). */
  claimKeys?: readonly string[];
}

/** What `getMany` found; absent (or expired) items are simply not in the maps. */
export interface StateSnapshot {
  incidents: Map<string, Incident>;
  /** By `deploymentKey(cluster, service)`. */
  deployments: Map<string, DeploymentRecord>;
  /** By container instance ARN. */
  pending: Map<string, PendingDisconnect>;
  /** By claim key; present when `claimKeys` were asked. */
  claims?: Map<string, RemediationClaim>;
}

/** Key of a service's deployment record in a StateSnapshot. */
export function deploymentKey(cluster: string, service: string): string {
  return `${cluster}#${service}`;
}

/** Durable state of the pipeline. Every write is conditional; every item expires (epoch ms). */
export interface StateStore {
  /** An incident by key. */
  getIncident(key: string): Promise<Incident | undefined>;
  /** Writes an incident if the stored `rev` equals `expectedRev` (0: must not exist). False on conflict. */
  putIncident(incident: Incident, expectedRev: number, expiresAt: number): Promise<boolean>;
  /** Open incidents, optionally of one cluster. */
  listOpenIncidents(cluster?: string): Promise<Incident[]>;
  /** Incidents (open or resolved) whose last transition still waits for a channel: the sweep re-delivers them. */
  listPendingOutboxes(): Promise<Incident[]>;

  /** Reads every item named, in as few calls as the store allows (strongly consistent, as the single gets). */
  getMany(keys: StateKeySet): Promise<StateSnapshot>;
  /**
   * Applies every write of `commit` if all its conditions hold, else none; false when a condition failed.
   * At most MAX_COMMIT_ITEMS items.
   */
  commit(commit: StateCommit, expiresAt: number): Promise<boolean>;

  /** The last deployment record of a service. */
  getDeployment(cluster: string, service: string): Promise<DeploymentRecord | undefined>;
  /** Writes a deployment record if the stored `rev` equals `expectedRev` (0: must not exist). */
  putDeployment(record: DeploymentRecord, expectedRev: number, expiresAt: number): Promise<boolean>;
  /** Deployment records whose awaiting hook is due (`awaitingHook.dueAt` at or before `now`, ISO), earliest first. */
  listDueHooks(now: string): Promise<DeploymentRecord[]>;

  /** Stores (or replaces) the pending disconnect of an instance. */
  putPendingDisconnect(pending: PendingDisconnect, expiresAt: number): Promise<void>;
  /** The pending disconnect of an instance. */
  getPendingDisconnect(containerInstanceArn: string): Promise<PendingDisconnect | undefined>;
  /** Removes a pending disconnect (reconnected, deregistered, or confirmed). */
  deletePendingDisconnect(containerInstanceArn: string): Promise<void>;
  /** Pending disconnects whose `dueAt` is at or before `now` (ISO). */
  listDueDisconnects(now: string): Promise<PendingDisconnect[]>;

  /** True when a budget's window has handed out `limit` units already (a read: nothing is taken). */
  budgetUsedUp(key: string, limit: number): Promise<boolean>;
  /** Takes one unit of a budget (e.g. replacements per family per hour); false when `limit` is reached. */
  takeBudget(key: string, limit: number, expiresAt: number): Promise<boolean>;

  /** Claims a remediation; returns the existing claim instead when one exists. */
  claimRemediation(
    claim: RemediationClaim,
    expiresAt: number,
  ): Promise<{ claimed: boolean; existing?: RemediationClaim }>;
  /** A claim as stored, without creating one. */
  getClaim(key: string): Promise<RemediationClaim | undefined>;
  /** The claims of many keys in as few calls as the store allows (strongly consistent); absent ones left out. */
  getClaims(keys: readonly string[]): Promise<Map<string, RemediationClaim>>;
  /** Updates a claim's status after the action ran. */
  finishRemediation(claim: RemediationClaim, expiresAt: number): Promise<void>;
}

/** Every method of StateStore (a record, so the compiler finds one missing or misspelt). */
export const STATE_STORE_METHODS: Readonly<Record<keyof StateStore, true>> = {
  getIncident: true,
  putIncident: true,
  listOpenIncidents: true,
  listPendingOutboxes: true,
  getMany: true,
  commit: true,
  getDeployment: true,
  putDeployment: true,
  listDueHooks: true,
  putPendingDisconnect: true,
  getPendingDisconnect: true,
  deletePendingDisconnect: true,
  listDueDisconnects: true,
  budgetUsedUp: true,
  takeBudget: true,
  claimRemediation: true,
  getClaim: true,
  getClaims: true,
  finishRemediation: true,
};

/**
 * `store` with some methods replaced: every other method forwards to `store`, as an own property of the
 * result. A spread (`{ ...store }`) keeps only a store's own enumerable methods, and a decorator that holds
 * them on its prototype had none: the batch view of the deployed store lost `budgetUsedUp`, so every task
 * replacement failed.
 */
export function storeWith(store: StateStore, overrides: Partial<StateStore>): StateStore {
  const decorated: Record<string, unknown> = {};
  for (const name of Object.keys(STATE_STORE_METHODS) as (keyof StateStore)[]) {
    const own = overrides[name];
    decorated[name] = own ?? ((...args: unknown[]) => (store[name] as (...a: unknown[]) => unknown)(...args));
  }
  return decorated as unknown as StateStore;
}
