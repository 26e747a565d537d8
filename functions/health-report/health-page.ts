import { createS3HtmlDelivery } from '../../shared/adapters/report-delivery/s3-html-delivery.js';
import type { ReportPageSettings } from '../../shared/domain/config.js';
import { renderHtml } from '../../shared/domain/report/render-html.js';
import type { HealthPagePublisher } from '../../shared/ports/health-page.js';
import { s3Client } from '../../shared/runtime/clients/s3.js';

/**
 * The S3 page publisher; the handler imports this module on demand, so the S3 client, the presigner and the
 * HTML renderer stay out of its cold start.
 */
export function healthPagePublisher(settings: ReportPageSettings): HealthPagePublisher {
  return createS3HtmlDelivery({
    client: s3Client(),
    bucket: settings.bucket,
    linkTtlMs: settings.linkTtlMs,
    clock: () => new Date(),
    render: renderHtml,
  });
}
