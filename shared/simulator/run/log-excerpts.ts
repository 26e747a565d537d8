import type { LogExcerpts } from '../../ports/log-excerpts.js';

/**
 * Container logs of the simulated fleet: a fixed last line per task (the fleet writes no real logs), so
 * alerts carry an excerpt as they would with the awslogs driver, without a CloudWatch Logs model.
 */
export function createSimLogExcerpts(): LogExcerpts {
  return {
    async lastLines(input) {
      if (input.maxLines <= 0) return { lines: [] };
      const task = input.taskArn.split('/').at(-1) ?? input.taskArn;
      return { lines: [`[simulated] ${input.container} of task ${task} stopped`] };
    },
  };
}
