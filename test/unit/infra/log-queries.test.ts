import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { whyQuery } from '../../../shared/adapters/logs/insights-decision-log.js';
import { parseConfig } from '../../../shared/runtime/config.js';
import { replayDeps } from '../../../shared/runtime/replay-deps.js';
import { runScenario } from '../../../shared/simulator/run/index.js';
import { LIBRARY_DIR, loadScenario } from '../../../shared/simulator/scenario.js';
import { handleBatch } from '../../../shared/use-cases/handle-batch.js';
import type { PipelineLog } from '../../../shared/use-cases/pipeline-deps.js';
import { type CfnTemplate, loadTemplate, referencedId, resourcesOfType } from '../../helpers/cfn-template.js';

/** A log line as the Powertools logger writes it: level and message, the call's fields merged at the top. */
type LogLine = Record<string, unknown> & { level: string; message: string };

function recorder(lines: LogLine[]): PipelineLog {
  const at = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    lines.push({ ...extra, level, message });
  };
  return { info: at('INFO'), warn: at('WARN'), error: at('ERROR') };
}

// Logs Insights words that are not fields.
const KEYWORDS = new Set(
  'fields filter sort limit stats by as desc asc and or not like in count ispresent display'.split(' '),
);

/**
 * The fields a query names: its words outside string literals, less keywords, functions and @-fields, and
 * less aliases (`as name`) and the fields it only checks to be absent.
 */
function fieldsOf(query: string): string[] {
  const bare = query
    .replace(/not\s+ispresent\(\s*\w+\s*\)/g, ' ')
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\/(?:[^/\\]|\\.)+\//g, ' ');
  const words = bare.match(/@?[A-Za-z_][\w]*/g) ?? [];
  const aliases = new Set([...bare.matchAll(/\bas\s+(\w+)/g)].map((match) => match[1]));
  const named = words.filter((w) => !w.startsWith('@') && !KEYWORDS.has(w) && !aliases.has(w) && !/^\d/.test(w));
  return [...new Set(named)];
}

// The scenarios whose log lines cover every query: decisions of events and sweeps, a revoked Slack webhook,
// replacements done and refused, and drained instances.
const SCENARIOS = ['slack-revoked', 'job-app-exit-replaced', 'replacement-refused', 'lost-instance-drained'];

let template: CfnTemplate;
const lines: LogLine[] = [];

beforeAll(async () => {
  template = loadTemplate();
  for (const name of SCENARIOS)
    await runScenario(await loadScenario(join(LIBRARY_DIR, `${name}.json`)), { log: recorder(lines) });
  // And an event that is not an ECS event at all.
  await handleBatch(replayDeps(parseConfig({}), recorder(lines)), [{ input: 'bad#0', value: { hello: 'world' } }]);
}, 120_000);

const queries = () => resourcesOfType(template, 'AWS::Logs::QueryDefinition');

describe('Saved Logs Insights queries (infra/resources/log-queries.yml)', () => {
  it('searches only log groups of this stack, and every deciding function for the decision queries', () => {
    const groups = new Set(resourcesOfType(template, 'AWS::Logs::LogGroup').map(([id]) => id));
    expect(queries().length).toBeGreaterThanOrEqual(6);
    for (const [, query] of queries()) {
      const named = (query.Properties.LogGroupNames as unknown[]).map(referencedId);
      for (const id of named) expect(groups).toContain(id);
    }
    const deciders = [
      'TaskStateChangeLogGroup',
      'InstanceStateChangeLogGroup',
      'ServiceEventLogGroup',
      'GraceSweepLogGroup',
    ];
    for (const id of ['WhyQuery', 'PagesQuery', 'HeldBackQuery']) {
      const named = (template.Resources[id]!.Properties.LogGroupNames as unknown[]).map(referencedId);
      expect(named.sort()).toEqual([...deciders].sort());
    }
  });

  it.each([
    ['WhyQuery', (l: LogLine) => l.message === 'decision'],
    ['PagesQuery', (l: LogLine) => l.message === 'decision' && 'transition' in l && l.reason !== 'silenced'],
    ['HeldBackQuery', (l: LogLine) => l.message === 'decision' && (!('transition' in l) || l.reason === 'silenced')],
    ['DeliveryProblemsQuery', (l: LogLine) => l.level !== 'INFO' && /alert|deliver/.test(l.message)],
    ['RemediationQuery', (l: LogLine) => l.message.startsWith('remediation') || l.message.startsWith('replacement')],
    ['InvalidEventsQuery', (l: LogLine) => l.message === 'invalid event'],
  ])('%s names only fields that the lines it finds carry', (id, finds) => {
    const found = lines.filter(finds);
    expect(found.length).toBeGreaterThan(0);
    const carried = new Set(found.flatMap((line) => Object.keys(line)));
    for (const field of fieldsOf(template.Resources[id]!.Properties.QueryString as string)) {
      expect(carried, `${id}: no line it finds has "${field}"`).toContain(field);
    }
  });

  it('is the query `ecs-lookout why` runs, with NAME and the limit filled in', () => {
    expect(template.Resources.WhyQuery!.Properties.QueryString).toBe(whyQuery('NAME', 500));
  });

  it("puts the pages query on the dashboard, over the same functions' log groups", () => {
    const body = (template.Resources.LookoutDashboard!.Properties.DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
    const widgets = JSON.parse(body.replaceAll(`\${AWS::Region}`, 'us-east-1')).widgets as {
      type: string;
      properties: { query?: string };
    }[];
    const [widget] = widgets.filter((w) => w.type === 'log');
    const parts = widget!.properties.query!.split(' | ');
    const sources = parts.filter((p) => p.startsWith('SOURCE ')).map((p) => p.slice(8, -1));
    expect(sources).toEqual([
      '/aws/lambda/ecs-lookout-dev-task-state-change',
      '/aws/lambda/ecs-lookout-dev-instance-state-change',
      '/aws/lambda/ecs-lookout-dev-service-event',
      '/aws/lambda/ecs-lookout-dev-grace-sweep',
    ]);
    const steps = (query: string) => query.split(/\s*\|\s*|\n/).filter((p) => p && !/^(SOURCE|limit) /.test(p));
    const saved = template.Resources.PagesQuery!.Properties.QueryString as string;
    expect(steps(widget!.properties.query!)).toEqual(steps(saved));
  });

  it('finds sweep decisions by incident like event decisions (the sweep logs the same fields)', () => {
    const sweep = lines.filter((l) => l.message === 'decision' && String(l.input).startsWith('sweep@'));
    expect(sweep.length).toBeGreaterThan(0);
    for (const line of sweep) {
      expect(line).toHaveProperty('reason');
      if (line.transition !== undefined) expect(line).toHaveProperty('incident');
    }
  });
});
