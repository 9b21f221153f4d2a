import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../platform/audit/audit';
import { hashSessionToken, newSessionToken } from '../../platform/auth/session';
import type { Services } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { normaliseEmail, type LinkTarget, type ResidentPrincipal } from './accounts';
import { mailerOf } from './mail';
import { loadOnlineProcedure, type PublicationRule } from './publications';

const GUEST_LINK_MS = 24 * 60 * 60 * 1000;

/**
 * Applying without an account, for procedures whose rule says authLevel 'none'. The resident gives
 * a name and an e-mail address; a one-time link is mailed (the address must be theirs: the
 * receipt, the status and any correction request go there). Opening it starts a session on a guest
 * account (no password) and goes straight to the procedure. Later, the same address gets a new link
 * from 「メールでログイン」: that link is the way back to the status page.
 * An address that already has an account gets a login link instead, and nothing says which.
 */
export async function requestGuestApplication(services: Services, target: LinkTarget, input: { email: string; displayName: string; procedureId: string }): Promise<void> {
  const municipalityId = target.municipality.id;
  const ctx = await loadOnlineProcedure(services, municipalityId, input.procedureId);
  if (ctx.rule.authLevel !== 'none') {
    throw new AppError(409, 'PORTAL_GUEST_NOT_ALLOWED', 'この手続きはアカウントなしでは申請できません。ログインまたはアカウント登録をしてから申請してください。');
  }
  const now = services.now();
  const email = normaliseEmail(input.email);
  const displayName = input.displayName.trim();
  const token = newSessionToken();
  const existing = await services.db.selectFrom('online_account').select(['id', 'email_verified_at']).where('municipality_id', '=', municipalityId).where('email', '=', email).executeTakeFirst();
  await services.db.transaction().execute(async (trx) => {
    let accountId = existing?.id;
    if (!accountId) {
      accountId = randomUUID();
      await trx.insertInto('online_account').values({
        municipality_id: municipalityId, id: accountId, email, display_name: displayName, password_hash: null,
        email_verified_at: null, locked_until: null, created_at: now, guest: true,
      }).execute();
      await appendAudit(trx, { municipalityId, actorStaffId: null, action: 'online.account_create', subjectType: 'online_account', subjectId: accountId, details: { guest: true } }, now);
    }
    await trx.insertInto('online_email_token').values({
      municipality_id: municipalityId, token_hash: hashSessionToken(token), account_id: accountId,
      purpose: existing?.email_verified_at ? 'login' : 'verify', expires_at: new Date(now.getTime() + GUEST_LINK_MS), used_at: null,
    }).execute();
  });
  const page = existing?.email_verified_at ? 'login-link' : 'verify';
  // The token rides in the fragment (never in a log); the procedure to open is a plain query.
  const link = `${target.origin}/portal/${target.municipality.localGovernmentCode}/${page}?next=${encodeURIComponent(input.procedureId)}#token=${token}`;
  await mailerOf(services).send({
    to: email, subject: `【${target.municipality.name}】オンライン申請のリンク（${ctx.version.definition.title}）`,
    text: `${displayName} 様\n\n「${ctx.version.definition.title}」をアカウントなしで申請するためのリンクです（24時間有効・1回限り）。\n${link}\n\n申請の受付や審査の結果は、このメールアドレスにお知らせします。\n申請の状況を後で見るときは、オンライン申請の「メールでログイン」から、このアドレスにリンクを送ってください。\n\n心当たりがない場合は、このメールを破棄してください。`,
  });
}

/**
 * Who may start (and submit) an application under a rule: 'none' and 'account' anyone with a
 * session whose e-mail address was verified by a link (a guest account is one too: 'none' only
 * means the portal offers applying without registering), 'card' a session proved with the card.
 */
export function assertAuthLevel(rule: Pick<PublicationRule, 'authLevel'>, r: ResidentPrincipal): void {
  if (rule.authLevel === 'card' && r.authLevel !== 'card') {
    throw new AppError(403, 'PORTAL_CARD_LOGIN_REQUIRED', 'この手続きは、マイナンバーカードでのログインが必要です。「マイナンバーカードでログイン」からカードを読み取ってください。');
  }
}
