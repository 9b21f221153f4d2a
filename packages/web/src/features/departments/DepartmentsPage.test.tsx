import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DepartmentWithStaff, MunicipalitySettings } from '../../api/types';
import { adminWithTotp } from '../../testing/fixtures';
import { renderAppAt } from '../../testing/renderApp';
import { startStubApiServer, type StubApiServer } from '../../testing/stubApiServer';

let server: StubApiServer;

const shimin: DepartmentWithStaff = {
  id: 'd-shimin', code: 'shimin', name: '市民税務課', location: '1階 1・2番窓口', active: true, retiredAt: null, activeStaffCount: 3,
};
const kankyo: DepartmentWithStaff = {
  id: 'd-kankyo', code: 'kankyo', name: '環境整備課', location: null, active: true, retiredAt: null, activeStaffCount: 0,
};
const kikaku: DepartmentWithStaff = {
  id: 'd-kikaku', code: 'kikaku', name: '企画課', location: '3階', active: false, retiredAt: '2026-03-31T06:00:00Z', activeStaffCount: 0,
};
const saved: MunicipalitySettings = { displayName: '尾花沢市役所', postalCode: '9994292', address: null, phone: '0237-22-1111', openingHours: null };

beforeAll(async () => {
  server = await startStubApiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.on('GET', '/api/auth/me', { status: 200, json: { staff: adminWithTotp } });
  server.on('GET', '/api/admin/departments', { status: 200, json: { items: [kikaku, shimin, kankyo] } });
  server.on('GET', '/api/municipality/settings', { status: 200, json: { settings: saved } });
});

const bodiesOf = (method: string, path: string) =>
  server.requests.filter((r) => r.method === method && r.path === path).map((r) => (r.body.length ? (JSON.parse(r.body.toString()) as unknown) : null));
const rowOf = async (name: string) => (await screen.findByText(name)).closest('tr')!;
const departmentReply = (d: DepartmentWithStaff, change: Partial<DepartmentWithStaff> = {}) => {
  const { activeStaffCount: _count, ...department } = { ...d, ...change };
  return { status: 200, json: { department } };
};

describe('department list', () => {
  it('shows each department with its location, staff count and state, in use first', async () => {
    renderAppAt(server, '/admin/departments');
    const rows = within(await screen.findByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]!.textContent)).toEqual(['環境整備課kankyo', '市民税務課shimin', '企画課kikaku']);
    expect(within(rows[1]!).getByText('1階 1・2番窓口')).toBeTruthy();
    expect(within(rows[1]!).getByText('3人')).toBeTruthy();
    expect(within(rows[0]!).getByText('未設定')).toBeTruthy();
    expect(within(rows[2]!).getByText('廃止')).toBeTruthy();
    expect(within(rows[2]!).getByText('2026年3月31日')).toBeTruthy();
    expect(screen.getByText('3課（うち廃止 1課）')).toBeTruthy();
  });
});

describe('adding a department', () => {
  it('checks the form, sends it, and says it was added', async () => {
    server.on('POST', '/api/admin/departments', departmentReply({ ...kankyo, id: 'd-new', code: 'kanko', name: '商工観光課', location: '2階 22番窓口' }));
    renderAppAt(server, '/admin/departments');
    fireEvent.click(await screen.findByRole('button', { name: '＋ 課を追加する' }));
    fireEvent.change(screen.getByLabelText(/^課の名前/), { target: { value: '商工観光課' } });
    fireEvent.change(screen.getByLabelText(/^課コード/), { target: { value: 'Kanko' } });
    fireEvent.click(screen.getByRole('button', { name: '追加する' }));
    expect(await screen.findByText(/^課コードは半角の英小文字で始まる/)).toBeTruthy();
    expect(bodiesOf('POST', '/api/admin/departments')).toEqual([]);

    fireEvent.change(screen.getByLabelText(/^課コード/), { target: { value: 'kanko' } });
    fireEvent.change(screen.getByLabelText(/^窓口の場所/), { target: { value: '2階 22番窓口' } });
    fireEvent.click(screen.getByRole('button', { name: '追加する' }));
    expect(await screen.findByText('商工観光課を追加しました。')).toBeTruthy();
    expect(bodiesOf('POST', '/api/admin/departments')).toEqual([{ code: 'kanko', name: '商工観光課', location: '2階 22番窓口' }]);
    // The list is read again so the new department appears with the server's numbers.
    expect(server.requests.filter((r) => r.method === 'GET' && r.path === '/api/admin/departments').length).toBeGreaterThan(1);
  });

  it('shows a taken code next to the field', async () => {
    server.on('POST', '/api/admin/departments', {
      status: 409,
      json: { error: { code: 'DEPARTMENT_CODE_TAKEN', message: '課コード「shimin」はすでに使われています。別のコードを指定してください。', details: [{ path: 'code', message: '使用済みのコードです。' }] } },
    });
    renderAppAt(server, '/admin/departments');
    fireEvent.click(await screen.findByRole('button', { name: '＋ 課を追加する' }));
    fireEvent.change(screen.getByLabelText(/^課の名前/), { target: { value: '市民課' } });
    fireEvent.change(screen.getByLabelText(/^課コード/), { target: { value: 'shimin' } });
    fireEvent.click(screen.getByRole('button', { name: '追加する' }));
    expect(await screen.findByText('使用済みのコードです。')).toBeTruthy();
    expect(screen.getByText('課コード「shimin」はすでに使われています。別のコードを指定してください。')).toBeTruthy();
  });
});

describe('editing a department', () => {
  it('sends only what changed', async () => {
    server.on('PATCH', `/api/admin/departments/${shimin.id}`, departmentReply(shimin, { location: '1階 1番窓口' }));
    renderAppAt(server, '/admin/departments');
    fireEvent.click(await screen.findByRole('button', { name: '市民税務課を編集' }));
    expect(screen.queryByLabelText(/^課コード/)).toBeNull();
    fireEvent.change(screen.getByLabelText(/^窓口の場所/), { target: { value: '1階 1番窓口' } });
    fireEvent.click(screen.getByRole('button', { name: '保存する' }));
    expect(await screen.findByText('市民税務課を保存しました。')).toBeTruthy();
    expect(bodiesOf('PATCH', `/api/admin/departments/${shimin.id}`)).toEqual([{ location: '1階 1番窓口' }]);
  });
});

describe('retiring a department', () => {
  it('asks for confirmation, then retires it', async () => {
    server.on('POST', `/api/admin/departments/${kankyo.id}/retire`, departmentReply(kankyo, { active: false, retiredAt: '2026-11-27T01:00:00Z' }));
    renderAppAt(server, '/admin/departments');
    fireEvent.click(within(await rowOf('環境整備課')).getByRole('button', { name: '環境整備課を廃止する' }));
    const dialog = screen.getByRole('alertdialog', { name: '環境整備課の廃止の確認' });
    expect(bodiesOf('POST', `/api/admin/departments/${kankyo.id}/retire`)).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: '廃止する' }));
    expect(await screen.findByText('環境整備課を廃止しました。')).toBeTruthy();
    expect(bodiesOf('POST', `/api/admin/departments/${kankyo.id}/retire`)).toHaveLength(1);
  });

  it('explains that staff must move first, and links to staff management', async () => {
    renderAppAt(server, '/admin/departments');
    fireEvent.click(within(await rowOf('市民税務課')).getByRole('button', { name: '市民税務課を廃止する' }));
    expect(screen.getByText('市民税務課はまだ廃止できません')).toBeTruthy();
    expect(screen.getByText(/利用中の職員が3人所属しています/)).toBeTruthy();
    expect(screen.getByRole('link', { name: '職員管理で所属する課を変更する' }).getAttribute('href')).toBe('/admin/staff');
    expect(screen.queryByRole('button', { name: '廃止する' })).toBeNull();
  });

  it('shows the server refusal when staff were assigned meanwhile', async () => {
    server.on('POST', `/api/admin/departments/${kankyo.id}/retire`, {
      status: 409,
      json: { error: { code: 'DEPARTMENT_HAS_STAFF', message: '環境整備課には利用中の職員が1人所属しています（窓口 花子）。先に「職員管理」でこの職員の所属する課を変更するか利用を停止してから、もう一度廃止してください。' } },
    });
    renderAppAt(server, '/admin/departments');
    fireEvent.click(within(await rowOf('環境整備課')).getByRole('button', { name: '環境整備課を廃止する' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: '廃止する' }));
    expect(await screen.findByText(/（窓口 花子）/)).toBeTruthy();
    expect(screen.getByRole('link', { name: '職員管理で所属する課を変更する' })).toBeTruthy();
  });

  it('can be taken back from the list', async () => {
    server.on('POST', `/api/admin/departments/${kikaku.id}/reinstate`, departmentReply(kikaku, { active: true, retiredAt: null }));
    renderAppAt(server, '/admin/departments');
    fireEvent.click(await screen.findByRole('button', { name: '企画課の廃止を取り消す' }));
    expect(await screen.findByText('企画課の廃止を取り消しました。')).toBeTruthy();
    expect(bodiesOf('POST', `/api/admin/departments/${kikaku.id}/reinstate`)).toHaveLength(1);
  });
});

describe('municipality settings form', () => {
  it('saves the changed fields, sends emptied ones as null, and shows the tidied values', async () => {
    server.on('PATCH', '/api/admin/municipality/settings', {
      status: 200,
      json: { settings: { ...saved, phone: '0237-22-1112', displayName: null, openingHours: '平日 8時30分〜17時15分' } },
    });
    renderAppAt(server, '/admin/departments');
    fireEvent.change(await screen.findByLabelText(/^代表電話/), { target: { value: '０２３７－２２－１１１２' } });
    fireEvent.change(screen.getByLabelText(/^庁舎の表示名/), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText(/^開庁時間/), { target: { value: '平日 8時30分〜17時15分' } });
    fireEvent.click(screen.getByRole('button', { name: '設定を保存する' }));
    expect(await screen.findByText('庁舎の設定を保存しました。')).toBeTruthy();
    expect(bodiesOf('PATCH', '/api/admin/municipality/settings')).toEqual([
      { displayName: null, phone: '0237-22-1112', openingHours: '平日 8時30分〜17時15分' },
    ]);
    expect((screen.getByLabelText(/^代表電話/) as HTMLInputElement).value).toBe('0237-22-1112');
  });

  it('does not send anything when nothing changed', async () => {
    renderAppAt(server, '/admin/departments');
    expect(((await screen.findByLabelText(/^郵便番号/)) as HTMLInputElement).value).toBe('999-4292');
    fireEvent.click(screen.getByRole('button', { name: '設定を保存する' }));
    expect(await screen.findByText(/変更された項目はありません。/)).toBeTruthy();
    expect(bodiesOf('PATCH', '/api/admin/municipality/settings')).toEqual([]);
  });

  it('explains a wrong phone number before sending', async () => {
    renderAppAt(server, '/admin/departments');
    fireEvent.change(await screen.findByLabelText(/^代表電話/), { target: { value: '22-1111' } });
    fireEvent.click(screen.getByRole('button', { name: '設定を保存する' }));
    expect(await screen.findByText('代表電話は「0237-22-1111」のように、市外局番から数字とハイフンで入力してください。')).toBeTruthy();
    await waitFor(() => expect(bodiesOf('PATCH', '/api/admin/municipality/settings')).toEqual([]));
  });
});
