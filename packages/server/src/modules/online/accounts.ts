import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import { assertPasswordPolicy, burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/auth/password';
import { hashSessionToken, newSessionToken } from '../../platform/auth/session';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import type { Services } from '../../platform/http/context';
import { mailerOf } from './mail';
import type { Municipality } from '../tenancy/service';
import { municipalityByCode } from './portal-municipality';

type Db = Kysely<Database> | Transaction<Database>;

/** The resident's portal session cookie: its own name, so a staff session is never a resident one. */
export const RESIDENT_COOKIE = 'madoguchi_resident';
/**
 * A resident filling in a long form on a phone may pause; two hours without a request ends the
 * session (drafts are saved as they go, so nothing entered is lost), and any session ends after a day.
 */
export const RESIDENT_IDLE_MS = 2 * 60 * 60 * 1000;
export const RESIDENT_ABSOLUTE_MS = 24 * 60 * 60 * 1000;
const VERIFY_LINK_MS = 24 * 60 * 60 * 1000;
const LOGIN_LINK_MS = 15 * 60 * 1000;
const MAX_FAILED = 5;
const LOCK_MS = 15 * 60 * 1000;

export interface ResidentPrincipal {
  accountId: string;
  municipalityId: string;
  email: string;
  displayName: string;
  tokenHash: string;
  /** 'card' once this session was proved with the card's 利用者証明用 certificate (card-login.ts). */
  authLevel: 'account' | 'card';
  /** An account made by applying without one (guest.ts): e-mail verified, no password. */
  guest: boolean;
}

export const normaliseEmail = (email: string) => email.normalize('NFKC').trim().toLowerCase();

/** The portal names its city by the 地方公共団体コード in the path; unknown codes are a 404. */
export async function portalMunicipality(db: Kysely<Database>, code: string): Promise<Municipality> {
  const m = await municipalityByCode(db, code);
  if (!m) throw notFound('PORTAL_MUNICIPALITY_NOT_FOUND', 'この自治体のオンライン申請は見つかりません。市区町村のホームページにあるリンクから開き直してください。');
  return m;
}

const invalidLogin = () =>
  new AppError(401, 'PORTAL_LOGIN_FAILED', 'メールアドレスまたはパスワードが違います。もう一度入力するか、「メールでログイン」をお使いください。');

async function issueEmailToken(db: Db, municipalityId: string, accountId: string, purpose: 'verify' | 'login', now: Date): Promise<string> {
  const token = newSessionToken();
  await db.insertInto('online_email_token').values({
    municipality_id: municipalityId, token_hash: hashSessionToken(token), account_id: accountId, purpose,
    expires_at: new Date(now.getTime() + (purpose === 'verify' ? VERIFY_LINK_MS : LOGIN_LINK_MS)), used_at: null,
  }).execute();
  return token;
}

export interface LinkTarget {
  /** The origin the resident used (https://city.example.jp); links in e-mails point back to it. */
  origin: string;
  municipality: Municipality;
}

const linkTo = (t: LinkTarget, page: 'verify' | 'login-link', token: string) =>
  // The token rides in the fragment so it never reaches a server or proxy log.
  `${t.origin}/portal/${t.municipality.localGovernmentCode}/${page}#token=${token}`;

/**
 * Registers an account and mails a verification link. The reply is the same whether or not the
 * address was already registered, so the form does not reveal who has an account; a registered
 * address gets a login link instead.
 */
export async function registerAccount(services: Services, target: LinkTarget, input: { email: string; password: string; displayName: string }): Promise<void> {
  assertPasswordPolicy(input.password);
  const now = services.now();
  const email = normaliseEmail(input.email);
  const municipalityId = target.municipality.id;
  const existing = await services.db.selectFrom('online_account').select(['id', 'email_verified_at']).where('municipality_id', '=', municipalityId).where('email', '=', email).executeTakeFirst();
  if (existing) {
    const token = await issueEmailToken(services.db, municipalityId, existing.id, existing.email_verified_at ? 'login' : 'verify', now);
    await mailerOf(services).send({
      to: email, subject: `【${target.municipality.name}】オンライン申請のご登録について`,
      text: `このメールアドレスはすでに登録されています。\n次のリンクからログインできます（15分有効）。\n${linkTo(target, existing.email_verified_at ? 'login-link' : 'verify', token)}\n\n心当たりがない場合は、このメールを破棄してください。`,
    });
    return;
  }
  const id = randomUUID();
  const passwordHash = await hashPassword(input.password);
  const token = await services.db.transaction().execute(async (trx) => {
    await trx.insertInto('online_account').values({
      municipality_id: municipalityId, id, email, display_name: input.displayName.trim(), password_hash: passwordHash,
      email_verified_at: null, locked_until: null, created_at: now,
    }).execute();
    await appendAudit(trx, { municipalityId, actorStaffId: null, action: 'online.account_create', subjectType: 'online_account', subjectId: id }, now);
    return issueEmailToken(trx, municipalityId, id, 'verify', now);
  });
  await mailerOf(services).send({
    to: email, subject: `【${target.municipality.name}】メールアドレスの確認`,
    text: `${input.displayName.trim()} 様\n\n${target.municipality.name}のオンライン申請にご登録いただきありがとうございます。\n次のリンクを開いて、メールアドレスの確認を完了してください（24時間有効）。\n${linkTo(target, 'verify', token)}\n\n心当たりがない場合は、このメールを破棄してください。`,
  });
}

/** Mails a one-time login link (no password needed). Silent for unknown addresses. */
export async function requestLoginLink(services: Services, target: LinkTarget, emailInput: string): Promise<void> {
  const email = normaliseEmail(emailInput);
  const account = await services.db.selectFrom('online_account').select(['id', 'email_verified_at']).where('municipality_id', '=', target.municipality.id).where('email', '=', email).executeTakeFirst();
  if (!account) return;
  const purpose = account.email_verified_at ? 'login' : 'verify';
  const token = await issueEmailToken(services.db, target.municipality.id, account.id, purpose, services.now());
  await mailerOf(services).send({
    to: email, subject: `【${target.municipality.name}】ログイン用リンク`,
    text: `次のリンクを開くとオンライン申請にログインします（${purpose === 'login' ? '15分' : '24時間'}有効・1回限り）。\n${linkTo(target, purpose === 'login' ? 'login-link' : 'verify', token)}\n\n心当たりがない場合は、このメールを破棄してください。`,
  });
}

export async function createResidentSession(db: Db, municipalityId: string, accountId: string, now: Date, authLevel: 'account' | 'card' = 'account'): Promise<string> {
  const token = newSessionToken();
  await db.insertInto('online_session').values({
    municipality_id: municipalityId, token_hash: hashSessionToken(token), account_id: accountId, created_at: now, last_seen_at: now,
    expires_at: new Date(now.getTime() + RESIDENT_ABSOLUTE_MS), auth_level: authLevel,
  }).execute();
  return token;
}

/**
 * Redeems a one-time e-mail token (verification or login link): used once, within its time, in the
 * city it was issued for. Verifies the address and starts a session.
 */
export async function redeemEmailToken(services: Services, municipalityId: string, token: string): Promise<string> {
  const now = services.now();
  const expired = () => new AppError(400, 'PORTAL_LINK_INVALID', 'このリンクは使用済みか、有効期限が切れています。ログイン画面から新しいリンクを送ってください。');
  if (!/^[a-z2-7]{32}$/.test(token)) throw expired();
  return services.db.transaction().execute(async (trx) => {
    const used = await trx.updateTable('online_email_token').set({ used_at: now })
      .where('municipality_id', '=', municipalityId).where('token_hash', '=', hashSessionToken(token))
      .where('used_at', 'is', null).where('expires_at', '>', now)
      .returning(['account_id', 'purpose']).executeTakeFirst();
    if (!used) throw expired();
    if (used.purpose === 'verify') {
      await trx.updateTable('online_account').set({ email_verified_at: now }).where('municipality_id', '=', municipalityId).where('id', '=', used.account_id).where('email_verified_at', 'is', null).execute();
      await appendAudit(trx, { municipalityId, actorStaffId: null, action: 'online.email_verified', subjectType: 'online_account', subjectId: used.account_id }, now);
    }
    await appendAudit(trx, { municipalityId, actorStaffId: null, action: 'online.login', subjectType: 'online_account', subjectId: used.account_id, details: { method: 'email_link' } }, now);
    return createResidentSession(trx, municipalityId, used.account_id, now);
  });
}

/** E-mail and password. The address must have been verified first. */
export async function loginWithPassword(services: Services, municipalityId: string, input: { email: string; password: string }): Promise<string> {
  const now = services.now();
  const account = await services.db.selectFrom('online_account').selectAll().where('municipality_id', '=', municipalityId).where('email', '=', normaliseEmail(input.email)).executeTakeFirst();
  if (!account || !account.password_hash) {
    await burnPasswordCheck(input.password);
    throw invalidLogin();
  }
  if (account.locked_until && new Date(account.locked_until).getTime() > now.getTime()) {
    throw new AppError(423, 'PORTAL_ACCOUNT_LOCKED', 'パスワードの誤りが続いたため、15分間ログインできません。「メールでログイン」なら今すぐログインできます。');
  }
  if (!(await verifyPassword(account.password_hash, input.password))) {
    const failed = account.failed_logins + 1;
    const lock = failed >= MAX_FAILED ? new Date(now.getTime() + LOCK_MS) : null;
    await services.db.updateTable('online_account').set({ failed_logins: lock ? 0 : failed, locked_until: lock })
      .where('municipality_id', '=', municipalityId).where('id', '=', account.id).execute();
    throw invalidLogin();
  }
  if (!account.email_verified_at) {
    throw new AppError(403, 'PORTAL_EMAIL_NOT_VERIFIED', 'メールアドレスの確認が済んでいません。登録時に届いたメールのリンクを開いてください。届いていなければ「メールでログイン」から送り直せます。');
  }
  return services.db.transaction().execute(async (trx) => {
    await trx.updateTable('online_account').set({ failed_logins: 0, locked_until: null }).where('municipality_id', '=', municipalityId).where('id', '=', account.id).execute();
    await appendAudit(trx, { municipalityId, actorStaffId: null, action: 'online.login', subjectType: 'online_account', subjectId: account.id, details: { method: 'password' } }, now);
    return createResidentSession(trx, municipalityId, account.id, now);
  });
}

export async function resolveResidentSession(db: Kysely<Database>, token: string, now: Date): Promise<ResidentPrincipal | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const tokenHash = hashSessionToken(token);
  const row = await db.selectFrom('online_session as s')
    .innerJoin('online_account as a', (j) => j.onRef('a.municipality_id', '=', 's.municipality_id').onRef('a.id', '=', 's.account_id'))
    .select(['s.municipality_id', 's.last_seen_at', 's.expires_at', 's.auth_level', 'a.id', 'a.email', 'a.display_name', 'a.guest'])
    .where('s.token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return null;
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (new Date(row.expires_at).getTime() <= now.getTime() || now.getTime() - lastSeen > RESIDENT_IDLE_MS) {
    await db.deleteFrom('online_session').where('municipality_id', '=', row.municipality_id).where('token_hash', '=', tokenHash).execute();
    return null;
  }
  if (now.getTime() - lastSeen > 60_000) {
    await db.updateTable('online_session').set({ last_seen_at: now }).where('municipality_id', '=', row.municipality_id).where('token_hash', '=', tokenHash).execute();
  }
  return { accountId: row.id, municipalityId: row.municipality_id, email: row.email, displayName: row.display_name, tokenHash, authLevel: row.auth_level, guest: row.guest };
}

export async function endResidentSession(db: Kysely<Database>, r: ResidentPrincipal): Promise<void> {
  await db.deleteFrom('online_session').where('municipality_id', '=', r.municipalityId).where('token_hash', '=', r.tokenHash).execute();
}

export const sessionExpired = () =>
  new AppError(401, 'PORTAL_LOGIN_REQUIRED', 'ログインの有効期限が切れました。もう一度ログインしてください。入力済みの内容は下書きとして保存されています。');

export function assertDisplayName(name: string): void {
  if (!name.trim()) throw badRequest('VALIDATION_FAILED', 'お名前を入力してください。', [{ path: 'displayName', message: 'お名前を入力してください。' }]);
}
