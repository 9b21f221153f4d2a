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
 * `services.mailer` when the platform provides one; without it the portal still works and says
 * that no e-mail will come. (The sender is looked up per use so tests can replace it.)
 */
export function mailerOf(services: Services): OnlineMailer {
  const candidate = (services as unknown as { mailer?: OnlineMailer }).mailer;
  return candidate && typeof candidate.send === 'function' ? candidate : NO_MAIL;
}
