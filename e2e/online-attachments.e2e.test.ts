import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, screenshot, seriousAxeViolations } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { authenticatorCode } from './support/totp';

/**
 * 出生届 online with its 出生証明書 attached, on a phone: the city's admin puts the procedure online
 * (through the API, after enrolling the second factor); the resident registers (the link arrives at an
 * SMTP server in this process), a script disguised as a PDF is refused with a message that says why,
 * and a real PDF is attached and listed.
 */
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const { SMTPServer } = await import('smtp-server');
  const { simpleParser } = await import('mailparser');
  const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], onData(stream, _s, cb) { simpleParser(stream).then((m) => { mails.push(m.text ?? ''); cb(); }, cb); } });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  closeSmtp = () => new Promise<void>((r) => smtp.close(() => r()));
  const port = (smtp.server.address() as { port: number }).port;
  server = await startServer({ MADOGUCHI_SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true`, MADOGUCHI_CARD_AGENT_PORT: 'off' });
  browser = await launchBrowser();
  page = await newTabletPage(browser, server.url, { width: 390, height: 844 });
});
const mails: string[] = [];
let closeSmtp: () => Promise<void> = async () => {};
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await closeSmtp();
});

async function api(cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> | null, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

describe('出生届 with an attachment, on a phone', () => {
  it('the admin puts 出生届 online', async () => {
    const login = await api('', 'POST', '/auth/login', { municipalityCode: '062120', loginId: 'admin', password: 'madoguchi-demo' });
    const cookie = login.cookie;
    const setup = await api(cookie, 'POST', '/auth/totp/setup');
    expect((await api(cookie, 'POST', '/auth/totp/enable', { code: authenticatorCode(setup.json!.otpauthUri as string) })).status).toBe(204);
    const rule = { enabled: true, authLevel: 'account', signatureRequired: false, feeYen: 0, onePerPerson: false, receivingDepartmentId: null, openFrom: null, openUntil: null };
    expect((await api(cookie, 'PUT', '/online/publications/birth-notification', rule)).status).toBe(200);
  });

  it('the resident attaches the 出生証明書; a disguised file is refused with a clear message', async () => {
    await page.goto('/portal/062120/login');
    await page.getByRole('button', { name: '新しく登録する' }).click();
    await page.getByLabel('お名前').fill('尾花 美咲');
    await page.getByLabel('メールアドレス').fill('misaki@example.jp');
    await page.getByLabel('パスワード').fill('resident-password-123');
    await page.getByRole('button', { name: '確認メールを送って登録する' }).click();
    await expect.poll(() => mails.length, { timeout: 15_000 }).toBe(1);
    await page.goto(mails[0]!.match(/https?:\/\/\S+#token=[a-z2-7]+/)![0]);
    await page.getByRole('heading', { name: '申請の一覧' }).waitFor();
    await page.goto('/portal/062120/procedures/birth-notification');
    await page.getByRole('button', { name: '申請を始める' }).click();
    await page.getByRole('heading', { name: '生まれた子' }).waitFor();
    await page.getByLabel('出生証明書').setInputFiles({ name: '出生証明書.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    await page.getByText('ファイルの中身が', { exact: false }).waitFor();
    await screenshot(page, 'online-att-01-refused');
    await page.getByLabel('出生証明書').setInputFiles({ name: '出生証明書.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.getByRole('link', { name: /出生証明書\.pdf/ }).waitFor();
    await screenshot(page, 'online-att-02-attached');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
