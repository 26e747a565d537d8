import type { LookoutConfig } from '../domain/config.js';
import type { AlertChannel } from '../ports/alert-channel.js';
import type { EcsActions } from '../ports/ecs-actions.js';
import type { LogExcerpts } from '../ports/log-excerpts.js';
import type { MetricsSink } from '../ports/metrics-sink.js';
import type { SilenceStore } from '../ports/silences.js';
import type { StateStore } from '../ports/state-store.js';
import type { Effect } from './effects.js';

/** Minimal structured logger the use cases need (Powertools Logger fits; the replay passes a silent one). */
export interface PipelineLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
  /** True when info lines go nowhere (replay, simulator): the per-event decision record is then not built. */
  readonly infoDropped?: boolean;
}

/** Everything the event pipeline needs, injected: the Lambdas wire AWS adapters, the replay in-memory twins. */
export interface PipelineDeps {
  config: LookoutConfig;
  store: StateStore;
  channels: AlertChannel[];
  metrics: MetricsSink;
  /** Absent in replay: remediation then only reports what it would do. */
  ecs?: EcsActions;
  /**
   * Reads a resource's tags for alert routing where the function takes no ECS actions (service and instance
   * events); absent, routing reads them through `ecs`.
   */
  routingTags?: EcsActions['taskTags'];
  /** Silences stored as data (state table); absent: only LOOKOUT_SILENCES. */
  silences?: SilenceStore;
  logs?: LogExcerpts;
  log: PipelineLog;
  /** Epoch ms by which deliveries must be done (remaining Lambda time minus a margin). */
  deadline: () => number;
  /** Wall clock, used only where no event time exists (sweeps in Lambda). */
  clock: () => Date;
}

/** Collects effects in order and forwards metric effects to the sink. */
export class EffectLog {
  readonly effects: Effect[] = [];

  constructor(private readonly deps: Pick<PipelineDeps, 'metrics'>) {}

  /** Appends an effect (a metric effect is also sent to the metrics sink). */
  push(effect: Effect, timestamp?: number): void {
    this.effects.push(effect);
    if (effect.effect === 'metric') {
      this.deps.metrics.add({
        name: effect.name,
        dimensions: effect.dimensions,
        value: effect.value,
        unit: 'Count',
        timestamp,
      });
    }
  }

  /** Records a count metric. */
  count(name: string, dimensions: Record<string, string>, timestamp?: number, value = 1): void {
    this.push({ effect: 'metric', name, dimensions, value }, timestamp);
  }
}
