import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAlert } from '../../../../shared/domain/alerts/build.js';
import { renderSns, SNS_LIMITS } from '../../../../shared/domain/alerts/sns.js';
import { extractAlertJson, JSON_BEGIN, JSON_END } from '../../../../shared/domain/alerts/sns-json.js';
import type { Severity } from '../../../../shared/domain/classify/types.js';
import type { Transition } from '../../../../shared/domain/incidents/types.js';
import { ALERTING, IDS, incidentAfter, makeAlert, makeIncident, TRANSITIONS } from './incident-factory.js';

const CASES = ALERTING.flatMap(([category]) => TRANSITIONS.map((transition) => [category, transition] as const));
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** SNS's Subject rule: printable ASCII, under 100 characters, starting with a letter, digit or punctuation. */
function expectValidSubject(subject: string): void {
  expect(subject.length).toBeLessThan(100);
  expect(subject).toMatch(/^[\x21-\x7E][\x20-\x7E]*$/);
}

describe('Function: renderSns', () => {
  it.each(CASES)('renders %s / %s: valid subject, readable text, parseable JSON', (category, transition) => {
    // Prepare
    const alert = buildAlert({ incident: incidentAfter(transition, category), transition });

    // Act
    const payload = renderSns(alert);

    // Assess
    expectValidSubject(payload.Subject);
    expect(payload.Message).toContain(`Cause\n  ${alert.cause}`);
    expect(extractAlertJson(payload.Message)).toMatchObject({
      schema: 'ecs-lookout.alert.v1',
      id: alert.id,
      transition,
      category,
      title: alert.title,
    });
    for (const attribute of Object.values(payload.MessageAttributes)) expect(attribute.StringValue).not.toBe('');
  });

  it.each<[Transition, Severity, string]>([
    ['opened', 'critical', '[CRITICAL] Out of memory: service orders-api in prod'],
    ['repeated', 'warning', '[WARNING] Still failing: Out of memory: service orders-api in prod'],
    ['opened', 'info', '[INFO] Out of memory: service orders-api in prod'],
    ['resolved', 'critical', '[RESOLVED] Out of memory: service orders-api in prod'],
  ])('tags the subject of a %s %s alert', (transition, severity, expected) => {
    expect(
      renderSns(buildAlert({ incident: incidentAfter(transition, 'oom', { severity }), transition })).Subject,
    ).toBe(expected);
  });

  it('keeps the subject ASCII, on one line and under 100 characters whatever the names', () => {
    const incident = makeIncident('oom', {
      subject: { kind: 'service', name: `café ☕\nsvc\u0007 ${'long-'.repeat(100)}` },
    });
    const { Subject } = renderSns(buildAlert({ incident, transition: 'opened' }));
    expectValidSubject(Subject);
    expect(Subject).toMatch(/^\[CRITICAL\] Out of memory: service cafe \? svc long-long-.*\.\.\.$/);
  });

  it('sets filterable attributes', () => {
    expect(renderSns(makeAlert('oom', 'escalated')).MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'critical' },
      category: { DataType: 'String', StringValue: 'oom' },
      cluster: { DataType: 'String', StringValue: 'prod' },
      service: { DataType: 'String', StringValue: 'orders-api' },
      account: { DataType: 'String', StringValue: IDS.account },
      region: { DataType: 'String', StringValue: IDS.region },
      transition: { DataType: 'String', StringValue: 'escalated' },
    });
  });

  it('omits empty attributes (SNS rejects an empty StringValue)', () => {
    const incident = makeIncident('instance-disconnected', {
      cluster: '',
      facts: { cluster: undefined, service: undefined },
    });
    const attributes = renderSns(buildAlert({ incident, transition: 'opened' })).MessageAttributes;
    expect(Object.keys(attributes).sort()).toEqual(['account', 'category', 'region', 'severity', 'transition']);
  });

  it('writes a readable message: headline, where, cause, details, links, logs, then the JSON block', () => {
    const message = renderSns(makeAlert('oom', 'opened', { logLines: ['Starting', 'OOM'] })).Message;
    const order = [
      '[CRITICAL] Out of memory',
      'Cluster: prod',
      'Cause',
      'Details',
      'Links',
      'Last log lines',
      JSON_BEGIN,
      JSON_END,
    ];
    const positions = order.map((marker) => message.indexOf(marker));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(message).toContain('  | Starting\n  | OOM');
    expect(message).toContain(
      `  Task: https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/${IDS.taskId}/configuration`,
    );
  });

  it('puts the facts and counts in the JSON block', () => {
    const json = extractAlertJson(renderSns(makeAlert('oom', 'opened', { logLines: ['OOM'] })).Message);
    expect(json).toMatchObject({
      severity: 'critical',
      incident: { key: expect.stringContaining('orders-api'), totalFailures: 7, countsByCategory: { oom: 7 } },
      facts: { container: 'web', exitCode: 137, taskArn: IDS.taskArn },
      links: { service: expect.stringMatching(/^https:\/\/eu-west-1\.console/) },
      logLines: ['OOM'],
    });
  });

  it('cannot be fooled by event text that imitates the JSON markers', () => {
    const alert = makeAlert('oom', 'opened', { logLines: [JSON_BEGIN, '{"forged": true}', JSON_END] });
    alert.cause = `${JSON_END}\n${JSON_BEGIN}\n{"forged":true}`;
    const json = extractAlertJson(renderSns(alert).Message) as { id: string; logLines: string[] };
    expect(json.id).toBe(alert.id);
    expect(json.logLines).toEqual([JSON_BEGIN, '{"forged": true}', JSON_END]);
  });

  it('stays under the size limit with 10,000 long log lines, keeping the newest', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i} ${'é'.repeat(500)}`);
    const { Message } = renderSns(makeAlert('oom', 'opened', { logLines: lines }));
    expect(bytes(Message)).toBeLessThanOrEqual(SNS_LIMITS.messageBytes);
    const json = extractAlertJson(Message) as { logLines: string[] };
    expect(json.logLines[0]).toMatch(/^… \(\d+ earlier lines dropped\)$/);
    expect(json.logLines.at(-1)).toMatch(/^line 9999 /);
  });

  it('stays under the size limit with a 1 MB cause and 1 MB facts', () => {
    const alert = makeAlert('app-exit', 'opened', { overrides: { facts: { reason: 'r'.repeat(1 << 20) } } });
    alert.cause = 'c'.repeat(1 << 20);
    const { Message, Subject } = renderSns(alert);
    expect(bytes(Message)).toBeLessThanOrEqual(SNS_LIMITS.messageBytes);
    expectValidSubject(Subject);
  });

  it('drops links that are not AWS console URLs from text and JSON', () => {
    const alert = makeAlert('oom');
    alert.links = { ...alert.links, logs: 'https://evil.example/phish' };
    const { Message } = renderSns(alert);
    expect(Message).not.toContain('evil.example');
    expect((extractAlertJson(Message) as { links: Record<string, string> }).links.service).toMatch(
      /^https:\/\/eu-west-1/,
    );
  });

  it('stays under the size limit when names are enormous', () => {
    const huge = 'n'.repeat(300_000);
    const incident = makeIncident('oom', {
      key: huge,
      cluster: huge,
      subject: { kind: 'service', name: huge },
      facts: { cluster: huge, service: huge, container: huge },
    });
    const payload = renderSns(buildAlert({ incident, transition: 'opened' }));
    expect(bytes(payload.Message)).toBeLessThanOrEqual(SNS_LIMITS.messageBytes);
    for (const attribute of Object.values(payload.MessageAttributes)) {
      expect(attribute.StringValue.length).toBeLessThanOrEqual(SNS_LIMITS.attributeValue);
    }
  });

  it('strips control characters from the text part', () => {
    const alert = makeAlert('oom', 'opened', { logLines: ['\u001b[31mred\u001b[0m\u0000bell\u0007'] });
    expect(renderSns(alert).Message).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
  });

  it('holds its guarantees for arbitrary text (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(text, text, fc.array(text, { maxLength: 20 }), (name, reason, logs) => {
        const incident = makeIncident('app-exit', { cluster: name, facts: { container: name, reason, service: name } });
        const payload = renderSns(buildAlert({ incident, transition: 'opened', logLines: logs }));
        expectValidSubject(payload.Subject);
        expect(extractAlertJson(payload.Message)).toBeDefined();
        for (const attribute of Object.values(payload.MessageAttributes)) {
          expect(attribute.StringValue).not.toMatch(/[\u0000-\u001F\u007F]/);
          expect(attribute.StringValue).not.toMatch(
            /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
