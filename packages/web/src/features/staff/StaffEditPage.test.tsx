import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StaffAccount } from '../../api/types';
import { adminWithTotp } from '../../testing/fixtures';
import { renderAppAt } from '../../testing/renderApp';
import { startStubApiServer, type StubApiServer } from '../../testing/stubApiServer';

let server: StubApiServer;

const clerk: StaffAccount = {
  id: '6b1e8a52-0000-4000-8000-000000000002',
  loginId: 'clerk',
  displayName: '窓口 花子',
  roles: ['counter_staff'],
  departmentIds: ['d-shimin'],
  active: true,
  totpEnabled: false,
  lastLoginAt: null,
};
const self: StaffAccount = { ...clerk, id: adminWithTotp.id, loginId: 'admin', displayName: '情報 管理', roles: ['municipality_admin'] };

beforeAll(async () => {
  server = await startStubApiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.on('GET', '/api/auth/me', { status: 200, json: { staff: adminWithTotp } });
  server.on('GET', '/api/admin/staff', { status: 200, json: { items: [clerk, self] } });
  server.on('GET', '/api/municipality', {
    status: 200,
    json: {
      id: 'm-1',
      name: '尾花沢市',
      localGovernmentCode: '062120',
      prefecture: '山形県',
      departments: [
        { id: 'd-shimin', code: 'shimin', name: '市民税務課', location: '1階', active: true, retiredAt: null },
        { id: 'd-kodomo', code: 'kodomo', name: 'こども未来課', location: '1階', active: true, retiredAt: null },
        { id: 'd-kikaku', code: 'kikaku', name: '企画課', location: null, active: false, retiredAt: '2026-03-31T06:00:00Z' },
      ],
    },
  });
});

const bodiesOf = (method: string, path: string) =>
  server.requests
    .filter((request) => request.method === method && request.path === path)
    .map((request) => JSON.parse(request.body.toString()) as unknown);

describe('staff edit', () => {
  it('saves changed roles and departments and returns to the list', async () => {
    server.on('PATCH', `/api/admin/staff/${clerk.id}`, { status: 200, json: {} });
    renderAppAt(server, `/admin/staff/${clerk.id}`);
    fireEvent.click(await screen.findByLabelText(/担当課職員/));
    fireEvent.click(screen.getByLabelText('こども未来課'));
    fireEvent.click(screen.getByRole('button', { name: '保存する' }));
    expect(await screen.findByText('窓口 花子さんの情報を保存しました。')).toBeTruthy();
    expect(bodiesOf('PATCH', `/api/admin/staff/${clerk.id}`)).toEqual([
      {
        displayName: '窓口 花子',
        roles: ['counter_staff', 'department_reviewer'],
        departmentIds: ['d-shimin', 'd-kodomo'],
      },
    ]);
  });

  it('offers retired departments only to take them off someone still in one', async () => {
    server.on('GET', '/api/admin/staff', { status: 200, json: { items: [{ ...clerk, departmentIds: ['d-shimin', 'd-kikaku'] }, self] } });
    renderAppAt(server, `/admin/staff/${clerk.id}`);
    expect(((await screen.findByLabelText('企画課（廃止）')) as HTMLInputElement).checked).toBe(true);
  });

  it('does not offer retired departments to anyone else', async () => {
    renderAppAt(server, `/admin/staff/${clerk.id}`);
    await screen.findByLabelText('こども未来課');
    expect(screen.queryByLabelText(/企画課/)).toBeNull();
  });

  it('asks for confirmation before deactivating', async () => {
    server.on('PATCH', `/api/admin/staff/${clerk.id}`, { status: 200, json: {} });
    renderAppAt(server, `/admin/staff/${clerk.id}`);
    fireEvent.click(await screen.findByRole('button', { name: '利用を停止する' }));
    expect(bodiesOf('PATCH', `/api/admin/staff/${clerk.id}`)).toEqual([]);
    expect(screen.getByText('窓口 花子さんの利用を停止しますか？')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '停止する' }));
    await waitFor(() => expect(bodiesOf('PATCH', `/api/admin/staff/${clerk.id}`)).toEqual([{ active: false }]));
  });

  it('does not let admins deactivate themselves', async () => {
    renderAppAt(server, `/admin/staff/${self.id}`);
    expect(await screen.findByText(/自分自身のアカウントは停止できません/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: '利用を停止する' })).toBeNull();
  });

  it('checks the new password length before resetting it', async () => {
    server.on('POST', `/api/admin/staff/${clerk.id}/password`, { status: 204 });
    renderAppAt(server, `/admin/staff/${clerk.id}`);
    const field = await screen.findByLabelText(/^新しいパスワード/, { selector: 'input' });
    fireEvent.change(field, { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'パスワードを再設定する' }));
    expect(await screen.findByText(/12文字以上にしてください（いまは5文字です）/)).toBeTruthy();
    expect(bodiesOf('POST', `/api/admin/staff/${clerk.id}/password`)).toEqual([]);
    fireEvent.change(field, { target: { value: 'long-enough-pass' } });
    fireEvent.click(screen.getByRole('button', { name: 'パスワードを再設定する' }));
    expect(await screen.findByText('パスワードを再設定しました')).toBeTruthy();
    expect(bodiesOf('POST', `/api/admin/staff/${clerk.id}/password`)).toEqual([{ newPassword: 'long-enough-pass' }]);
  });
});
