import type { Services } from '../../platform/http/context';

/** The part of the platform's mail sender this module uses. */
export interface OnlineMail {
  to: string;
  subject: string;
  text: string;
}
export type OnlineMailOutcome = 'sent' | 'not_sent' | 'failed';
export interface OnlineMailer {
  readonly configured: boolean;
  send(message: OnlineMail): Promise<OnlineMailOutcome>;
}

const NO_MAIL: OnlineMailer = { configured: false, send: async () => 'not_sent' };

/**
 * `services.mailer`, looked up per use so tests can replace it; without an SMTP server it is the
 * platform's no-op sender and the portal says that no e-mail will come.
 */
export function mailerOf(services: Services): OnlineMailer {
  return services.mailer ?? NO_MAIL;
}
