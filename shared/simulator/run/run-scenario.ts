import { createEcsActions } from '../../adapters/ecs/ecs-actions.js';
import { createReportSources } from '../../adapters/fleet/create-report-sources.js';
import type { LimiterClock } from '../../adapters/fleet/rate-limiter.js';
import { createMemorySink } from '../../adapters/metrics/memory-sink.js';
import { createSlackAppChannel } from '../../adapters/slack/slack-app-channel.js';
import { createMemoryStateStore } from '../../adapters/state/memory-store.js';
import { createMemorySlackThreads } from '../../adapters/state/slack-threads.js';
import type { ChannelName } from '../../domain/alerts/types.js';
import { DEFAULT_REPORT_EXTRAS } from '../../domain/report/build-report.js';
import type { EcsActions } from '../../ports/ecs-actions.js';
import type { StateStore } from '../../ports/state-store.js';
import { parseConfig } from '../../runtime/config.js';
import { withSlackPrefetch } from '../../runtime/slack-prefetch.js';
import type { Effect } from '../../use-cases/effects.js';
import { handleBatch } from '../../use-cases/handle-batch.js';
import { handleVerdict } from '../../use-cases/handle-event.js';
import type { PipelineDeps, PipelineLog } from '../../use-cases/pipeline-deps.js';
import { parseReportInvocation } from '../../use-cases/report/invocation-request.js';
import { runReportInvocation } from '../../use-cases/report/run-invocation.js';
import { runSweep } from '../../use-cases/sweep.js';
import { createFleet, type Fleet } from '../fleet/index.js';
import { createMultiFleet } from '../fleet/multi.js';
import { seeded } from '../random.js';
import { offsetMs } from '../scenario.js';
import { type EcsEnvelope, type Scenario, SIM_EPOCH } from '../types.js';
import { accountEcsActions, accountFleetReader } from './accounts.js';
import { type ChannelOutage, createSimChannel, createSimReportDelivery } from './channels.js';
import { createSinkCloudWatch } from './cloudwatch.js';
import {
  CHECK_EVERY_MS,
  DEADLINE_MS,
  DELIVERY_DEFAULTS,
  DIGEST_UTC_HOUR,
  SWEEP_EVERY_MS,
  TICK_MS,
} from './constants.js';
import { type Batch, type DeliveryProfile, SqsQueue, sampleDelays } from './delivery.js';
import { createSimLogExcerpts } from './log-excerpts.js';
import {
  type DeliveredMessage,
  type DeliveredReport,
  emptyRunCounts,
  type RecordedRemediation,
  type RunCounts,
  type RunResult,
} from './result.js';
import { createRouter, type EventFunction } from './routing.js';
import { layerSettings, settingsEnv, simulatorDefaults } from './settings.js';
import { createSimSlackWorkspace } from './slack-workspace.js';

/** Options of one run; the defaults are the deployed monitor on an in-memory store. */
export interface RunOptions {
  /** The caller's environment: its LOOKOUT_* settings win over the scenario's (CLI rehearsals). */
  env?: Record<string, string | undefined>;
  /** Builds the state store on the virtual clock (default: in memory), e.g. the DynamoDB store. */
  store?: (clock: () => number) => StateStore | Promise<StateStore>;
  /** Overrides the scenario's delivery profile (e.g. in order: no delay, no duplicates). */
  delivery?: Partial<DeliveryProfile>;
  /** Where the monitor's log lines go (default: nowhere). */
  log?: PipelineLog;
}

const SILENT: PipelineLog = { info: () => {}, warn: () => {}, error: () => {}, infoDropped: true };
const FUNCTIONS: EventFunction[] = ['task-state-change', 'instance-state-change', 'service-event'];

/** Epoch ms of a scenario offset (the loader has validated it). */
const at = (offset: string) => SIM_EPOCH + (offsetMs(offset) ?? 0);

/** The first daily digest after `from` (cron(0 8 * * ? *)). */
function nextDigestAfter(from: number): number {
  const day = new Date(from);
  const digest = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), DIGEST_UTC_HOUR);
  return digest > from ? digest : digest + 86_400_000;
}

/** A RunTask fault from a scenario's reason: an API error ("AccessDeniedException: …") or a RunTask failure reason. */
function runTaskFault(reason: string): { error?: string; failureReason?: string } {
  return /^[A-Z]\w*(Exception|Error)\b/.test(reason) ? { error: reason } : { failureReason: reason };
}

/** Monitor faults as timed switches the loop applies when virtual time reaches them. */
function faultSwitches(scenario: Scenario, fleet: Fleet, crash: { armed: boolean }) {
  const switches: Array<{ at: number; apply: () => void }> = [];
  for (const fault of scenario.faults ?? []) {
    if (fault.do === 'deny-run-task') {
      switches.push({ at: at(fault.at), apply: () => fleet.setRunTaskFault(runTaskFault(fault.reason)) });
      if (fault.until) switches.push({ at: at(fault.until), apply: () => fleet.setRunTaskFault(undefined) });
    }
    if (fault.do === 'crash-sweep-after-confirm') {
      switches.push({ at: at(fault.at), apply: () => (crash.armed = true) });
    }
  }
  return switches.sort((a, b) => a.at - b.at);
}

/** ECS actions of a sweep that dies (a Lambda crash) at its next instance action once the fault is armed. */
function crashingSweepActions(ecs: EcsActions, crash: { armed: boolean }): EcsActions {
  const crashOnce = () => {
    if (!crash.armed) return;
    crash.armed = false;
    throw new Error('simulated Lambda crash: the sweep died after confirming a lost instance');
  };
  return {
    ...ecs,
    drainInstances: async (cluster, arns) => {
      crashOnce();
      return ecs.drainInstances(cluster, arns);
    },
    deregisterInstance: async (cluster, arn) => {
      crashOnce();
      return ecs.deregisterInstance(cluster, arn);
    },
  };
}

/**
 * Runs the monitor, as deployed, against a simulated fleet on virtual time: ECS events through the deployed
 * EventBridge patterns, delayed and duplicated, into one SQS queue per event function and out in batches
 * (handleBatch); the grace sweep every minute, the stuck check every 5 minutes, the daily digest at 08:00
 * UTC. Returns everything the scorer needs.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const epoch = SIM_EPOCH;
  const endsAt = at(scenario.duration);
  let now = epoch;
  const clock = () => now;

  const settings = layerSettings(simulatorDefaults(scenario.fleet), scenario.config, options.env);
  const config = parseConfig(settingsEnv(settings));
  // Several accounts and Regions: one fleet each, the ECS calls routed as the deployed monitor routes them.
  const multi = scenario.fleet.accounts
    ? createMultiFleet(scenario.fleet, scenario.actions, { seed: scenario.seed, epoch })
    : undefined;
  const fleet: Fleet = multi ?? createFleet(scenario.fleet, scenario.actions, { seed: scenario.seed, epoch });
  const store = options.store ? await options.store(clock) : createMemoryStateStore(clock);
  const metrics = createMemorySink();
  const log = options.log ?? SILENT;

  const messages: DeliveredMessage[] = [];
  const reports: DeliveredReport[] = [];
  const remediations: RecordedRemediation[] = [];
  const counts: RunCounts = emptyRunCounts();

  const outages: ChannelOutage[] = (scenario.faults ?? []).flatMap((f) =>
    f.do === 'channel-outage'
      ? [
          {
            channel: f.channel,
            status: f.status,
            from: at(f.at),
            until: f.until === undefined ? undefined : at(f.until),
          },
        ]
      : [],
  );
  const channelInput = { now: clock, outages, delivered: messages, onFailure: () => counts.failedSends++ };
  const channelNames: ChannelName[] = [
    ...(config.topicArn ? ['sns' as const] : []),
    ...(config.slackWebhookParam || config.slackWebhookSecret ? ['slack' as const] : []),
  ];
  // Slack app mode (a channel and a bot token configured): the real app channel against a simulated workspace.
  const workspace =
    config.slackChannel && (config.slackBotTokenParam || config.slackBotTokenSecret)
      ? createSimSlackWorkspace(clock)
      : undefined;
  const slackApp = workspace
    ? createSlackAppChannel({
        token: async () => 'xoxb-simulated',
        channel: config.slackChannel!,
        threads: createMemorySlackThreads(clock),
        broadcastEscalations: config.slackBroadcastEscalations,
        fetch: workspace.fetch,
        now: clock,
      })
    : undefined;
  if (slackApp && !channelNames.includes('slack')) channelNames.push('slack');
  const channels = channelNames.map((name) =>
    createSimChannel(name, channelInput, name === 'slack' ? slackApp : undefined),
  );
  const reportDeliveries = channelNames.map((name) => createSimReportDelivery(name, channelInput, reports));

  const ecs = multi ? accountEcsActions(multi, config.accounts) : createEcsActions({ client: fleet.ecsClient() });
  const crash = { armed: false };
  const sweepEcs = crashingSweepActions(ecs, crash);
  const logs = createSimLogExcerpts();
  // The functions' store as lambdaDeps stacks it (the Slack prefetch over the table's store), so a decorator
  // that loses a method fails here as it would deployed; the hint itself has no secret to fetch here.
  const functionStore = withSlackPrefetch(store, () => {});
  const deps = (deadlineMs: number, actions: EcsActions = ecs): PipelineDeps => ({
    config,
    store: functionStore,
    channels,
    metrics,
    ecs: actions,
    logs,
    log,
    deadline: () => now + deadlineMs,
    clock: () => new Date(now),
  });
  const record = (effects: readonly Effect[]) => {
    for (const effect of effects) if (effect.effect === 'remediation') remediations.push({ ...effect, at: now });
  };

  const cloudwatch = createSinkCloudWatch({ points: metrics.points, namespace: config.metricNamespace, now: clock });
  const report = async (request: { mode: 'check' } | { mode: 'digest'; deliver: true }) => {
    const invocation = parseReportInvocation(request);
    // The token bucket waits on virtual time: a sleep moves the limiter's own clock forward, never the wall's.
    let limiterNow = now;
    const limiterClock: LimiterClock = {
      now: () => (limiterNow = Math.max(limiterNow, now)),
      sleep: async (ms) => {
        limiterNow = Math.max(limiterNow, now) + ms;
      },
    };
    const pipeline = deps(DEADLINE_MS.report);
    await runReportInvocation(invocation, {
      ...createReportSources({
        ecs: fleet.ecsClient(),
        cloudwatch,
        namespace: config.metricNamespace,
        ratePerSec: config.reportReads.readsPerSecond,
        concurrency: config.reportReads.concurrency,
        clock: limiterClock,
      }),
      ...(multi ? { fleet: accountFleetReader(multi, config.accounts, config.reportReads, limiterClock) } : {}),
      accounts: config.accounts,
      store,
      policy: { ...config.report, ...DEFAULT_REPORT_EXTRAS },
      clock: () => new Date(now),
      defaultClusters: config.clusters,
      deliveries: invocation.deliver ? reportDeliveries : [],
      deadline: () => now + DEADLINE_MS.report,
      handleVerdict: async (verdict, dedupKey) => {
        const effects = await handleVerdict(pipeline, verdict, {
          input: dedupKey,
          detailType: 'ecs-lookout check',
          dedupKey,
        });
        record(effects);
        return effects;
      },
      log,
    });
  };

  const route = createRouter(config.clusters);
  const random = seeded(scenario.seed ^ 0x5eed5);
  const profile: DeliveryProfile = { ...DELIVERY_DEFAULTS, ...scenario.delivery, ...options.delivery };
  const queues = new Map(FUNCTIONS.map((fn) => [fn, new SqsQueue<EcsEnvelope>()]));
  let messageIds = 0;
  const queuedAt = new Map<string, number>();
  const enqueue = (envelope: EcsEnvelope) => {
    counts.eventsEmitted++;
    const eventAt = Date.parse(envelope.time);
    for (const fn of route(envelope)) {
      counts.eventsRouted++;
      const delays = sampleDelays(profile, random);
      counts.duplicates += delays.length - 1;
      for (const delay of delays) {
        messageIds++;
        const arrivesAt = Math.max(now, eventAt + delay);
        queuedAt.set(`msg-${messageIds}`, arrivesAt);
        queues.get(fn)!.send(`msg-${messageIds}`, envelope, arrivesAt);
      }
    }
  };
  // Which invocation sent each alert; for a batch, when the event whose time is the transition's reached the queue.
  const tagSent = (from: number, trigger: 'event' | 'sweep' | 'check', batch?: Batch<EcsEnvelope>) => {
    for (const message of messages.slice(from)) {
      message.trigger = trigger;
      const arrivals = (batch?.messages ?? [])
        .filter((m) => Date.parse(m.body.time) === message.transitionAt)
        .map((m) => queuedAt.get(m.id) ?? m.visibleAt);
      if (arrivals.length > 0) message.queuedAt = Math.min(...arrivals);
    }
  };
  const handle = async (fn: EventFunction, batch: Batch<EcsEnvelope>) => {
    const sentBefore = messages.length;
    counts.batches++;
    counts.deliveries += batch.messages.length;
    const inputs = batch.messages.map((m) => ({ input: m.id, value: JSON.parse(JSON.stringify(m.body)) as unknown }));
    let failed: string[];
    try {
      const result = await handleBatch(deps(DEADLINE_MS.event), inputs);
      record(result.effects);
      failed = result.failed;
    } catch (error) {
      // The whole invocation failed: SQS delivers every message of the batch again.
      log.error('batch invocation failed', { error: (error as Error).message });
      failed = inputs.map((i) => i.input);
    }
    const queue = queues.get(fn)!;
    counts.redeliveries += queue.fail(batch, new Set(failed));
    tagSent(sentBefore, 'event', batch);
  };
  const scheduled = async (trigger: 'sweep' | 'check', run: () => Promise<unknown>) => {
    const sentBefore = messages.length;
    try {
      await run();
    } catch (error) {
      // A crashed scheduled invocation is not retried; the next schedule runs as usual.
      counts.crashedInvocations++;
      log.error('scheduled invocation crashed', { error: (error as Error).message });
    }
    tagSent(sentBefore, trigger);
  };

  const switches = faultSwitches(scenario, fleet, crash);
  let nextSweep = epoch + SWEEP_EVERY_MS;
  let nextCheck = epoch + CHECK_EVERY_MS;
  let nextDigest = nextDigestAfter(epoch);
  while (now < endsAt) {
    const queued = Math.min(...[...queues.values()].map((q) => q.nextAt()));
    now = Math.min(now + TICK_MS, nextSweep, nextCheck, nextDigest, queued, switches[0]?.at ?? endsAt, endsAt);
    for (const envelope of fleet.advanceTo(now)) enqueue(envelope);
    while (switches.length > 0 && switches[0]!.at <= now) switches.shift()!.apply();
    const closed = FUNCTIONS.flatMap((fn) =>
      queues
        .get(fn)!
        .poll(now)
        .map((batch) => ({ fn, batch })),
    );
    for (const { fn, batch } of closed.sort((a, b) => a.batch.closedAt - b.batch.closedAt)) await handle(fn, batch);
    if (now >= nextSweep) {
      nextSweep += SWEEP_EVERY_MS;
      counts.sweeps++;
      await scheduled('sweep', async () =>
        record(await runSweep(deps(DEADLINE_MS.sweep, sweepEcs), new Date(now).toISOString())),
      );
    }
    if (now >= nextCheck) {
      nextCheck += CHECK_EVERY_MS;
      counts.checks++;
      await scheduled('check', () => report({ mode: 'check' }));
    }
    if (now >= nextDigest) {
      nextDigest += 86_400_000;
      counts.digests++;
      await scheduled('check', () => report({ mode: 'digest', deliver: true }));
    }
  }

  counts.deadLettered = [...queues.values()].reduce((sum, q) => sum + q.deadLettered.length, 0);
  if (workspace) counts.slackApp = workspace.counts();
  const metricTotals: Record<string, number> = {};
  for (const point of metrics.points) metricTotals[point.name] = (metricTotals[point.name] ?? 0) + point.value;
  const clusterNames = multi
    ? multi.scopes.flatMap((s) =>
        scenario.fleet.clusters.map((c) => ({ ...c, name: `${s.account}/${s.region}/${c.name}` })),
      )
    : scenario.fleet.clusters;
  const instanceArns = Object.fromEntries(
    clusterNames.map((c) => [c.name, Array.from({ length: c.instances }, (_, i) => fleet.instanceArn(c.name, i))]),
  );
  return {
    scenario: scenario.name,
    epoch,
    endsAt,
    settings,
    // With several accounts a message's cluster is `account/region/cluster`, as the truth names it (the key's start).
    messages: multi ? messages.map((m) => ({ ...m, cluster: m.incident.split('/').slice(0, 3).join('/') })) : messages,
    reports,
    remediations,
    calls: [...fleet.calls],
    history: [...fleet.history],
    instanceArns,
    openIncidents: await store.listOpenIncidents(),
    counts,
    metricTotals,
    latencySeconds: messages.map((m) => (m.at - m.transitionAt) / 1000),
  };
}
