import { describe, expect, it } from 'vitest';
import { buildAlert } from '../../../../shared/domain/alerts/build.js';
import { renderSlack } from '../../../../shared/domain/alerts/slack.js';
import type { Severity } from '../../../../shared/domain/classify/types.js';
import type { Transition } from '../../../../shared/domain/incidents/types.js';
import { ALERTING, IDS, incidentAfter, makeAlert, makeIncident, TRANSITIONS } from './incident-factory.js';
import { expectSafeSlack, sectionText } from './slack-assertions.js';

const CASES = ALERTING.flatMap(([category]) => TRANSITIONS.map((transition) => [category, transition] as const));

describe('Function: renderSlack', () => {
  it.each(CASES)('renders %s / %s within limits, escaped', (category, transition) => {
    // Prepare
    const alert = buildAlert({
      incident: incidentAfter(transition, category),
      transition,
      logLines: ['started', 'boom'],
    });

    // Act
    const payload = renderSlack(alert);

    // Assess
    expectSafeSlack(payload);
    expect(payload.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(sectionText(payload, 'Cause')).toMatch(/^\*Cause\*\n\S/);
  });

  it.each<[Transition, Severity, string]>([
    ['opened', 'critical', '🔴'],
    ['escalated', 'warning', '🟠'],
    ['repeated', 'info', '🔵'],
    ['resolved', 'critical', '✅'],
  ])('prefixes the header of a %s %s alert with %s', (transition, severity, emoji) => {
    const alert = buildAlert({ incident: incidentAfter(transition, 'oom', { severity }), transition });
    const header = renderSlack(alert).blocks[0];
    expect(header?.type === 'header' && header.text.text).toBe(`${emoji} ${alert.title}`);
  });

  it('shows where and what in fields', () => {
    const payload = renderSlack(makeAlert('oom', 'opened'));
    const fields = payload.blocks[1]?.type === 'section' ? payload.blocks[1].fields?.map((f) => f.text) : [];
    expect(fields).toEqual([
      '*Cluster*\nprod',
      '*Service*\norders-api',
      '*Container*\nweb',
      '*Category*\nOut of memory (oom)',
      '*Transition*\nOpened · critical',
      `*Account / region*\n${IDS.account} · ${IDS.region}`,
    ]);
  });

  it('lists details as bullets and log lines in a code block', () => {
    const payload = renderSlack(makeAlert('oom', 'opened', { logLines: ['Starting server', 'heap out of memory'] }));
    expect(sectionText(payload, 'Details')).toMatch(/^\*Details\*\n• 3 failures in the last 10 min, 7 since 09:14 UTC/);
    expect(sectionText(payload, 'Last log lines')).toBe(
      '*Last log lines*\n```\nStarting server\nheap out of memory\n```',
    );
  });

  it('omits the log section when there are no lines', () => {
    expect(sectionText(renderSlack(makeAlert('oom')), 'Last log lines')).toBeUndefined();
  });

  it('links the console with our labels and ends with the incident context', () => {
    const payload = renderSlack(makeAlert('oom'));
    const linkSection = payload.blocks.at(-2);
    expect(linkSection?.type === 'section' && linkSection.text?.text).toBe(
      [
        '<https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/orders-api/health?region=eu-west-1|Service>',
        `<https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/${IDS.taskId}/configuration?region=eu-west-1|Task>`,
        '<https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services?region=eu-west-1|Cluster>',
      ].join('  ·  '),
    );
    const context = payload.blocks.at(-1);
    expect(context?.type === 'context' && context.elements[0]?.text).toBe(
      `Incident \`task-failure#${IDS.account}#eu-west-1#prod#service:orders-api\` · 2026-08-20 09:30 UTC · opened 09:14 UTC`,
    );
  });

  it('refuses to render a link that is not an AWS console URL', () => {
    const alert = makeAlert('oom');
    alert.links = { service: 'https://evil.example/phish', logs: 'javascript:alert(1)' };
    const payload = renderSlack(alert);
    expect(JSON.stringify(payload)).not.toContain('evil.example');
    expect(JSON.stringify(payload)).not.toContain('javascript:');
  });

  it('gives a one-line fallback text for notifications', () => {
    const payload = renderSlack(makeAlert('deployment-failed'));
    expect(payload.text).toBe(
      '🔴 Deployment ecs-svc/1234567890123456789 of orders-api in prod failed: Deployment ecs-svc/1234567890123456789 failed. ECS said: "ECS deployment circuit breaker: task failed to start."',
    );
  });

  it('turns off link unfurling (console links would preview a login page)', () => {
    expect(renderSlack(makeAlert()).unfurl_links).toBe(false);
  });

  it('names a lost instance by its EC2 id', () => {
    const payload = renderSlack(buildAlert({ incident: makeIncident('instance-disconnected'), transition: 'opened' }));
    expect(JSON.stringify(payload.blocks[1])).toContain(`*Instance*\\n${IDS.ec2InstanceId}`);
  });
});
