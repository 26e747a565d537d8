import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { HealthReport } from '../../domain/report/types.js';
import type { HealthPagePublisher, PublishedPage } from '../../ports/health-page.js';

/** A SigV4 presigned URL works for at most 7 days (X-Amz-Expires ≤ 604,800 s). */
export const MAX_LINK_TTL_MS = 7 * 86_400_000;

/** Key prefix of the pages; the function's role may only write (and read) under it. */
export const PAGE_PREFIX = 'reports/';

/** Options of the S3 page publisher. */
export interface S3HtmlDeliveryOptions {
  client: S3Client;
  bucket: string;
  /** How long the link works (capped at 7 days); it also dies with the credentials that signed it. */
  linkTtlMs: number;
  clock: () => Date;
  /** The page of a report (renderHtml); passed in so the HTML renderer loads with this adapter, on demand. */
  render: (report: HealthReport) => string;
  /** The presigner (tests may pass a spy); defaults to @aws-sdk/s3-request-presigner. */
  presign?: typeof getSignedUrl;
}

/** `reports/2026-08-20/2026-08-20T08-00-00-000Z.html`: one page per report time, grouped by day. */
export function pageKey(report: Pick<HealthReport, 'generatedAt'>): string {
  const stamp = report.generatedAt.replace(/[^0-9A-Za-z]/g, '-');
  return `${PAGE_PREFIX}${report.generatedAt.slice(0, 10)}/${stamp}.html`;
}

/**
 * Writes the page to a private bucket (encrypted by the bucket's default encryption, expired by its
 * lifecycle rule) and presigns a GetObject for it with the function's own credentials. A retried digest
 * for the same report time overwrites the same key.
 */
export function createS3HtmlDelivery(options: S3HtmlDeliveryOptions): HealthPagePublisher {
  const presign = options.presign ?? getSignedUrl;
  const expiresIn = Math.max(1, Math.floor(Math.min(options.linkTtlMs, MAX_LINK_TTL_MS) / 1000));
  return {
    async publish(report): Promise<PublishedPage> {
      const key = pageKey(report);
      await options.client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: options.render(report),
          ContentType: 'text/html; charset=utf-8',
          ContentDisposition: 'inline',
          // The link is a bearer token for this one page: no shared cache should keep a copy.
          CacheControl: 'private, no-store',
        }),
      );
      const url = await presign(options.client, new GetObjectCommand({ Bucket: options.bucket, Key: key }), {
        expiresIn,
      });
      return { url, key, expiresAt: new Date(options.clock().getTime() + expiresIn * 1000).toISOString() };
    },
  };
}
