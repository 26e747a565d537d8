import type { CliCommand, CliIo } from './types.js';
import { EXIT, UsageError } from './types.js';

const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  classify: () => import('./commands/classify.js'),
  preview: () => import('./commands/preview.js'),
  replay: () => import('./commands/replay.js'),
  report: () => import('./commands/report.js'),
};

const HELP = `ecs-lookout: deployment-health monitor for Amazon ECS

Usage: ecs-lookout <command> [options]

Commands:
${Object.keys(COMMANDS)
  .map((name) => `  ${name}`)
  .join('\n')}

Run "ecs-lookout <command> --help" for a command's options.
Exit codes: 0 success, 1 problems found (report), 2 unusable input or arguments.`;

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${HELP}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const load = COMMANDS[name];
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
