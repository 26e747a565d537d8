import { routeLabel } from '../../domain/alerts/routing.js';
import type { ChannelName } from '../../domain/alerts/types.js';
import { replayDeps } from '../../runtime/replay-deps.js';
import { replayEvents } from '../../use-cases/replay.js';
import { parseCommandArgs } from '../args.js';
import { cliConfig } from '../config.js';
import { readEventInputs } from '../read-events.js';
import { type CliCommand, EXIT, UsageError } from '../types.js';

const USAGE = `Usage: ecs-lookout preview [--channel slack|sns] [--stream] PATH…

Prints the exact payload(s) ecs-lookout would send for each alerting event: the Slack Block Kit JSON
(what the webhook receives) and the SNS Publish input (Subject, Message, MessageAttributes).
Each event is previewed on its own, as the first of its incident; --stream feeds all events as one
stream instead, so only the transitions that stream would really alert on are shown.

PATH: a JSON file (one event or an array), a JSONL file, a directory (*.json, *.jsonl), or - for stdin.
  --channel slack|sns   only this channel (default: both)
  --stream              one pipeline for all events (incidents group, repeats are suppressed)`;

/** `ecs-lookout preview`: see and tune alert messages without sending anything. */
export const command: CliCommand = {
  name: 'preview',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { channel: { type: 'string' }, stream: { type: 'boolean', default: false } },
    });
    const channel = values.channel as ChannelName | undefined;
    if (channel !== undefined && channel !== 'slack' && channel !== 'sns') {
      throw new UsageError(`--channel must be slack or sns, not "${channel}"`);
    }
    if (positionals.length === 0) throw new UsageError('give at least one PATH');
    const config = cliConfig(io.env);
    const inputs = await readEventInputs(positionals, io);
    const batches = values.stream ? [inputs] : inputs.map((input) => [input]);
    let shown = 0;
    for (const batch of batches) {
      const deps = replayDeps(config);
      await replayEvents(deps, batch, () => {});
      for (const capture of deps.captures) {
        if (channel && capture.name !== channel) continue;
        for (const { alert, payload } of capture.captured) {
          const source = batch.length === 1 ? batch[0]?.input : 'stream';
          const route = alert.route ? ` · route ${routeLabel(alert.route)}` : ' · route default';
          io.stdout(`--- ${capture.name} · ${source} · ${alert.transition} · ${alert.incident.key}${route}\n`);
          io.stdout(`${JSON.stringify(payload, null, 2)}\n`);
          shown++;
        }
      }
    }
    if (shown === 0) io.stderr('No alerting event in the input: nothing would be sent.\n');
    return EXIT.ok;
  },
};
