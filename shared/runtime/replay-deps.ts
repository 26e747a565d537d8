import { type CaptureChannel, createCaptureChannel } from '../adapters/capture/capture-channel.js';
import { createMemorySink, type MemorySink } from '../adapters/metrics/memory-sink.js';
import { createMemoryStateStore } from '../adapters/state/memory-store.js';
import type { LookoutConfig } from '../domain/config.js';
import type { PipelineDeps, PipelineLog } from '../use-cases/pipeline-deps.js';

const SILENT: PipelineLog = { info: () => {}, warn: () => {}, error: () => {}, infoDropped: true };

/** Pipeline wired to in-memory twins, with the channels' rendered payloads kept for inspection. */
export interface ReplayDeps extends PipelineDeps {
  captures: CaptureChannel[];
  metrics: MemorySink;
}

/** What a replay keeps for inspection: everything (preview, tests), or only what the timeline needs. */
export interface ReplayRetention {
  /** Keep every captured payload and metric point; false keeps metric totals and no payloads (memory stays flat). */
  retain?: boolean;
}

/**
 * Dependencies for replay and preview: in-memory state, metrics kept in memory, capture channels that
 * render the exact Slack/SNS payloads, and remediation forced to dry-run (no AWS account needed).
 */
export function replayDeps(
  config: LookoutConfig,
  log: PipelineLog = SILENT,
  { retain = true }: ReplayRetention = {},
): ReplayDeps {
  const captures = [createCaptureChannel('slack', { keep: retain }), createCaptureChannel('sns', { keep: retain })];
  const mode = config.remediation.mode === 'off' ? 'off' : 'dry-run';
  return {
    config: { ...config, remediation: { ...config.remediation, mode } },
    store: createMemoryStateStore(),
    channels: captures,
    captures,
    metrics: createMemorySink({ keepPoints: retain }),
    log,
    deadline: () => Number.MAX_SAFE_INTEGER,
    clock: () => new Date(0),
  };
}
