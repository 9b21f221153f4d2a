import nodemailer from 'nodemailer';
import type { Logger } from '../log';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * What happened to a message, recorded beside whatever it was about (a reservation's reminder):
 * `not_sent` means no mail server is configured, which is a normal state for a demo or a city that
 * does not send e-mail, not an error.
 */
export type MailOutcome = 'sent' | 'not_sent' | 'failed';

export interface MailSender {
  /** False when no mail server is configured; screens can then say that no e-mail will come. */
  readonly configured: boolean;
  send(message: MailMessage): Promise<MailOutcome>;
}

/** No mail server: nothing is sent and nothing is logged (the caller records `not_sent`). */
export const nullMailer: MailSender = {
  configured: false,
  send: async () => 'not_sent',
};

/**
 * SMTP through nodemailer. `url` is MADOGUCHI_SMTP_URL (smtp://user:pass@host:587, smtps://…).
 * A failed delivery is logged without the address or the text (they are personal data) and
 * reported as `failed`; it never fails the request that caused it.
 */
export function createSmtpMailer(url: string, from: string, logger: Logger): MailSender {
  const transport = nodemailer.createTransport(url);
  return {
    configured: true,
    async send(message) {
      try {
        await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
        return 'sent';
      } catch (error) {
        logger.warn('mail delivery failed', { errorName: error instanceof Error ? error.name : 'unknown', code: (error as { code?: unknown }).code });
        return 'failed';
      }
    },
  };
}

export function createMailer(config: { smtpUrl: string | null; mailFrom: string }, logger: Logger): MailSender {
  return config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom, logger) : nullMailer;
}
