/**
 * oauth1x in headless Chromium (Debian `chromium` via playwright-core, test/chromium.ts): the published vectors
 * and HMAC-SHA1 / RSA-SHA256 signed-fetch round trips (test/runtimes/portable-checks.ts) in a page, bundled for
 * the browser from the public entries, the provider called in process (a page cannot listen). The page is
 * served at an https origin by request interception, so Web Crypto has its secure context.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '@oauth1x/test-kit/chromium.js';
import type { Browser } from 'playwright-core';
import { assertReport, bundleChecks, checkInput } from './bundle.js';
import type { CheckInput, CheckReport } from './portable-checks.js';

const ORIGIN = 'https://oauth1x.test';

describe('oauth1x in headless Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('signs the published vectors and verifies its own signed fetches in a page', async () => {
    const input = checkInput();
    const script = await bundleChecks('web', 'iife');
    const page = await (await browser.newContext()).newPage();
    await page.route(`${ORIGIN}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>oauth1x</p>' }),
    );
    await page.goto(`${ORIGIN}/`);
    await page.addScriptTag({ content: script });
    const report = await page.evaluate(
      (i: CheckInput) => (globalThis as unknown as { oauth1xChecks: { run(i: CheckInput): Promise<CheckReport> } }).oauth1xChecks.run(i),
      input,
    );
    assert.equal(report.runtime.hasProcess, false);
    assert.match(report.runtime.userAgent, /Chrome\//);
    assertReport(report, input);
  });
});
