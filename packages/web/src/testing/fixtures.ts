import type { Me, Role } from '../api/types';

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
