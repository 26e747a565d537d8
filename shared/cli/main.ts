import { readFileSync } from 'node:fs';
import { sanitizeText } from './sanitize.js';
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
  silence: {
    summary: 'add, list or remove silences (maintenance, load tests) in the state table',
    load: () => import('./commands/silence.js'),
  },
  why: {
    summary: "why something did or didn't page: its decisions in the deployed monitor's logs",
    load: () => import('./commands/why.js'),
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
Options for every command: --help, --version, --debug (stack traces of failures).
Exit codes: 0 success, 1 problems found (report, simulate), 2 unusable input or arguments, or the command
could not run (AWS unreachable, no credentials, deadline passed): one line on stderr says why.`;

/** `ecs-lookout 0.1.0`: the package's own version, read from package.json. */
export function versionLine(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `ecs-lookout ${pkg.version}`;
}

/** Every write goes through sanitizeText: no input text can drive the terminal (the report's progress line uses rawStderr). */
function safeIo(io: CliIo): CliIo {
  return {
    ...io,
    stdout: (text) => io.stdout(sanitizeText(text)),
    stderr: (text) => io.stderr(sanitizeText(text)),
    rawStderr: io.rawStderr ?? io.stderr,
  };
}

/** One line for a failure; the stack trace (and its cause's) only with --debug. */
function reportFailure(io: CliIo, prefix: string, error: unknown, debug: boolean): number {
  const expected = error instanceof UsageError;
  const message = String((error as Error)?.message ?? error).split('\n')[0];
  const hint = expected || debug ? '' : ' (unexpected; run with --debug for the stack trace)';
  io.stderr(`${prefix}: ${message}${hint}\n`);
  if (debug) {
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) io.stderr(`${cause.stack}\n`);
  }
  return EXIT.usage;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io = safeIo(rawIo);
  const end = argv.indexOf('--');
  const flags = end < 0 ? argv : argv.slice(0, end);
  const debug = flags.includes('--debug');
  const [name, ...rest] = debug ? argv.filter((arg, i) => arg !== '--debug' || (end >= 0 && i > end)) : argv;
  if (name === '--version' || name === '-V') {
    io.stdout(`${versionLine()}\n`);
    return EXIT.ok;
  }
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
  if (rest.includes('--version') || rest.includes('-V')) {
    io.stdout(`${versionLine()}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportFailure(io, `ecs-lookout ${name}`, error, debug);
  }
}
