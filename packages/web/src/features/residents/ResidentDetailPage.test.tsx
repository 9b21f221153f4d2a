import { screen, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminWithTotp, residentRecord, staffMember } from '../../testing/fixtures';
import { renderAppAt } from '../../testing/renderApp';
import { startStubApiServer, type StubApiServer } from '../../testing/stubApiServer';

let server: StubApiServer;
const record = residentRecord();
const path = `/api/residents/${record.resident.id}`;

beforeAll(async () => {
  server = await startStubApiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.on('GET', '/api/auth/me', { status: 200, json: { staff: staffMember(['counter_staff']) } });
});

describe('resident detail', () => {
  it('shows the person with 和暦 dates, the household and the change history', async () => {
    server.on('GET', path, { status: 200, json: record });
    renderAppAt(server, `/residents/${record.resident.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: '山田 太郎' })).toBeTruthy();
    const person = screen.getByRole('region', { name: '基本情報' });
    expect(person.textContent).toContain('昭和45年3月2日（1970年3月2日）・56歳');
    expect(person.textContent).toContain('令和元年5月1日（2019年5月1日）');
    expect(person.textContent).toContain('〒999-4221');

    const household = screen.getByRole('region', { name: '世帯（2人）' });
    expect(within(household).getByRole('link', { name: /山田 花/ }).getAttribute('href')).toBe(
      '/residents/c43fbb2b-4d26-42ea-8cba-c4cc286e3bbd',
    );
    expect(within(household).queryByRole('link', { name: /山田 太郎/ })).toBeNull();

    const history = screen.getByRole('region', { name: '異動履歴' });
    expect(history.textContent).toContain('転入');
    expect(history.textContent).toContain('2019年5月1日 10:00');
  });

  it('tells the server why the record was opened, for the audit log', async () => {
    server.on('GET', path, { status: 200, json: record });
    renderAppAt(server, `/residents/${record.resident.id}`);
    await screen.findByRole('heading', { level: 1, name: '山田 太郎' });
    const read = server.requests.find((request) => request.path === path);
    expect(read?.query.get('purpose')).toBe('住民検索からの詳細表示');
  });

  it('offers admins the audit trail of this resident, and counter staff not', async () => {
    server.on('GET', path, { status: 200, json: record });
    renderAppAt(server, `/residents/${record.resident.id}`);
    await screen.findByRole('heading', { level: 1, name: '山田 太郎' });
    expect(screen.queryByRole('link', { name: 'この住民の閲覧記録を見る' })).toBeNull();
  });

  it('links admins to the audit log filtered to this resident', async () => {
    server.on('GET', '/api/auth/me', { status: 200, json: { staff: adminWithTotp } });
    server.on('GET', path, { status: 200, json: record });
    renderAppAt(server, `/residents/${record.resident.id}`);
    const link = await screen.findByRole('link', { name: 'この住民の閲覧記録を見る' });
    expect(link.getAttribute('href')).toContain(`residentId=${record.resident.id}`);
  });

  it('explains a resident that does not exist', async () => {
    server.on('GET', path, {
      status: 404,
      json: { error: { code: 'RESIDENT_NOT_FOUND', message: '住民が見つかりません。' } },
    });
    renderAppAt(server, `/residents/${record.resident.id}`);
    expect(await screen.findByText('この住民は見つかりませんでした')).toBeTruthy();
  });
});
