import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authRequired, staffMember } from '../testing/fixtures';
import { renderAppAt } from '../testing/renderApp';
import { startStubApiServer, type StubApiServer } from '../testing/stubApiServer';

let server: StubApiServer;

beforeAll(async () => {
  server = await startStubApiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const renderAt = (path: string) => renderAppAt(server, path);

async function menuLabels(): Promise<string[]> {
  const nav = await screen.findByRole('navigation', { name: 'メインメニュー' });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent ?? '');
}

describe('navigation by role', () => {
  it('shows counter staff resident search and card reading, with their name and city', async () => {
    server.on('GET', '/api/auth/me', { status: 200, json: { staff: staffMember(['counter_staff']) } });
    renderAt('/');
    expect(await menuLabels()).toEqual(['書かない窓口', '受付箱', '住民検索', 'カード読取', '呼出', 'タクシー券']);
    expect(await screen.findByRole('heading', { level: 1, name: '住民検索' })).toBeTruthy();
    const banner = screen.getByRole('banner');
    expect(banner.textContent).toContain('窓口 花子');
    expect(banner.textContent).toContain('山形県 尾花沢市');
    expect(within(banner).getByRole('button', { name: 'ログアウト' })).toBeTruthy();
  });

  it('shows admins the administration screens', async () => {
    server.on('GET', '/api/auth/me', {
      status: 200,
      json: { staff: staffMember(['municipality_admin'], { totpEnabled: true }) },
    });
    renderAt('/residents');
    expect(await menuLabels()).toEqual(['書かない窓口', '受付箱', '住民検索', 'カード読取', '呼出', 'タクシー券', '手続きカタログ', 'オンライン申請', '手続きナビ', '職員管理', '課・庁舎の設定', '窓口の設定', '移動市役所', '車両の確認待ち', '車両の端末', '端末の管理', '監査ログ', '住民データ取込']);
  });

  it('marks the current screen in the menu', async () => {
    server.on('GET', '/api/auth/me', { status: 200, json: { staff: staffMember(['counter_staff']) } });
    renderAt('/residents');
    const nav = await screen.findByRole('navigation', { name: 'メインメニュー' });
    await waitFor(() => expect(within(nav).getByRole('link', { name: '住民検索' }).getAttribute('aria-current')).toBe('page'));
  });

  it('tells counter staff an admin screen is not theirs', async () => {
    server.on('GET', '/api/auth/me', { status: 200, json: { staff: staffMember(['counter_staff']) } });
    renderAt('/admin/staff');
    expect(await screen.findByRole('heading', { name: 'この画面を使う権限がありません' })).toBeTruthy();
    expect(server.requests.some((request) => request.path === '/api/admin/staff')).toBe(false);
  });

  it('leads an admin without a second factor to TOTP setup first', async () => {
    server.on('GET', '/api/auth/me', { status: 200, json: { staff: staffMember(['municipality_admin']) } });
    renderAt('/admin/audit');
    expect(await screen.findByRole('heading', { level: 1, name: '二段階認証の設定' })).toBeTruthy();
    expect(window.location.pathname).toBe('/account/totp');
    expect(new URLSearchParams(window.location.search).get('redirect')).toContain('/admin/audit');
  });
});

describe('account menu and logout', () => {
  it('closes the account menu on Escape and returns focus to it', async () => {
    server.on('GET', '/api/auth/me', { status: 200, json: { staff: staffMember(['counter_staff']) } });
    renderAt('/residents');
    const summary = (await screen.findByText('アカウントのメニュー')).closest('summary');
    const details = summary?.parentElement as HTMLDetailsElement;
    fireEvent.click(summary as HTMLElement);
    await waitFor(() => expect(details.open).toBe(true));
    expect(within(details).getByRole('link', { name: 'パスワードを変更する' })).toBeTruthy();
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(details.open).toBe(false));
    expect(document.activeElement).toBe(summary);
  });

  it('logs out, forgets the session and shows the login screen', async () => {
    let loggedIn = true;
    server.on('GET', '/api/auth/me', () =>
      loggedIn ? { status: 200, json: { staff: staffMember(['counter_staff']) } } : authRequired,
    );
    server.on('POST', '/api/auth/logout', () => {
      loggedIn = false;
      return { status: 204 };
    });
    renderAt('/residents');
    fireEvent.click(await screen.findByRole('button', { name: 'ログアウト' }));
    expect(await screen.findByRole('heading', { name: '職員ログイン' })).toBeTruthy();
    expect(server.requests.some((request) => request.method === 'POST' && request.path === '/api/auth/logout')).toBe(true);
    expect(screen.queryByText('窓口 花子')).toBeNull();
  });
});

describe('login', () => {
  it('sends people without a session to login and back afterwards, asking for a TOTP code when needed', async () => {
    let loggedIn = false;
    const admin = staffMember(['municipality_admin'], { totpEnabled: true, displayName: '情報 管理' });
    server.on('GET', '/api/auth/me', () => (loggedIn ? { status: 200, json: { staff: admin } } : authRequired));
    server.on('GET', '/api/admin/staff', { status: 200, json: { items: [] } });
    server.on('GET', '/api/municipality', {
      status: 200,
      json: { id: 'm-1', name: '尾花沢市', localGovernmentCode: '062120', prefecture: '山形県', departments: [] },
    });
    server.on('POST', '/api/auth/login', (request) => {
      const body = JSON.parse(request.body.toString()) as { totpCode?: string };
      if (!body.totpCode) {
        return { status: 401, json: { error: { code: 'AUTH_TOTP_REQUIRED', message: '確認コードを入力してください。' } } };
      }
      loggedIn = true;
      return { status: 200, json: { staff: admin } };
    });

    renderAt('/admin/staff');
    expect(await screen.findByRole('heading', { name: '職員ログイン' })).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/自治体コード/), { target: { value: '０６２１２０' } });
    fireEvent.change(screen.getByLabelText(/ログインID/), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText(/^パスワード/, { selector: 'input[name="password"]' }), { target: { value: 'madoguchi-demo' } });
    fireEvent.click(screen.getByRole('button', { name: 'ログインする' }));

    const codeField = await screen.findByLabelText(/確認コード/);
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(codeField, { target: { value: '１２３ ４５６' } });
    fireEvent.click(screen.getByRole('button', { name: 'ログインする' }));

    expect(await screen.findByRole('heading', { level: 1, name: '職員管理' })).toBeTruthy();
    const logins = server.requests.filter((request) => request.path === '/api/auth/login');
    expect(JSON.parse(logins[1]?.body.toString() ?? '')).toEqual({
      municipalityCode: '062120',
      loginId: 'admin',
      password: 'madoguchi-demo',
      totpCode: '123456',
    });
    expect(localStorage.getItem('madoguchi.municipalityCode')).toBe('062120');
  });

  it('shows the server message and clears the password when credentials are wrong', async () => {
    server.on('GET', '/api/auth/me', authRequired);
    server.on('POST', '/api/auth/login', {
      status: 401,
      json: { error: { code: 'AUTH_INVALID_CREDENTIALS', message: 'ログインIDまたはパスワードが違います。' } },
    });
    renderAt('/login');
    fireEvent.change(await screen.findByLabelText(/自治体コード/), { target: { value: '062120' } });
    fireEvent.change(screen.getByLabelText(/ログインID/), { target: { value: 'clerk' } });
    fireEvent.change(screen.getByLabelText(/^パスワード/, { selector: 'input[name="password"]' }), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'ログインする' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('ログインIDまたはパスワードが違います。');
    expect((screen.getByLabelText(/^パスワード/, { selector: 'input[name="password"]' }) as HTMLInputElement).value).toBe('');
  });

  it('returns to login when the session ends while a screen is open', async () => {
    let sessionAlive = true;
    server.on('GET', '/api/auth/me', () =>
      sessionAlive ? { status: 200, json: { staff: staffMember(['counter_staff']) } } : authRequired,
    );
    server.on('GET', '/api/residents', () => {
      sessionAlive = false;
      return authRequired;
    });
    renderAt('/residents?q=%E5%B1%B1%E7%94%B0');
    expect(await screen.findByRole('heading', { name: '職員ログイン' })).toBeTruthy();
    expect(new URLSearchParams(window.location.search).get('redirect')).toContain('/residents');
  });
});
