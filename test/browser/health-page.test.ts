import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../shared/domain/report/render-html.js';
import { HOSTILE_NAME, pageReport } from '../fixtures/report/page-report.js';
import { chromiumPath, launchChromium } from './chromium.js';

// Screenshots are test artefacts (git-ignored); docs/img/health-page-1280.png is a copy of the 1280 px light one.
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

interface Loaded {
  page: Page;
  requests: string[];
  errors: string[];
}

let browser: Browser;
const html = renderHtml(pageReport());

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Loads the page with every request intercepted and refused, and console errors collected. */
async function load(width: number, colorScheme: 'light' | 'dark'): Promise<Loaded> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, javaScriptEnabled: true });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests, errors };
}

const luminance = (rgb: string) => {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

describe('Health page in headless Chromium', () => {
  it.each([
    { width: 1280, scheme: 'light' as const },
    { width: 390, scheme: 'light' as const },
    { width: 1280, scheme: 'dark' as const },
    { width: 390, scheme: 'dark' as const },
  ])(
    'renders at $width px ($scheme) with no request, no console error and every status in words',
    async ({ width, scheme }) => {
      const { page, requests, errors } = await load(width, scheme);

      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
      await expect(page.locator('h1').innerText()).resolves.toMatch(/ECS health\s+CRITICAL/);
      const tiles = await page.locator('.tile').allInnerTexts();
      expect(tiles.map((text) => text.split('\n').slice(0, 2))).toEqual([
        ['prod', 'CRITICAL'],
        ['locked', 'UNKNOWN'],
        ['staging', 'DEGRADED'],
        ['tools', 'HEALTHY'],
      ]);
      for (const status of ['CRITICAL', 'UNKNOWN', 'DEGRADED', 'HEALTHY']) {
        await expect(page.locator('.tile .badge', { hasText: status }).isVisible()).resolves.toBe(true);
      }
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
      await expect(page.locator('.incident').innerText()).resolves.toContain('Escalated to critical');
      await expect(page.locator('svg.spark').count()).resolves.toBeGreaterThanOrEqual(4);
      // Nothing wider than the screen: no sideways scrolling on a phone.
      await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(width);
      const background = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
      if (scheme === 'dark') expect(luminance(background)).toBeLessThan(0.2);
      else expect(luminance(background)).toBeGreaterThan(0.9);

      await page.screenshot({ path: `${ARTIFACTS}health-page-${width}-${scheme}.png`, fullPage: true });
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it('shows a hostile service name as text: no element is made from it', async () => {
    const { page, requests, errors } = await load(1280, 'light');
    await expect(page.locator('img').count()).resolves.toBe(0);
    const names = await page.locator('.name').allInnerTexts();
    // The bidi override that would show "exe.png" is dropped; the rest reads as typed.
    expect(names).toContain(HOSTILE_NAME.replace('\u202E', ' '));
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('Function: chromiumPath', () => {
  it('fails, naming what to install, when the browser is missing (the test never skips)', () => {
    expect(() => chromiumPath({ LOOKOUT_CHROMIUM: '/nonexistent/chromium' })).toThrow(
      /no Chromium at \/nonexistent\/chromium: install it \(apt-get install -y chromium/,
    );
  });

  it('takes LOOKOUT_CHROMIUM when it exists', () => {
    expect(chromiumPath({ LOOKOUT_CHROMIUM: process.execPath })).toBe(process.execPath);
  });
});
