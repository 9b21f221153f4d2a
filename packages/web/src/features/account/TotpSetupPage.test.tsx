import { fireEvent, screen } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { staffMember } from '../../testing/fixtures';
import { renderAppAt } from '../../testing/renderApp';
import { startStubApiServer, type StubApiServer } from '../../testing/stubApiServer';

let server: StubApiServer;

beforeAll(async () => {
  server = await startStubApiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('TOTP setup', () => {
  it('shows the QR code and grouped secret, explains a wrong code, then enables and returns', async () => {
    let enabled = false;
    server.on('GET', '/api/auth/me', () => ({
      status: 200,
      json: { staff: staffMember(['municipality_admin'], { totpEnabled: enabled }) },
    }));
    server.on('POST', '/api/auth/totp/setup', {
      status: 200,
      json: {
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        otpauthUri: 'otpauth://totp/madoguchi:admin?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=madoguchi',
      },
    });
    server.on('POST', '/api/auth/totp/enable', (request) => {
      const { code } = JSON.parse(request.body.toString()) as { code: string };
      if (code !== '654321') {
        return { status: 400, json: { error: { code: 'AUTH_TOTP_INVALID', message: '確認コードが違います。' } } };
      }
      enabled = true;
      return { status: 204 };
    });

    renderAppAt(server, '/account/totp?redirect=%2Fadmin%2Fstaff');
    fireEvent.click(await screen.findByRole('button', { name: '設定を始める' }));
    const qr = await screen.findByRole('img', { name: '認証アプリに読み取らせる設定用のQRコード' });
    expect(qr.querySelector('path')?.getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).toBeTruthy();

    const field = screen.getByLabelText(/^確認コード（6桁）/);
    fireEvent.change(field, { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: '確認して有効にする' }));
    expect(await screen.findByText(/6桁の数字を入力してください/)).toBeTruthy();

    fireEvent.change(field, { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: '確認して有効にする' }));
    expect(await screen.findByText('確認コードが違います。')).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/^確認コード（6桁）/), { target: { value: '６５４３２１' } });
    fireEvent.click(screen.getByRole('button', { name: '確認して有効にする' }));
    expect(await screen.findByText('二段階認証を有効にしました')).toBeTruthy();
    expect(screen.getByRole('button', { name: '元の画面に進む' })).toBeTruthy();
  });
});
