import { describe, expect, it } from 'vitest';
import { navigationFor } from './navigation';
import { needsTotpSetup } from './roles';

const labels = (roles: Parameters<typeof navigationFor>[0]) => navigationFor(roles).map((item) => item.label);

describe('navigationFor', () => {
  it('gives counter staff resident search, card reading and the desk', () => {
    expect(labels(['counter_staff'])).toEqual(['住民検索', 'カード読取', '呼出', 'タクシー券']);
  });

  it('gives department reviewers resident search and the procedure catalogue', () => {
    expect(labels(['department_reviewer'])).toEqual(['住民検索', '呼出', 'タクシー券', '手続きカタログ', 'オンライン申請']);
  });

  it.each([['municipality_admin'], ['system_admin']] as const)('gives %s the admin screens', (role) => {
    expect(labels([role])).toEqual(['住民検索', 'カード読取', '呼出', 'タクシー券', '手続きカタログ', 'オンライン申請', '手続きナビ', '職員管理', '課・庁舎の設定', '窓口の設定', '移動市役所', '車両の確認待ち', '車両の端末', '端末の管理', '監査ログ', '住民データ取込']);
  });

  it('does not repeat items for staff holding several roles', () => {
    expect(labels(['counter_staff', 'municipality_admin'])).toEqual(['住民検索', 'カード読取', '呼出', 'タクシー券', '手続きカタログ', 'オンライン申請', '手続きナビ', '職員管理', '課・庁舎の設定', '窓口の設定', '移動市役所', '車両の確認待ち', '車両の端末', '端末の管理', '監査ログ', '住民データ取込']);
  });

  it('leads admins to the vehicle review queue and the tablet app', () => {
    const paths = navigationFor(['municipality_admin']).map((i) => i.to);
    expect(paths.slice(paths.indexOf('/admin/outreach'), paths.indexOf('/admin/outreach') + 3)).toEqual(['/admin/outreach', '/outreach/vehicle/reviews', '/vehicle']);
    expect(navigationFor(['counter_staff']).map((i) => i.to)).not.toContain('/outreach/vehicle/reviews');
  });

  it('gives a taxi operator office only its own screen', () => {
    expect(navigationFor(['taxi_operator']).map((i) => i.to)).toEqual(['/taxi/operator']);
  });

  it('gives nothing to an account without roles', () => {
    expect(labels([])).toEqual([]);
  });
});

describe('needsTotpSetup', () => {
  it('asks admins without a second factor to set one up', () => {
    expect(needsTotpSetup({ roles: ['municipality_admin'], totpEnabled: false })).toBe(true);
    expect(needsTotpSetup({ roles: ['municipality_admin'], totpEnabled: true })).toBe(false);
  });
  it('does not ask counter staff', () => {
    expect(needsTotpSetup({ roles: ['counter_staff'], totpEnabled: false })).toBe(false);
  });
});
