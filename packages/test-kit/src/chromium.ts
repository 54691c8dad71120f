/**
 * Test helper: headless Chromium as this machine runs it — Debian's `chromium` driven by playwright-core (never a
 * downloaded browser), with the flags it needs here (no sandbox, no GPU, no QUIC, no background traffic).
 */
import { type Browser, chromium } from 'playwright-core';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Debian's Chromium headless with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, timeout: 30_000 });
}
