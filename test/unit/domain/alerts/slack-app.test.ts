import { describe, expect, it } from 'vitest';
import { ROOT_COLOURS, renderSlackReply, renderSlackRoot } from '../../../../shared/domain/alerts/slack-app.js';
import { SLACK_LIMITS } from '../../../../shared/domain/alerts/slack-text.js';
import type { Transition } from '../../../../shared/domain/incidents/types.js';
import { makeAlert } from './incident-factory.js';

describe('Function: renderSlackRoot', () => {
  it.each<[Transition, 'oom' | 'app-exit', string]>([
    ['opened', 'oom', ROOT_COLOURS.critical],
    ['escalated', 'app-exit', ROOT_COLOURS.warning],
    ['resolved', 'oom', ROOT_COLOURS.resolved],
  ])('colours a %s %s root %s', (transition, category, colour) => {
    expect(renderSlackRoot(makeAlert(category, transition)).attachments[0].color).toBe(colour);
  });

  it('keeps the webhook blocks within Slack limits and says what changed last', () => {
    const root = renderSlackRoot(makeAlert('oom', 'escalated'));
    const { blocks } = root.attachments[0];
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Last change: escalated at 09:30 UTC' }],
    });
    expect(root.text).toBe(root.attachments[0].fallback);
  });
});

describe('Function: renderSlackReply', () => {
  it('tells the transition, its severity and time, and its first detail line', () => {
    const reply = renderSlackReply(makeAlert('oom', 'escalated'));
    expect(reply.text).toBe('Escalated: Crash loop: service orders-api in prod');
    expect(reply.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: '🔴 *Escalated* · critical · 09:30 UTC\nEscalated to crash loop: ≥ 3 failures in 10 min',
        },
      },
    ]);
  });

  it('escapes event text so it cannot mention anyone', () => {
    const alert = makeAlert('app-exit', 'opened', { overrides: { notes: [] } });
    const reply = renderSlackReply({ ...alert, details: ['<!channel> look <@U123>'] });
    const text = (reply.blocks[0] as { text: { text: string } }).text.text;
    expect(text).toContain('&lt;!channel&gt; look &lt;@U123&gt;');
  });
});
