/**
 * Finding and launching the Chromium the HTML-report tests render in: Debian's package, driven by
 * playwright-core (which downloads no browser of its own). A missing browser is a failure that says how
 * to install it, never a skip: `.ci/run` installs it, and a skipped render check would pass unseen.
 */
import { accessSync, constants } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

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
