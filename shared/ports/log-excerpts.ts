/** Reads the last log lines of a container (awslogs driver), bounded in size and time. */
export interface LogExcerpts {
  /** At most `maxLines` lines; resolves to [] on any error or after `timeoutMs`. */
  lastLines(input: {
    taskDefinitionArn: string;
    taskArn: string;
    container: string;
    maxLines: number;
    timeoutMs: number;
  }): Promise<{ lines: string[]; consoleUrl?: string }>;
}
