import { describe, expect, it } from 'vitest';
import { describeExitCode } from '../../../../shared/domain/alerts/labels.js';
import { encodePart, isConsoleUrl, logStreamConsoleUrl } from '../../../../shared/domain/alerts/links.js';
import { clipEscaped, escapeSlack, escapeSlackCode } from '../../../../shared/domain/alerts/slack-text.js';
import { clip, formatUtc, oneLine, stripControl, toAscii } from '../../../../shared/domain/alerts/text.js';

describe('Module: alert text helpers', () => {
  it.each([
    ['keeps short text', 'abc', 5, 'abc'],
    ['marks a cut', 'abcdefghijklmnopqrstuvwxyz', 20, 'abcdefg… (truncated)'],
    ['cuts plainly when the marker does not fit', 'abcdefghij', 8, 'abcdefgh'],
  ])('clip: %s', (_, text, max, expected) => {
    expect(clip(text, max)).toBe(expected);
  });

  it('clip: ends with the marker and never splits a surrogate pair', () => {
    const text = `${'a'.repeat(9)}😀😀😀😀😀😀😀😀😀😀😀😀`;
    const cut = clip(text, 24);
    expect(cut.length).toBeLessThanOrEqual(24);
    expect(cut.endsWith('… (truncated)')).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('stripControl: removes ANSI codes, control and bidi characters, keeps newlines and tabs', () => {
    expect(stripControl('\u001b[31mred\u001b[0m\u0007 a\tb\r\nc\u202Eevil\u0000')).toBe('red a\tb\ncevil');
  });

  it('stripControl: replaces lone surrogates', () => {
    expect(stripControl('a\uD800b')).toBe('a\uFFFDb');
  });

  it('oneLine: collapses whitespace and line breaks', () => {
    expect(oneLine('  a\n\n b\t c ')).toBe('a b c');
  });

  it.each([
    ['same day', '2026-08-20T09:14:59Z', '2026-08-20T23:00:00Z', '09:14 UTC'],
    ['other day', '2026-08-19T23:50:00Z', '2026-08-20T00:10:00Z', '2026-08-19 23:50 UTC'],
    ['no reference', '2026-08-20T09:14:00Z', undefined, '2026-08-20 09:14 UTC'],
    ['unparseable', 'yesterday\nnight', undefined, 'yesterday night'],
  ])('formatUtc: %s', (_, iso, reference, expected) => {
    expect(formatUtc(iso, reference)).toBe(expected);
  });

  it.each([
    [0, 'exit 0, success'],
    [137, 'exit 137, killed, SIGKILL'],
    [141, 'exit 141, signal 13'],
    [42, 'exit 42'],
  ])('describeExitCode(%i)', (code, expected) => {
    expect(describeExitCode(code)).toBe(expected);
  });

  it('escapeSlack: escapes the three control characters of mrkdwn', () => {
    expect(escapeSlack('<!channel> & <@U123> <https://evil|click>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil|click&gt;',
    );
  });

  it('escapeSlackCode: no backtick survives', () => {
    expect(escapeSlackCode('a ``` b `c`')).toBe('a ˋˋˋ b ˋcˋ');
  });

  it('clipEscaped: never leaves half an entity', () => {
    const cut = clipEscaped(escapeSlack('&'.repeat(100)), 30);
    expect(cut).toMatch(/^(&amp;)+… \(truncated\)$/);
  });

  it('toAscii: keeps subjects printable ASCII', () => {
    expect(toAscii('Crash loop: café ☕ “quoted” – ≥ 3\nnext')).toBe('Crash loop: cafe ? "quoted" - >= 3 next');
  });

  it('encodePart: encodes what could end a Slack link or a URL path segment', () => {
    expect(encodePart("a/b|c>d e(f)'!*~")).toBe('a%2Fb%7Cc%3Ed%20e%28f%29%27%21%2A%7E');
  });

  it('logStreamConsoleUrl: double-encodes group and stream with $ for the outer %', () => {
    expect(logStreamConsoleUrl('eu-west-1', '/ecs/orders-api', 'ecs/web/0123')).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Forders-api/log-events/ecs$252Fweb$252F0123',
    );
    expect(logStreamConsoleUrl('eu-west-1', 'g', '[$LATEST]x')).toMatch(/log-events\/\$255B\$2524LATEST\$255Dx$/);
    expect(logStreamConsoleUrl('../evil', 'g', 's')).toBeUndefined();
  });

  it.each([
    ['https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod', true],
    ['https://cn-north-1.console.amazonaws.cn/ecs', true],
    ['https://console.amazonaws-us-gov.com/ecs', true],
    ['http://eu-west-1.console.aws.amazon.com/ecs', false],
    ['https://evil.example/console.aws.amazon.com/', false],
    ['https://eu-west-1.console.aws.amazon.com/x|click', false],
    ['https://eu-west-1.console.aws.amazon.com.evil.example/', false],
  ])('isConsoleUrl(%s) is %s', (url, expected) => {
    expect(isConsoleUrl(url)).toBe(expected);
  });
});
