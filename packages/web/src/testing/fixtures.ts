import type { Me, ResidentRecord, ResidentSummary, Role } from '../api/types';

export function staffMember(roles: Role[], overrides: Partial<Me> = {}): Me {
  return {
    id: '5a0f3c1e-0000-4000-8000-000000000001',
    loginId: 'clerk',
    displayName: '窓口 花子',
    roles,
    departmentIds: [],
    totpEnabled: false,
    municipality: { id: 'm-1', name: '尾花沢市', localGovernmentCode: '062120', prefecture: '山形県' },
    ...overrides,
  };
}

export const authRequired = {
  status: 401,
  json: { error: { code: 'AUTH_REQUIRED', message: 'ログインしてください。' } },
};

export function residentSummary(overrides: Partial<ResidentSummary> = {}): ResidentSummary {
  return {
    id: '7ed93aeb-a5e5-4f22-9faa-22d8d142c531',
    name: '山田 太郎',
    kana: 'ヤマダ タロウ',
    birthDate: '1970-03-02',
    birthDateWareki: '昭和45年3月2日',
    age: 56,
    sex: 'male',
    status: 'active',
    address: '山形県尾花沢市若葉町一丁目2番3号',
    householdId: 'd423cc6c-60c3-4862-b1d4-a76bfb6115c6',
    relationship: '世帯主',
    ...overrides,
  };
}

export function residentRecord(): ResidentRecord {
  const head = residentSummary();
  const child = residentSummary({
    id: 'c43fbb2b-4d26-42ea-8cba-c4cc286e3bbd',
    name: '山田 花',
    kana: 'ヤマダ ハナ',
    birthDate: '2019-05-01',
    birthDateWareki: '令和元年5月1日',
    age: 7,
    sex: 'female',
    relationship: '子',
  });
  return {
    resident: {
      ...head,
      familyName: '山田',
      givenName: '太郎',
      familyNameKana: 'ヤマダ',
      givenNameKana: 'タロウ',
      residentRecordCode: '93147079433',
      residentSince: '2019-05-01',
      movedInFrom: '宮城県仙台市青葉区',
      postalCode: '9994221',
      addressParts: { prefecture: '山形県', city: '尾花沢市', town: '若葉町一丁目', block: '2番3号', building: null },
    },
    household: {
      id: head.householdId,
      address: head.address,
      postalCode: '9994221',
      householderId: head.id,
      members: [head, child],
    },
    history: [
      {
        id: 'h-1',
        kind: 'move_in',
        kindLabel: '転入',
        effectiveDate: '2019-05-01',
        effectiveDateWareki: '令和元年5月1日',
        recordedAt: '2019-05-01T01:00:00Z',
        reason: '宮城県仙台市から転入',
        details: {},
      },
    ],
  };
}

export const adminWithTotp = staffMember(['municipality_admin'], {
  id: '5a0f3c1e-0000-4000-8000-00000000000a',
  loginId: 'admin',
  displayName: '情報 管理',
  totpEnabled: true,
});
