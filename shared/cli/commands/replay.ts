import { fileURLToPath } from 'node:url';
import { replayDeps } from '../../runtime/replay-deps.js';
import type { Effect } from '../../use-cases/effects.js';
import { type ReplaySummary, replayEvents } from '../../use-cases/replay.js';
import { parseCommandArgs } from '../args.js';
import { cliConfig } from '../config.js';
import { streamEventRuns } from '../read-events.js';
import { createTimeline, formatInvalid, formatSummary, type ReplayTally } from '../timeline.js';
import { type CliCommand, EXIT, UsageError } from '../types.js';

/** The bundled demo: a bad deploy that crash-loops, a lost instance, a Spot-interrupted job, and normal churn. */
export const DEMO_PATH = fileURLToPath(new URL('../../../test/fixtures/demo/bad-deploy-day.jsonl', import.meta.url));

/** The demo's own settings, used unless the environment sets them: where its Fargate replacements would run. */
const DEMO_ENV = {
  LOOKOUT_TASK_NETWORK:
    '{"prod":{"subnets":["subnet-0d3m0a"],"securityGroups":["sg-0d3m0a"],"assignPublicIp":"DISABLED"}}',
};

const USAGE = `Usage: ecs-lookout replay [--json] [--demo] PATH…

Feeds events, in order, through the full pipeline: in-memory state, a clock that follows each event's
time (grace periods and sweeps run on the minute as virtual time passes, as the deployed sweep is scheduled,
and at the end), Slack/SNS payloads rendered but not sent, remediation in dry-run. Configuration comes from
the same LOOKOUT_* variables as the Lambdas.

PATH: a JSON file (one event or an array), a JSONL file, a directory (*.json, *.jsonl), or - for stdin.
  --json   one JSON object per effect (decision, alert, remediation, metric), then {"summary": …}
  --demo   replay the bundled demo incident (what npm start runs)

JSON Lines is replayed as it is read (a long file is never held whole). A line that is not JSON, or a PATH
that can't be read, stops the replay where it is reached, like jq: what was printed before it stands, events
still held in the 5-minute reorder window are not replayed, no summary is printed, and it exits 2.`;

function jsonLine(effect: Effect): Record<string, unknown> {
  switch (effect.effect) {
    case 'decision':
      return {
        effect: 'decision',
        input: effect.input,
        category: effect.category,
        reason: effect.reason,
        incident: effect.incident ?? null,
        detail: effect.detail,
      };
    case 'alert':
      return {
        effect: 'alert',
        channel: effect.channel,
        incident: effect.incident,
        transition: effect.transition,
        severity: effect.severity,
        category: effect.category,
        title: effect.title,
      };
    case 'remediation':
      return {
        effect: 'remediation',
        action: effect.action,
        target: effect.target,
        clientToken: effect.clientToken ?? null,
        mode: effect.mode,
        outcome: effect.outcome,
        reason: effect.reason,
      };
    case 'metric':
      return { effect: 'metric', name: effect.name, dimensions: effect.dimensions, value: effect.value };
  }
}

/**
 * The JSON summary: `alerts` counts the payloads it would send, `remediations` the actions it would take
 * (an action found already done for its failure is `alreadyHandled`, not a remediation); nothing was sent.
 */
function jsonSummary(summary: ReplaySummary, tally: ReplayTally) {
  const { events, duplicates, invalid, incidents } = summary;
  return {
    events,
    duplicates,
    invalid,
    incidents,
    alerts: tally.alerts,
    remediations: tally.remediations,
    alreadyHandled: tally.alreadyHandled,
    notTaken: tally.notTaken,
    sent: false,
  };
}

/** A typical ECS-to-Slack script posts every stopped task, instance change and service/deployment event. */
function forwarderWouldSend(effect: Effect): boolean {
  if (effect.effect !== 'decision' || effect.input.startsWith('sweep@')) return false;
  return !['task-transition', 'invalid', 'unsupported'].includes(effect.category);
}

/** `ecs-lookout replay`: the whole pipeline on recorded events, offline. */
export const command: CliCommand = {
  name: 'replay',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, demo: { type: 'boolean', default: false } },
    });
    const paths = values.demo ? [DEMO_PATH, ...positionals] : positionals;
    if (paths.length === 0) throw new UsageError('give at least one PATH (or --demo)');
    const config = cliConfig(values.demo ? { ...DEMO_ENV, ...io.env } : io.env);
    // Streamed: a long JSON Lines file is replayed as it is read, never held whole (or parsed whole) first.
    const inputs = streamEventRuns(paths, io);
    const deps = replayDeps(config, undefined, { retain: false });
    let naive = 0;
    const timeline = createTimeline((line) => io.stdout(`${line}\n`));
    const print = (effect: Effect) => {
      if (forwarderWouldSend(effect)) naive++;
      timeline.add(effect, !values.json);
      if (values.json) io.stdout(`${JSON.stringify(jsonLine(effect))}\n`);
    };
    const summary = await replayEvents(deps, inputs, print);
    const { tally } = timeline;
    if (values.json) {
      io.stdout(`${JSON.stringify({ summary: jsonSummary(summary, tally) })}\n`);
      return EXIT.ok;
    }
    const invalid = formatInvalid(tally.invalid);
    if (invalid) io.stdout(`\n${invalid}\n`);
    io.stdout(`\n${formatSummary(summary, tally, naive)}\n`);
    return EXIT.ok;
  },
};
