import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../api/types';
import { adminWithTotp } from '../../testing/fixtures';
import { renderAppAt } from '../../testing/renderApp';
import { startStubApiServer, type StubApiServer } from '../../testing/stubApiServer';

let server: StubApiServer;

const residentId = '7ed93aeb-a5e5-4f22-9faa-22d8d142c531';
const readEvent: AuditEvent = {
  id: 'e-2',
  seq: 2,
  at: '2026-05-01T00:30:00Z',
  actor: { id: 's-1', displayName: '窓口 花子' },
  action: 'resident.read',
  actionLabel: '住民情報の閲覧',
  subjectType: 'resident',
  subjectId: residentId,
  subjectLabel: '山田 太郎',
  purpose: '住民検索からの詳細表示',
  requestId: 'req-1',
};
const systemEvent: AuditEvent = {
  ...readEvent,
  id: 'e-1',
  seq: 1,
  actor: null,
  action: 'registry.import',
  actionLabel: '住民データの取込',
  subjectType: null,
  subjectId: null,
  subjectLabel: null,
  purpose: null,
};

beforeAll(async () => {
  server = await startStubApiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.on('GET', '/api/auth/me', { status: 200, json: { staff: adminWithTotp } });
  server.on('GET', '/api/admin/staff', { status: 200, json: { items: [] } });
  server.on('GET', '/api/audit', { status: 200, json: { items: [readEvent, systemEvent], total: 2 } });
});

describe('audit log', () => {
  it('answers who looked at which resident, when and why', async () => {
    renderAppAt(server, '/admin/audit');
    const table = await screen.findByRole('table', { name: '監査ログの記録' });
    const [first, second] = within(table).getAllByRole('row').slice(1);
    expect(first?.textContent).toContain('2026年5月1日');
    expect(first?.textContent).toContain('09:30');
    expect(first?.textContent).toContain('窓口 花子');
    expect(first?.textContent).toContain('山田 太郎');
    expect(first?.textContent).toContain('住民検索からの詳細表示');
    expect(second?.textContent).toContain('（システム）');
  });

  it('filters by the resident chosen in a row', async () => {
    renderAppAt(server, '/admin/audit');
    fireEvent.click(await screen.findByRole('link', { name: 'この住民の記録だけ表示（山田 太郎さん）' }));
    expect(await screen.findByText(/対象の住民：/)).toBeTruthy();
    const filtered = server.requests.filter((request) => request.path === '/api/audit').pop();
    expect(filtered?.query.get('residentId')).toBe(residentId);
    expect(filtered?.query.has('residentName')).toBe(false);
  });

  it('sends the chosen action and dates and refuses a reversed range', async () => {
    renderAppAt(server, '/admin/audit');
    await screen.findByRole('table', { name: '監査ログの記録' });
    fireEvent.change(screen.getByLabelText('操作'), { target: { value: 'resident.read' } });
    fireEvent.change(screen.getByLabelText(/開始日/), { target: { value: '2026-05-10' } });
    fireEvent.change(screen.getByLabelText(/終了日/), { target: { value: '2026-05-01' } });
    fireEvent.click(screen.getByRole('button', { name: '絞り込む' }));
    expect(await screen.findByText(/終了日は、開始日と同じ日かそれより後の日付にしてください。/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/終了日/), { target: { value: '2026-05-31' } });
    fireEvent.click(screen.getByRole('button', { name: '絞り込む' }));
    await waitFor(() => {
      const last = server.requests.filter((request) => request.path === '/api/audit').pop();
      expect(last?.query.get('action')).toBe('resident.read');
      expect(last?.query.get('from')).toBe('2026-05-10');
      expect(last?.query.get('to')).toBe('2026-05-31');
    });
  });

  it('reports a broken hash chain with what to do', async () => {
    server.on('GET', '/api/audit/verify', {
      status: 200,
      json: { ok: false, checked: 120, firstBrokenSeq: 57, reason: 'hash mismatch' },
    });
    renderAppAt(server, '/admin/audit');
    fireEvent.click(await screen.findByRole('button', { name: '改ざんがないか確認する' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('番号57の記録で');
    expect(alert.textContent).toContain('システム管理者に連絡してください');
  });

  it('confirms an intact chain with the number of records checked', async () => {
    server.on('GET', '/api/audit/verify', { status: 200, json: { ok: true, checked: 1234 } });
    renderAppAt(server, '/admin/audit');
    fireEvent.click(await screen.findByRole('button', { name: '改ざんがないか確認する' }));
    expect(await screen.findByText(/1,234件の記録を確認しました。/)).toBeTruthy();
  });
});

describe('audit log for one resident', () => {
  it('marks events that only showed the resident in a list, and drops the redundant filter link', async () => {
    const searchEvent: AuditEvent = {
      ...readEvent,
      id: 'e-3',
      seq: 3,
      action: 'resident.search',
      actionLabel: '住民の検索',
      subjectType: null,
      subjectId: null,
      subjectLabel: null,
    };
    server.on('GET', '/api/audit', { status: 200, json: { items: [searchEvent, readEvent], total: 2 } });
    renderAppAt(server, `/admin/audit?residentId=${residentId}&residentName=%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E`);
    const table = await screen.findByRole('table', { name: '監査ログの記録' });
    const [search, read] = within(table).getAllByRole('row').slice(1);
    expect(search?.textContent).toContain('（検索結果などに表示）');
    expect(read?.textContent).toContain('山田 太郎');
    expect(within(table).queryByRole('link', { name: /この住民の記録だけ表示/ })).toBeNull();
    expect(screen.getByText('山田 太郎', { selector: 'span.text-std-16B-170' })).toBeTruthy();
  });
});
