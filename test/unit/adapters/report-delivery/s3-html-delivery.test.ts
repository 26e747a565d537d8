import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createS3HtmlDelivery } from '../../../../shared/adapters/report-delivery/s3-html-delivery.js';
import { pageReport } from '../../../fixtures/report/page-report.js';

const s3 = mockClient(S3Client);
const NOW = new Date('2026-08-20T08:00:05.000Z');
const REPORT = { ...pageReport(), generatedAt: '2026-08-20T08:00:00.000Z' };

function client() {
  return new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session-token' },
  });
}

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

describe('Function: createS3HtmlDelivery', () => {
  it('writes the page under reports/<day>/ as private, uncached HTML and presigns a GetObject for it', async () => {
    const page = await createS3HtmlDelivery({
      client: client(),
      bucket: 'lookout-reports',
      linkTtlMs: 12 * 3_600_000,
      clock: () => NOW,
      render: (report) => `<!doctype html><p>${report.status}</p>`,
    }).publish(REPORT);

    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'lookout-reports',
      Key: 'reports/2026-08-20/2026-08-20T08-00-00-000Z.html',
      Body: '<!doctype html><p>CRITICAL</p>',
      ContentType: 'text/html; charset=utf-8',
      CacheControl: 'private, no-store',
    });
    expect(page.key).toBe('reports/2026-08-20/2026-08-20T08-00-00-000Z.html');
    expect(page.expiresAt).toBe('2026-08-20T20:00:05.000Z');
    const url = new URL(page.url);
    expect(url.pathname).toBe('/reports/2026-08-20/2026-08-20T08-00-00-000Z.html');
    expect(url.hostname).toBe('lookout-reports.s3.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('43200');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    // Signed with temporary credentials: the token travels in the link, which dies with the session.
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('session-token');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // Presigning is local: the only call is the upload.
    expect(s3.calls()).toHaveLength(1);
  });

  it.each([
    { ttl: 30 * 86_400_000, seconds: '604800', why: 'capped at the SigV4 maximum of 7 days' },
    { ttl: 90_000, seconds: '90', why: 'as configured' },
    { ttl: 10, seconds: '1', why: 'at least one second' },
  ])('presigns for $seconds s ($why)', async ({ ttl, seconds }) => {
    const calls: { expiresIn?: number; command: unknown }[] = [];
    const page = await createS3HtmlDelivery({
      client: client(),
      bucket: 'b',
      linkTtlMs: ttl,
      clock: () => NOW,
      render: (report) => `<!doctype html><p>${report.status}</p>`,
      presign: async (_client, command, options) => {
        calls.push({ expiresIn: options?.expiresIn, command });
        return 'https://example.test/signed';
      },
    }).publish(REPORT);
    expect(calls).toHaveLength(1);
    expect(String(calls[0]!.expiresIn)).toBe(seconds);
    expect(calls[0]!.command).toBeInstanceOf(GetObjectCommand);
    expect(Date.parse(page.expiresAt) - NOW.getTime()).toBe(Number(seconds) * 1000);
  });

  it('throws when the upload fails, and presigns nothing', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    let presigned = 0;
    const publish = createS3HtmlDelivery({
      client: client(),
      bucket: 'b',
      linkTtlMs: 3_600_000,
      clock: () => NOW,
      render: (report) => `<!doctype html><p>${report.status}</p>`,
      presign: async () => {
        presigned += 1;
        return 'x';
      },
    }).publish(REPORT);
    await expect(publish).rejects.toThrow('Access Denied');
    expect(presigned).toBe(0);
  });
});
