import { expect } from 'vitest';
import type { SlackBlock, SlackPayload, SlackText } from '../../../../shared/domain/alerts/slack.js';
import { SLACK_LIMITS } from '../../../../shared/domain/alerts/slack-text.js';

/** Every text object of a payload's blocks. */
export function textsOf(payload: SlackPayload): SlackText[] {
  return payload.blocks.flatMap((block: SlackBlock) => {
    if (block.type === 'header') return [block.text];
    if (block.type === 'context') return block.elements;
    return [...(block.text ? [block.text] : []), ...(block.fields ?? [])];
  });
}

/** The mrkdwn text of the section that starts with `*label*`. */
export function sectionText(payload: SlackPayload, label: string): string | undefined {
  for (const block of payload.blocks) {
    if (block.type === 'section' && block.text?.text.startsWith(`*${label}*`)) return block.text.text;
  }
  return undefined;
}

// Links we build: <https://…console…|Label>.
const OUR_LINK = /<https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\/[^\s<>|]*\|[A-Za-z ]+>/g;

/** Asserts Slack's limits and that no event text can ping, link, or break out of a code block. */
export function expectSafeSlack(payload: SlackPayload): void {
  expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallback);
  let total = 0;
  for (const block of payload.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    if (block.type === 'section') {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.section);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
    }
  }
  for (const text of [...textsOf(payload), { type: 'mrkdwn' as const, text: payload.text }]) {
    total += text.text.length;
    const withoutOurLinks = text.text.replace(OUR_LINK, '');
    expect(withoutOurLinks).not.toMatch(/[<>]/);
    expect(text.text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(text.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]/);
    expect(text.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    const fences = text.text.split('```');
    if (fences.length > 1) {
      // Exactly one code block, opened and closed by us, with no backtick inside.
      expect(fences).toHaveLength(3);
      expect(fences[1]).not.toContain('`');
    }
  }
  expect(total - payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.totalBlockText);
}
