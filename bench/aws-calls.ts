import { azOutage } from './support/az-outage.js';
import { runOutage } from './support/outage-run.js';
import { round } from './support/stats.js';
import type { BenchFigure, BenchSuite } from './types.js';

// DynamoDB APIs that write (lib-dynamodb's TransactWriteCommand is TransactWriteItems).
const DYNAMO_WRITES = [
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'TransactWriteCommand',
];

/** An AZ outage through the real adapters on mocked SDK clients: calls per API, alerts per incident. */
const suite: BenchSuite = async () => {
  const outage = azOutage();
  const run = await runOutage(outage);
  const eventsIn = run.eventsIn;
  const perEvent = { label: 'events delivered', value: eventsIn, unit: 'events' };
  const total = Object.values(run.calls).reduce((sum, n) => sum + n, 0);
  const metricCalls = run.calls['CloudWatch PutMetricData'] ?? 0;
  const mix = Object.entries(outage.byKind)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const remediations = Object.entries(run.remediations)
    .map(([what, n]) => `${n} ${what}`)
    .join(', ');
  const figures: BenchFigure[] = [
    {
      id: 'aws-calls.total',
      label: 'AWS API calls, AZ outage burst',
      value: total,
      unit: 'calls',
      baseline: perEvent,
      ratio: round(total / eventsIn, 2),
      note:
        `${outage.failures} task failures (${mix}) across ${outage.services} services and ${outage.hosts} hosts in 10 min, ` +
        `+${outage.duplicates} redeliveries; in ${run.batches} SQS batches as the event source mapping forms them ` +
        `(arrival order, closed at 100 messages or 10 s after the first), handled in turn; real adapters on ` +
        `aws-sdk-client-mock clients, DynamoDB answered by an in-memory table that evaluates the store's condition ` +
        `expressions; metrics as the Lambdas send them, EMF lines on stdout (no API call; ${metricCalls} PutMetricData), ` +
        `so every call counted here is one a deployed function makes; remediations: ${remediations || 'none'}; ` +
        `events failed back to the queue: ${run.failedEvents}`,
    },
  ];
  // PutMetricData stays listed at 0: the figure says the deployed functions make no metric calls.
  const byApi = { 'CloudWatch PutMetricData': 0, ...run.calls };
  for (const [api, calls] of Object.entries(byApi).sort(([a], [b]) => a.localeCompare(b))) {
    figures.push({
      // `CloudWatch Logs GetLogEvents` → `aws-calls.cloudwatch-logs.GetLogEvents`
      id: `aws-calls.${api
        .replace(/ (\w+)$/, '.$1')
        .replace(/ /g, '-')
        .replace(/^[^.]+/, (s) => s.toLowerCase())}`,
      label: `  ${api}`,
      value: calls,
      unit: 'calls',
      baseline: perEvent,
      ratio: round(calls / eventsIn, 5),
    });
  }
  const writes = DYNAMO_WRITES.map((api) => [api, run.calls[`DynamoDB ${api}`] ?? 0] as const).filter(([, n]) => n > 0);
  const writeCalls = writes.reduce((sum, [, n]) => sum + n, 0);
  figures.push({
    id: 'aws-calls.dynamodb.writes-per-event',
    label: 'DynamoDB write calls per delivery, AZ outage burst',
    value: writeCalls,
    unit: 'calls',
    baseline: perEvent,
    ratio: round(writeCalls / eventsIn, 3),
    note:
      `every DynamoDB call that writes (${writes.map(([api, n]) => `${api} ${n}`).join(', ') || 'none'}), ` +
      'as the pipeline in this tree handles the burst; a transaction or batch write counts once, whatever ' +
      'its item count',
  });
  figures.push({
    id: 'aws-calls.slack-http',
    label: '  Slack webhook POSTs (local fake)',
    value: run.slackRequests,
    unit: 'requests',
    baseline: perEvent,
    ratio: round(run.slackRequests / eventsIn, 5),
  });
  for (const channel of ['slack', 'sns']) {
    const sent = run.alertsByChannel[channel] ?? 0;
    figures.push({
      id: `aws-calls.alerts.${channel}`,
      label: `Alerts sent to ${channel === 'sns' ? 'SNS' : 'Slack'} during the burst`,
      value: sent,
      unit: 'messages',
      baseline: { label: 'incidents opened', value: run.incidentsOpened, unit: 'incidents' },
      ratio: run.incidentsOpened > 0 ? round(sent / run.incidentsOpened, 2) : undefined,
      note: 'opened and escalated transitions; resolutions come later from the sweep, which this burst does not run',
    });
  }
  const sentPerChannel = Math.max(run.alertsByChannel.slack ?? 0, run.alertsByChannel.sns ?? 0);
  figures.push({
    id: 'aws-calls.vs-forwarder',
    label: 'Messages per channel vs a one-message-per-event forwarder',
    value: sentPerChannel,
    unit: 'messages',
    baseline: { label: 'forwarder, one per delivered failure event', value: eventsIn, unit: 'messages' },
    ratio: round(sentPerChannel / eventsIn, 4),
  });
  return figures;
};

export default suite;
