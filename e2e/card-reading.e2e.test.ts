import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, expectAccessible, loginStaff } from './support/browser';
import { freePort, startServer, type RunningServer } from './support/server';

/**
 * Card reading as a new user tries it with `npm start`: the demo's card agent runs beside the
 * server with simulated My Number cards of demo residents. The clerk opens カード読取, puts a card
 * on the reader, gets two PINs wrong (with the count and the lock warning), then the right one, and
 * sees the four attributes and the resident they belong to; a second card is locked by three wrong
 * PINs exactly as a real card is. The agent refuses an unpaired page and a foreign origin.
 */
let server: RunningServer;
let browser: Browser;
let page: Page;
let agentPort: number;

interface DemoReader {
  agentUrl: string;
  pairingToken: string;
  cards: { id: string; label: string; residentId: string | null }[];
}
let demo: DemoReader;

beforeAll(async () => {
  agentPort = await freePort();
  server = await startServer({ MADOGUCHI_CARD_AGENT_PORT: String(agentPort) });
  browser = await launchBrowser();
  page = await newTabletPage(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const readingRegion = () => page.getByRole('region', { name: '読み取り' });

async function typePin(pin: string) {
  const pad = page.getByRole('group', { name: /暗証番号（4桁）を入力してください/ });
  for (const digit of pin) await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: '確定' }).click();
}

async function putCard(label: string) {
  await page.getByRole('button', { name: `${label}を置く` }).click();
}

async function takeCard(label: string) {
  await page.getByRole('button', { name: `${label}を取り外す` }).click();
  await expect.poll(() => readingRegion().getByText('カードを置いてください', { exact: true }).count()).toBe(1);
}

describe('card reading with the demo card reader', () => {
  it('the startup banner tells a new user where the reader is and the PIN', () => {
    expect(server.output()).toContain(`デモ用カードリーダー / demo card reader: ws://127.0.0.1:${agentPort}/`);
    expect(server.output()).toContain('暗証番号 / PIN 1234');
    expect(server.output()).toMatch(/ペアリングトークン \/ pairing token: [A-Za-z0-9_-]{43}/);
  });

  it('the clerk opens カード読取 from the menu and is asked for a card', async () => {
    await loginStaff(page, 'clerk');
    await expect.poll(() => page.url()).toMatch(/\/residents/);
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'カード読取' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'カード読取' }).count()).toBe(1);
    await expect.poll(() => page.getByText('接続中', { exact: true }).count()).toBe(1);
    await expect.poll(() => readingRegion().getByText('カードを置いてください', { exact: true }).count()).toBe(1);
    demo = await page.evaluate(async () => (await fetch('/api/demo/card-reader')).json() as Promise<DemoReader>);
    expect(demo.agentUrl).toBe(`ws://127.0.0.1:${agentPort}/`);
    expect(demo.cards.filter((c) => c.residentId !== null).length).toBeGreaterThanOrEqual(2);
    await expectAccessible(page, 'card-01-no-card');
  });

  it('two wrong PINs count down and warn before the lock; the right one shows the four attributes and the resident', async () => {
    const holder = demo.cards[0]!;
    await putCard(holder.label);
    await expect.poll(() => page.getByText('暗証番号（4桁）を入力してください。残り3回').count()).toBe(1);
    await expectAccessible(page, 'card-02-pin');

    await typePin('9999');
    await expect.poll(() => page.getByText('暗証番号が違います（残り2回）').count()).toBe(1);
    expect(await readingRegion().textContent()).toContain('あと2回間違えるとロックされます');
    await expect.poll(() => page.getByText('暗証番号（4桁）を入力してください。残り2回').count()).toBe(1);

    await typePin('0000');
    await expect.poll(() => page.getByText('暗証番号が違います（残り1回）').count()).toBe(1);
    const warning = (await readingRegion().textContent())!;
    expect(warning).toContain('あと1回間違えるとロックされます');
    expect(warning).toContain('次に間違えるとカードがロックされ');
    await expectAccessible(page, 'card-03-last-try');

    await typePin('1234');
    await expect.poll(() => page.getByText('読み取りました', { exact: true }).count()).toBe(1);
    const attributes = page.getByRole('region', { name: '券面事項' });
    const text = (await attributes.textContent())!;
    expect(text).toContain(holder.label.replace(' ', '\u3000'));
    expect(text).toMatch(/住所山形県尾花沢市/);
    expect(text).toMatch(/生年月日(昭和|平成)\d+年\d+月\d+日（\d{4}年\d+月\d+日）・\d+歳/);
    expect(text).toMatch(/性別(男|女)/);
    const match = page.getByRole('list', { name: '住民記録の該当者' });
    await expect.poll(() => match.getByRole('link', { name: holder.label }).count()).toBe(1);
    expect(await match.getByRole('link', { name: holder.label }).getAttribute('href')).toBe(`/residents/${holder.residentId}`);
    expect(await match.textContent()).toContain('券面と一致');
    // Nothing read from the card is kept in the browser's storage.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(holder.label.split(' ')[0]);
    await expectAccessible(page, 'card-04-read');
  });

  it('the match leads to the resident; back on the screen the PIN is asked again', async () => {
    await page.getByRole('list', { name: '住民記録の該当者' }).getByRole('link', { name: demo.cards[0]!.label }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(demo.cards[0]!.label);
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'カード読取' }).click();
    // Leaving the screen ended the session and the agent reset the card: the verified PIN is gone.
    await expect.poll(() => page.getByText('暗証番号（4桁）を入力してください。残り3回').count()).toBe(1);
    await takeCard(demo.cards[0]!.label);
    expect(await page.getByRole('region', { name: '券面事項' }).count()).toBe(0);
  });

  it('three wrong PINs lock the second card, and the screen says what to do', async () => {
    const holder = demo.cards[1]!;
    await putCard(holder.label);
    await expect.poll(() => page.getByText('暗証番号（4桁）を入力してください。残り3回').count()).toBe(1);
    await typePin('1111');
    await expect.poll(() => page.getByText('暗証番号が違います（残り2回）').count()).toBe(1);
    await typePin('2222');
    await expect.poll(() => page.getByText('暗証番号が違います（残り1回）').count()).toBe(1);
    await typePin('3333');
    await expect.poll(() => page.getByText('暗証番号がロックされています', { exact: true }).count()).toBe(1);
    const text = (await readingRegion().textContent())!;
    expect(text).toContain('市役所の窓口で暗証番号の再設定をしてください');
    expect(text).toContain('カードを取り外してください');
    expect(await page.getByRole('group', { name: /暗証番号（4桁）/ }).count()).toBe(0);
    await expectAccessible(page, 'card-05-locked');

    // Put on again, the card says it is locked before any PIN is asked for.
    await takeCard(holder.label);
    await putCard(holder.label);
    await expect.poll(() => page.getByText('暗証番号がロックされています', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('group', { name: /暗証番号（4桁）/ }).count()).toBe(0);
    await takeCard(holder.label);
  });

  it('a card that is not a My Number card is named as such', async () => {
    const foreign = demo.cards.find((c) => c.residentId === null)!;
    await putCard(foreign.label);
    await expect.poll(() => page.getByText('マイナンバーカードではありません', { exact: true }).count()).toBe(1);
    await takeCard(foreign.label);
  });

  it('the agent refuses a wrong pairing token, says how to fix it, and is not there for other origins', async () => {
    await page.getByText('接続の設定', { exact: true }).click();
    await page.getByRole('textbox', { name: 'ペアリングトークン' }).fill('wrong-token-0123456789abcdef');
    await page.getByRole('button', { name: '保存して接続する' }).click();
    await expect.poll(() => page.getByText('カード読み取りアプリが接続を拒否しました', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'カードリーダー' }).textContent()).toContain('ペアリングトークンを「接続の設定」に入力し直してください');
    await expectAccessible(page, 'card-06-wrong-token');

    // Nothing listening there: the screen says how to start the agent.
    await page.getByRole('textbox', { name: 'カード読み取りアプリのアドレス' }).fill(`ws://127.0.0.1:${await freePort()}/`);
    await page.getByRole('textbox', { name: 'ペアリングトークン' }).fill(demo.pairingToken);
    await page.getByRole('button', { name: '保存して接続する' }).click();
    await expect.poll(() => page.getByText('カード読み取りアプリに接続できません', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'カードリーダー' }).textContent()).toContain('サーバー（npm start）と一緒に起動します');

    // Back to the demo reader with one button, and on the next visit anyway.
    await page.getByRole('button', { name: 'デモ用カードリーダーの接続先に戻す' }).click();
    await expect.poll(() => page.getByText('接続中', { exact: true }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByText('接続中', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'デモ用カードリーダーの接続先に戻す' }).count()).toBe(0);

    // A page of another origin (here the agent's own port) with the right token gets no socket at all.
    const other = await browser.newPage();
    await other.goto(`http://127.0.0.1:${agentPort}/`).catch(() => undefined);
    const outcome = await other.evaluate(
      ({ url, token }) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url, ['madoguchi-card.v1', `pairing.${token}`]);
          socket.onopen = () => resolve('open');
          socket.onclose = (event) => resolve(`closed ${event.code}`);
        }),
      { url: demo.agentUrl, token: demo.pairingToken },
    );
    expect(outcome).toBe('closed 1006');
    await other.close();
  });
});
