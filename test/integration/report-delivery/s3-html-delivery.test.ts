import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createS3HtmlDelivery } from '../../../shared/adapters/report-delivery/s3-html-delivery.js';
import { renderHtml } from '../../../shared/domain/report/render-html.js';
import { pageReport } from '../../fixtures/report/page-report.js';
import { motoClientConfig, uniqueName } from '../../helpers/moto.js';

// Path-style: moto answers on one host, so the bucket cannot be a subdomain of it.
const client = new S3Client({ ...motoClientConfig(), forcePathStyle: true });
const bucket = uniqueName('lookout-reports');

beforeAll(async () => {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe('S3 health page delivery against moto', () => {
  it('stores the page and the presigned link serves it, as HTML, to a client without credentials', async () => {
    const report = pageReport();
    const html = renderHtml(report);
    const page = await createS3HtmlDelivery({
      client,
      bucket,
      linkTtlMs: 3_600_000,
      clock: () => new Date(),
      render: renderHtml,
    }).publish(report);

    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: page.key }));
    expect(head.ContentType).toBe('text/html; charset=utf-8');
    expect(head.CacheControl).toBe('private, no-store');

    const response = await fetch(page.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(html);
  });

  it('overwrites the page of the same report time (a retried digest)', async () => {
    const report = pageReport();
    const pages = ['first', 'second'];
    const delivery = createS3HtmlDelivery({
      client,
      bucket,
      linkTtlMs: 60_000,
      clock: () => new Date(),
      render: () => pages.shift() ?? '',
    });
    const first = await delivery.publish(report);
    const second = await delivery.publish(report);
    expect(second.key).toBe(first.key);
    expect(await (await fetch(second.url)).text()).toBe('second');
  });
});
