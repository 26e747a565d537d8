import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

// Debian's package puts it at /usr/bin/chromium; LOOKOUT_CHROMIUM points elsewhere.
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The system Chromium's path; throws (the test fails, never skips) when there is none. */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  const candidates = env.LOOKOUT_CHROMIUM ? [env.LOOKOUT_CHROMIUM] : CANDIDATES;
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `no Chromium at ${candidates.join(', ')}: install it (apt-get install -y chromium, as .ci/run does) or set LOOKOUT_CHROMIUM`,
    );
  }
  return found;
}

/** Headless system Chromium driven by playwright-core (which downloads no browser of its own). */
export function launchChromium(): Promise<Browser> {
  // No sandbox: CI and the dev machines run as root, where Chromium refuses its sandbox.
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}
