import { describe, expect, it } from 'vitest';
import { parseSeverityOverrides } from '../../../shared/domain/classify/severity-overrides.js';

describe('Function: parseSeverityOverrides', () => {
  it.each([
    // text, parsed overrides
    ['', {}],
    ['   ', {}],
    ['app-exit=critical', { 'app-exit': 'critical' }],
    [' app-exit = critical , spot-interruption=none,', { 'app-exit': 'critical', 'spot-interruption': 'none' }],
  ])('parses %j', (text, severities) => {
    expect(parseSeverityOverrides(text)).toEqual({ ok: true, severities });
  });

  it.each([
    // text, error
    ['app-exit', '"app-exit" is not category=severity'],
    ['app-exit=critical=x', '"app-exit=critical=x" is not category=severity'],
    ['crash=critical', 'unknown category "crash"'],
    ['oom=loud', 'unknown severity "loud" (use critical, warning, info or none)'],
    ['oom=info,oom=none', '"oom" is set twice'],
    ['toString=info', 'unknown category "toString"'],
  ])('rejects %j', (text, error) => {
    expect(parseSeverityOverrides(text)).toEqual({ ok: false, error });
  });
});
