import { utcMinute } from './html/time.js';
import type { HealthReport } from './types.js';

// What a presigned S3 URL is made of; anything else (spaces, quotes, <, >, |) could break the markup around it.
const PLAIN_HTTPS_URL = /^https:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&()*+,;=%]+$/;

/** The report's health page link when it is a plain https URL, with its expiry in words; else undefined. */
export function pageLink(report: HealthReport): { url: string; until: string } | undefined {
  const page = report.page;
  if (!page || !PLAIN_HTTPS_URL.test(page.url)) return undefined;
  return { url: page.url, until: utcMinute(page.expiresAt) };
}
