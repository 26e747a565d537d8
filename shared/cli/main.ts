import type { CliCommand, CliIo } from './types.js';
import { EXIT, UsageError } from './types.js';

// Commands load lazily (report pulls in the AWS SDK); their one-line summaries live only here, so --help stays fast.
/** Every command with its one-line summary (the source of --help and docs/cli.md). */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: CliCommand }> }> = {
  classify: { summary: 'classify ECS events and print the verdicts', load: () => import('./commands/classify.js') },
  replay: { summary: 'replay events through the whole pipeline offline', load: () => import('./commands/replay.js') },
  preview: {
    summary: 'print the exact Slack/SNS payloads for alerting events',
    load: () => import('./commands/preview.js'),
  },
  report: { summary: 'health report of ECS clusters (AWS credentials)', load: () => import('./commands/report.js') },
  simulate: {
    summary: 'run the monitor against simulated ECS fleets and score its pages',
    load: () => import('./commands/simulate.js'),
  },
};

/** The top-level --help text. */
export const HELP = `ecs-lookout: deployment-health monitor for Amazon ECS

Usage: ecs-lookout <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`)
  .join('\n')}

Run "ecs-lookout <command> --help" for a command's options.
Exit codes: 0 success, 1 problems found (report, simulate), 2 unusable input or arguments.`;

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${HELP}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const load = COMMANDS[name]?.load;
  if (!load) {
    io.stderr(`ecs-lookout: unknown command "${name}" (try --help)\n`);
    return EXIT.usage;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      io.stderr(`ecs-lookout ${name}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
