import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { silentLogger } from '../log';
import { createMailer, nullMailer } from './mailer';

/** A real SMTP server on loopback receives what the mailer sends. */
let server: SMTPServer;
let port = 0;
const received: ParsedMail[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('mailer', () => {
  it('delivers Japanese text through SMTP', async () => {
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true`, mailFrom: 'madoguchi@city.example.jp' }, silentLogger);
    expect(mailer.configured).toBe(true);
    const outcome = await mailer.send({ to: 'resident@example.jp', subject: '【尾花沢市】ご予約の確認', text: '11月28日 10:00 市民税務課' });
    expect(outcome).toBe('sent');
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]!.subject).toBe('【尾花沢市】ご予約の確認');
    expect(received[0]!.text?.trim()).toBe('11月28日 10:00 市民税務課');
    expect(received[0]!.from?.text).toBe('madoguchi@city.example.jp');
  });

  it('reports failed, without throwing, when the server is unreachable', async () => {
    const closed = createMailer({ smtpUrl: 'smtp://127.0.0.1:9?ignoreTLS=true&connectionTimeout=2000', mailFrom: 'a@b.jp' }, silentLogger);
    expect(await closed.send({ to: 'x@example.jp', subject: 's', text: 't' })).toBe('failed');
  });

  it('without configuration sends nothing and says so', async () => {
    expect(createMailer({ smtpUrl: null, mailFrom: 'a@b.jp' }, silentLogger)).toBe(nullMailer);
    expect(await nullMailer.send({ to: 'x@example.jp', subject: 's', text: 't' })).toBe('not_sent');
  });
});
