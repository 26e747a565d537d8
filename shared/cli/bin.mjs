#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx registers its loader, then main.ts is imported.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
// `ecs-lookout … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const args = process.argv.slice(2);
if (args[0] === '--script') {
  // Internal: run a TypeScript script (benchmarks) with the same loader.
  const { pathToFileURL } = await import('node:url');
  process.argv.splice(2, 2);
  await import(pathToFileURL(args[1]).href);
} else {
  // Commands are batch jobs in their own process: a long replay's memory stays near what it holds.
  const { boundHeapGrowth } = await import('./heap-growth.ts');
  boundHeapGrowth();
  const { main } = await import('./main.ts');
  const code = await main(args, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
  });
  process.exitCode = code;
  // A request given up at the deadline may leave a socket or a rate-limiter wait behind: once the command has
  // answered, nothing is worth waiting for. (An unref'd timer never delays an exit that is due anyway.)
  setTimeout(() => process.exit(code), 50).unref();
}
