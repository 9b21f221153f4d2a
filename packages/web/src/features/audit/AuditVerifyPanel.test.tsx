import { fireEvent, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminWithTotp } from '../../testing/fixtures';
import { renderAppAt } from '../../testing/renderApp';
import { startStubApiServer, type StubApiServer } from '../../testing/stubApiServer';

let server: StubApiServer;
beforeAll(async () => {
  server = await startStubApiServer();
  server.on('GET', '/api/auth/me', { status: 200, json: { staff: adminWithTotp } });
  server.on('GET', '/api/admin/staff', { status: 200, json: { items: [] } });
  server.on('GET', '/api/audit', { status: 200, json: { items: [], total: 0 } });
});
afterAll(() => server.close());

describe('audit verification with events not yet chained', () => {
  it('says how many events are still waiting to be linked, beside an intact chain', async () => {
    server.on('GET', '/api/audit/verify', { status: 200, json: { ok: true, checked: 500, pending: 3, oldestPendingAt: '2026-11-29T05:00:00Z' } });
    renderAppAt(server, '/admin/audit');
    fireEvent.click(await screen.findByRole('button', { name: '改ざんがないか確認する' }));
    expect((await screen.findByText('改ざんは見つかりませんでした')).textContent).toBeTruthy();
    const pending = await screen.findByText(/3件の記録は、まだ鎖につながれていません/);
    expect(pending.textContent).toContain('もう一度確認してください');
  });
});
