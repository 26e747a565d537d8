import { classify } from '../../domain/classify/classify.js';
import { parseSeverityOverrides } from '../../domain/classify/severity-overrides.js';
import type { ClassifyOptions, Verdict } from '../../domain/classify/types.js';
import { parseEcsEvent } from '../../domain/events/parse.js';
import { parseCommandArgs } from '../args.js';
import { count } from '../plural.js';
import { readEventInputs } from '../read-events.js';
import type { CliCommand, CliIo } from '../types.js';
import { EXIT, UsageError } from '../types.js';

const OVERRIDES_VARIABLE = 'LOOKOUT_SEVERITY_OVERRIDES';
const SUMMARY_WIDTH = 110;
const INPUT_WIDTH = 60;

const USAGE = `Usage: ecs-lookout classify [--json] PATH…

Classifies ECS EventBridge events offline: category, severity, whether it alerts, the fitting remediation
and a one-line summary. Malformed events are reported as category "invalid", not as a failure.

PATH: a file of one JSON event, a JSON array (inputs path#index) or JSON Lines (path#line-index, from 0),
      a directory (*.json and *.jsonl, recursively, sorted, links followed once), or - for stdin.
  --json   one JSON object per event and line, in input order:
           {"input","detailType","category","severity","alert","remediation","summary"} (+ "error" if invalid)

Environment: ${OVERRIDES_VARIABLE}=category=severity,… changes severities (e.g. app-exit=critical).
The format is told by the content, not the name. Control characters from event text print as ?.
Exit codes: 0 every PATH was read; 2 bad arguments, an unreadable PATH, unparseable JSON (path, line and
column), or no events at all (empty input, an empty array, a directory without *.json or *.jsonl).`;

interface Classified {
  input: string;
  detailType: string | null;
  verdict: Verdict;
}

function readOptions(io: CliIo): ClassifyOptions {
  const parsed = parseSeverityOverrides(io.env[OVERRIDES_VARIABLE] ?? '');
  if (!parsed.ok) throw new UsageError(`${OVERRIDES_VARIABLE}: ${parsed.error}`);
  return { severities: parsed.severities };
}

function parseCommandLine(args: string[]): { json: boolean; paths: string[] } {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  if (positionals.length === 0) throw new UsageError('give at least one PATH (try --help)');
  return { json: values.json === true, paths: positionals };
}

function jsonLine({ input, detailType, verdict }: Classified): string {
  const { category, severity, alert, remediation, summary, error } = verdict;
  const line: Record<string, unknown> = { input, detailType, category, severity, alert, remediation, summary };
  if (error !== undefined) line.error = error;
  return `${JSON.stringify(line)}\n`;
}

/** Untrusted event text must not drive the terminal: control characters become `?`. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function truncateTo(text: string, width: number, keepEnd = false): string {
  if (text.length <= width) return text;
  return keepEnd ? `…${text.slice(text.length - width + 1)}` : `${text.slice(0, width - 1)}…`;
}

function table(rows: Classified[]): string {
  const cells = rows.map(({ input, verdict }) => [
    truncateTo(printable(input), INPUT_WIDTH, true),
    verdict.category,
    verdict.severity,
    verdict.alert ? 'yes' : 'no',
    truncateTo(printable(verdict.summary), SUMMARY_WIDTH),
  ]);
  const header = ['INPUT', 'CATEGORY', 'SEVERITY', 'ALERT', 'SUMMARY'];
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]?.length ?? 0)));
  const render = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .concat('\n');
  const alerts = rows.filter((row) => row.verdict.alert).length;
  const invalid = rows.filter((row) => row.verdict.category === 'invalid').length;
  const footer = `\n${count(rows.length, 'event')}: ${alerts} alerting, ${invalid} invalid.\n`;
  return [render(header), ...cells.map(render)].join('') + footer;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { json, paths } = parseCommandLine(args);
  const options = readOptions(io);
  const inputs = await readEventInputs(paths, io);
  const rows = inputs.map(({ input, value }): Classified => {
    const event = parseEcsEvent(value);
    return { input, detailType: event.meta.detailType ?? null, verdict: classify(event, options) };
  });
  if (json) for (const row of rows) io.stdout(jsonLine(row));
  else io.stdout(table(rows));
  return EXIT.ok;
}

/** `ecs-lookout classify [--json] PATH…`: classify recorded events without AWS. */
export const command: CliCommand = {
  name: 'classify',
  usage: USAGE,
  async run(args, io) {
    try {
      return await run(args, io);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`ecs-lookout classify: ${error.message}\n`);
      return EXIT.usage;
    }
  },
};
