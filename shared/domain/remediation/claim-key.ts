/** The remediation claim of a stopped task's replacement: one per failure, whichever delivery runs it. */
export function taskClaimKey(taskArn: string): string {
  return `run-task#${taskArn}`;
}
