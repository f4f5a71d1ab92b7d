/**
 * A real browser for end-to-end tests of the pages: Debian's chromium driven by playwright-core (its
 * own browser downloads cannot be reached here). A page per test in its own context (no cookies
 * shared), a default timeout, sign-in with the admin token, full-page screenshots kept as test
 * artifacts (test-results/screenshots/<name>.png), and what went wrong in the browser: console
 * errors, uncaught exceptions and failed requests, for tests to assert there are none.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';

export type { Browser, Page };

/** Debian's chromium (`apt-get install chromium`; scripts/install-deps.sh --tests installs it). */
export const CHROMIUM = process.env['MBD_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Headless, no sandbox (tests run as root), and nothing that reaches out on its own. playwright-core
 * adds a fresh `--user-data-dir` (a temp dir it removes when the browser closes).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where screenshots go: beside the JSON reports of the test run. */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

/** How long a page action or wait may take by default (a page loads in about 2 s on a busy 2-core machine). */
export const PAGE_TIMEOUT_MS = 20_000;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (bash scripts/install-deps.sh --tests)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/** Removes the screenshots of an earlier run, so that the directory holds only this run's pages. */
export function clearScreenshots(): void {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
}

/** A full-page PNG of what the browser shows now, as test-results/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** What went wrong in the browser since the page was opened. */
export interface BrowserProblems {
  /** console.error messages and uncaught exceptions of the page's scripts. */
  readonly consoleErrors: readonly string[];
  /** Requests of assets (/static/*) or of scripts (fetch, XHR, SSE) that failed or answered 4xx/5xx. */
  readonly failedRequests: readonly string[];
}

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** What went wrong so far (console errors, failed requests). */
  problems(): BrowserProblems;
  /** Forgets the problems so far (after a step that expects a refusal). */
  clearProblems(): void;
  close(): Promise<void>;
}

const pathOf = (url: string): string => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

/**
 * A new page in a context of its own (its own cookies) on `baseURL`, watched for console errors and
 * failed requests. A document answering 4xx is no problem here (tests expect refusals and assert
 * their status); its assets and the requests of its scripts failing are.
 */
export async function openPage(browser: Browser, baseURL: string, timeoutMs = PAGE_TIMEOUT_MS): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(timeoutMs);
  context.setDefaultNavigationTimeout(timeoutMs);
  const page = await context.newPage();
  let consoleErrors: string[] = [];
  let failedRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chrome's own line for a response >= 400: the response handler below judges those.
    if (message.text().startsWith('Failed to load resource')) return;
    consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught ${error.name}: ${error.message}`));
  const isAssetOrScriptRequest = (url: string, type: string) => pathOf(url).startsWith('/static/') || type !== 'document';
  page.on('response', (response: Response) => {
    const request = response.request();
    if (response.status() >= 400 && isAssetOrScriptRequest(response.url(), request.resourceType())) {
      failedRequests.push(`${request.method()} ${pathOf(response.url())}: ${response.status()}`);
    }
  });
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    // Leaving a page aborts what it still loads (an open SSE stream above all): no failure of the page.
    if (failure.includes('ERR_ABORTED') && ['eventsource', 'fetch', 'xhr', 'other'].includes(request.resourceType())) return;
    if (isAssetOrScriptRequest(request.url(), request.resourceType())) failedRequests.push(`${request.method()} ${pathOf(request.url())}: ${failure}`);
  });
  return {
    page,
    context,
    problems: () => ({ consoleErrors: [...consoleErrors], failedRequests: [...failedRequests] }),
    clearProblems: () => {
      consoleErrors = [];
      failedRequests = [];
    },
    close: () => context.close(),
  };
}

/** Opens `path` and returns the document's response (throws when there is none). */
export async function visit(page: Page, path: string): Promise<Response> {
  const response = await page.goto(path, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${path}`);
  return response;
}

/**
 * Signs the page's browser in through the /sign-in form with the admin token (the daemon's
 * `token()`), and waits for the page it returns to (`next`), which then offers "Sign out".
 */
export async function signIn(page: Page, token: string, next = '/'): Promise<void> {
  await visit(page, `/sign-in?next=${encodeURIComponent(next)}`);
  await page.locator('form[action="/sign-in"] input[name="token"]').fill(token);
  await Promise.all([
    page.waitForURL((url) => url.pathname === next.split('?')[0], { waitUntil: 'load' }),
    page.locator('form[action="/sign-in"] button[type="submit"]').click(),
  ]);
  await page.locator('form[action="/sign-out"]').waitFor();
}

/** What markup smuggled in by an upload did in the page, read from the live DOM. */
export interface InjectionFindings {
  /** The value of `window[<marker>]`, which the hostile markup sets when it runs. */
  readonly marker: unknown;
  /** Elements with an inline event handler attribute (onerror, onload, onclick…). */
  readonly handlerElements: number;
  /** `<script>` elements without a src (the pages have none of their own). */
  readonly inlineScripts: number;
}

export async function injectionFindings(page: Page, marker: string): Promise<InjectionFindings> {
  // A string, so that this file needs no DOM types: it runs in the page.
  return page.evaluate(`(() => ({
    marker: window[${JSON.stringify(marker)}],
    handlerElements: Array.from(document.querySelectorAll('*')).filter((element) => Array.from(element.attributes).some((attribute) => /^on/i.test(attribute.name))).length,
    inlineScripts: document.querySelectorAll('script:not([src])').length,
  }))()`);
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs` naming `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
