/**
 * Finding and launching the Chromium the HTML-report tests render in: Debian's package, driven by
 * playwright-core (which downloads no browser of its own). A missing browser is a failure that says how
 * to install it, never a skip: `.ci/run` installs it, and a skipped render check would pass unseen.
 */
import { accessSync, constants } from 'node:fs';

import { chromium, type Browser, type Page } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const INSTALL_HINT =
  "install Debian's chromium (sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium) " +
  'or set CHROMIUM_PATH to a Chromium or Chrome executable';

/** CHROMIUM_PATH when set, else /usr/bin/chromium; throws with the install hint when it is not executable. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    const from = env.CHROMIUM_PATH ? 'CHROMIUM_PATH' : 'the default path';
    throw new Error(`No Chromium at ${path} (${from}): ${INSTALL_HINT}`);
  }
  return path;
}

/** Headless Chromium; --no-sandbox because CI runs as root, where Chromium refuses its sandbox. */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const executablePath = chromiumPath(env);
  try {
    return await chromium.launch({ executablePath, args: ['--no-sandbox'], headless: true, timeout: 20_000 });
  } catch (error) {
    throw new Error(`Chromium at ${executablePath} did not start: ${String(error)}\n${INSTALL_HINT}`, {
      cause: error,
    });
  }
}

export interface LoadedPage {
  page: Page;
  /** Every request the page made (a self-contained report makes none but itself). */
  requests: string[];
  /** Console errors and warnings, page errors and dialogs: each a sign that something ran or broke. */
  problems: string[];
}

/** Opens `url` in a new page of `browser` and records what the report tests check: requests and problems. */
export async function loadPage(
  browser: Browser,
  url: string,
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<LoadedPage> {
  const page = await browser.newPage({
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
    viewport: { width: 1200, height: 900 },
  });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, problems };
}
