/** What a CLI command may touch: injected so commands are testable without a process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  /** True when stderr is a terminal (progress output is allowed). */
  stderrIsTTY: boolean;
  /** stderr without sanitising, for the terminal control of a progress line (main sets it). */
  rawStderr?: (text: string) => void;
  env: Record<string, string | undefined>;
}

/** One `ecs-lookout <name>` command. `run` resolves to the process exit code. */
export interface CliCommand {
  name: string;
  /** Full `--help` text. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, problem: 1, usage: 2 } as const;

/** Thrown for unusable input or arguments; main prints the one-line message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
