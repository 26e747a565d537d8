import { userInfo } from 'node:os';
import type { SilenceStore } from '../../ports/silences.js';
import {
  parseSilenceRequest,
  runSilenceCommand,
  SilenceRequestError,
  silenceLine,
} from '../../use-cases/silence-commands.js';
import { parseCommandArgs } from '../args.js';
import { type CliCommand, type CliIo, EXIT, UsageError } from '../types.js';

const USAGE = `Usage: ecs-lookout silence add --cluster NAME [--service NAME] [--category C]… (--for DURATION | --until TIME) --reason TEXT
       ecs-lookout silence list
       ecs-lookout silence remove ID

Silences (planned maintenance, load tests) stored in the state table (LOOKOUT_STATE_TABLE, or --table).
A silenced incident is still tracked and counted; it pages only if it is still open when the silence
ends. Lost instances and refused remediations are never silenced. A silence lasts at most 7 days.
The deployed grace-sweep function takes the same request as its payload:
  aws lambda invoke --function-name ecs-lookout-prod-grace-sweep \\
    --payload '{"silence": {"action": "add", "cluster": "prod", "for": "2h", "reason": "load test"}}' out.json
  --table NAME   the state table (default: LOOKOUT_STATE_TABLE)
  --json         print the silences as JSON`;

/** Builds the store for a table; the CLI's real one talks to DynamoDB, tests pass their own. */
export type SilenceStoreFactory = (table: string) => Promise<SilenceStore>;

const dynamoStore: SilenceStoreFactory = async (table) => {
  const [{ createDynamoSilences }, { dynamoClient }] = await Promise.all([
    import('../../adapters/state/silences.js'),
    import('../../runtime/clients/dynamodb.js'),
  ]);
  return createDynamoSilences({ client: dynamoClient(), table });
};

function whoAmI(io: CliIo): string {
  try {
    return io.env.USER ?? userInfo().username;
  } catch {
    return 'cli';
  }
}

/** `ecs-lookout silence add|list|remove` with an injectable store (tests). */
export function silenceCommand(storeFor: SilenceStoreFactory = dynamoStore): CliCommand {
  return {
    name: 'silence',
    usage: USAGE,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs({
        args,
        allowPositionals: true,
        options: {
          cluster: { type: 'string' },
          service: { type: 'string' },
          category: { type: 'string', multiple: true },
          for: { type: 'string' },
          until: { type: 'string' },
          reason: { type: 'string' },
          table: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
      const [action, id, ...extra] = positionals;
      if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
      const table = values.table ?? io.env.LOOKOUT_STATE_TABLE;
      if (!table) throw new UsageError('no state table: set LOOKOUT_STATE_TABLE or give --table');
      let request: ReturnType<typeof parseSilenceRequest>;
      try {
        request = parseSilenceRequest(
          action === 'add'
            ? {
                action,
                cluster: values.cluster,
                service: values.service,
                categories: values.category,
                for: values.for,
                until: values.until,
                reason: values.reason,
              }
            : action === 'remove'
              ? { action, id }
              : { action },
        );
        const outcome = await runSilenceCommand(await storeFor(table), request, Date.now(), whoAmI(io));
        if (values.json) io.stdout(`${JSON.stringify(outcome, null, 2)}\n`);
        else if (outcome.action === 'remove') {
          io.stdout(outcome.removed ? `removed silence ${id}\n` : `no silence ${id}\n`);
          return outcome.removed ? EXIT.ok : EXIT.problem;
        } else if (outcome.silences.length === 0) io.stdout('no silence in force\n');
        else for (const silence of outcome.silences) io.stdout(`${silenceLine(silence)}\n`);
        return EXIT.ok;
      } catch (error) {
        if (error instanceof SilenceRequestError) throw new UsageError(error.message);
        throw error;
      }
    },
  };
}

/** The registered command. */
export const command: CliCommand = silenceCommand();
