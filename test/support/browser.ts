import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { contractViolation } from './openapi-contract';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing). CHROMIUM_PATH overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a quiet, offline, headless run on a shared CI machine. Playwright adds --headless and a fresh
 * temporary --user-data-dir itself (it refuses one in `args`), so every run starts from an empty profile.
 */
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Generous: a busy 2-core machine can take many seconds for a page to react. */
export const uiTimeoutMs = 60_000;

export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: install it with "apt-get install -y chromium" (.ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags, timeout: 120_000 });
};

export interface Fan {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught page errors and API answers the page got that break docs/openapi.json: a test asserts there were none. */
  readonly pageErrors: string[];
}

/** Every API call the page makes (fetch), checked against docs/openapi.json like the test HTTP clients' calls. */
const checkApiAnswers = (page: Page, problems: string[]): void => {
  page.on('response', async (response) => {
    const request = response.request();
    if (request.resourceType() !== 'fetch') return;
    const { pathname } = new URL(response.url());
    let body: string;
    try {
      body = await response.text();
    } catch {
      return; // the page moved on before the body arrived
    }
    const violation = contractViolation({ method: request.method(), path: pathname, status: response.status(), contentType: response.headers()['content-type'], body });
    if (violation) problems.push(`${request.method()} ${pathname} answered ${response.status()}, which breaks docs/openapi.json: ${violation}`);
  });
};

export const openFan = async (browser: Browser, url: string, options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<Fan> => {
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB', viewport: options.viewport ?? { width: 1000, height: 800 } });
  context.setDefaultTimeout(uiTimeoutMs);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  checkApiAnswers(page, pageErrors);
  await page.goto(url);
  return { context, page, pageErrors };
};

/** `UPDATE_SCREENSHOTS=1 npx jest test/e2e/web` refreshes the README's pictures in docs/screenshots. */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  const directory = path.join(__dirname, '..', '..', 'docs', 'screenshots');
  mkdirSync(directory, { recursive: true });
  await page.screenshot({ path: path.join(directory, `${name}.png`), fullPage: true, animations: 'disabled' });
};
