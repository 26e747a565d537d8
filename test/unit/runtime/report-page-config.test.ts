import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../shared/runtime/config.js';

describe('Function: parseConfig — health page in S3', () => {
  it.each([
    { env: {}, expected: undefined },
    // the TTL alone turns nothing on
    { env: { LOOKOUT_REPORT_LINK_TTL: '2h' }, expected: undefined },
    { env: { LOOKOUT_REPORT_BUCKET: 'pages' }, expected: { bucket: 'pages', linkTtlMs: 12 * 3_600_000 } },
    {
      env: { LOOKOUT_REPORT_BUCKET: ' pages ', LOOKOUT_REPORT_LINK_TTL: '7d' },
      expected: { bucket: 'pages', linkTtlMs: 7 * 86_400_000 },
    },
  ])('$env', ({ env, expected }) => {
    expect(parseConfig(env).reportPage).toEqual(expected);
  });

  it.each([
    { ttl: '8d', message: 'at most 7d' },
    { ttl: 'soon', message: 'is not a duration' },
  ])('refuses a link TTL of $ttl, naming the variable', ({ ttl, message }) => {
    const parse = () => parseConfig({ LOOKOUT_REPORT_BUCKET: 'pages', LOOKOUT_REPORT_LINK_TTL: ttl });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(`LOOKOUT_REPORT_LINK_TTL: `);
    expect(parse).toThrow(message);
  });
});
