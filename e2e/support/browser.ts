import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../.tmp/screenshots');

/** Debian's Chromium, headless, with the flags this sandbox needs (no network beyond localhost). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium が見つかりません (${CHROMIUM})。apt-get install chromium fonts-noto-cjk で入れてください。`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newTabletPage(browser: Browser, baseURL: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport });
  return context.newPage();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (WCAG 2.x A/AA rules) and returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // A colour transition still running (a button just clicked or hovered) is measured half-way and
  // reported as low contrast; wait for the finite ones to end (at most 2 s; spinners run forever).
  await page.evaluate(() => {
    const finite = document.getAnimations().filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime ?? Infinity)));
    return Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => undefined))), new Promise((resolve) => setTimeout(resolve, 2000))]);
  });
  // evaluate() runs through the DevTools protocol, so the app's CSP (script-src 'self') still holds.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

/** Takes the page's screenshot (to look at) and fails on serious or critical axe violations, naming them. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await seriousAxeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** Logs a demo staff member in on the login page (password madoguchi-demo); the caller waits for where it lands. */
export async function loginStaff(page: Page, loginId: string, municipalityCode = '062120'): Promise<void> {
  await page.goto('/login');
  // The first page load of a fresh server on a busy 2-core machine can take a while.
  await page.locator('input[name=municipalityCode]').waitFor({ timeout: 60_000 });
  await page.locator('input[name=municipalityCode]').fill(municipalityCode);
  await page.locator('input[name=loginId]').fill(loginId);
  await page.locator('input[name=password]').fill('madoguchi-demo');
  await page.getByRole('button', { name: 'ログインする' }).click();
}
