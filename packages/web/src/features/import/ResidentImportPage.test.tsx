import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminWithTotp } from '../../testing/fixtures';
import { renderAppAt } from '../../testing/renderApp';
import { startStubApiServer, type StubApiServer } from '../../testing/stubApiServer';

let server: StubApiServer;

beforeAll(async () => {
  server = await startStubApiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.on('GET', '/api/auth/me', { status: 200, json: { staff: adminWithTotp } });
});

function chooseFile(text: string) {
  const file = new File([text], 'residents.csv', { type: 'text/csv' });
  fireEvent.change(screen.getByLabelText('CSVファイル'), { target: { files: [file] } });
}

const importButton = () => screen.getByRole('button', { name: '取り込む' });

describe('CSV import', () => {
  it('asks for a file before checking', async () => {
    renderAppAt(server, '/admin/import');
    fireEvent.click(await screen.findByRole('button', { name: '内容を確認する' }));
    expect(await screen.findByText(/取り込むCSVファイルを選んでください。/)).toBeTruthy();
    expect(server.requests.some((request) => request.path === '/api/registry/import')).toBe(false);
  });

  it('lists every row problem from a dry run and keeps import disabled', async () => {
    server.on('POST', '/api/registry/import', {
      status: 422,
      json: {
        error: {
          code: 'IMPORT_ROWS_INVALID',
          message: '取り込めない行が2件あります。',
          details: [
            { path: '2行目: 生年月日', message: '昭和は64年（1989年）までです。' },
            { path: '見出し行', message: '「氏」の列がありません。' },
          ],
        },
      },
    });
    renderAppAt(server, '/admin/import');
    await screen.findByRole('heading', { level: 1, name: '住民データ取込' });
    chooseFile('世帯番号\n1\n');
    fireEvent.click(screen.getByRole('button', { name: '内容を確認する' }));
    const table = await screen.findByRole('table', { name: '直す必要がある箇所（2件）' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent))).toEqual([
      ['2行目', '生年月日', '昭和は64年（1989年）までです。'],
      ['見出し行', '—', '「氏」の列がありません。'],
    ]);
    expect(importButton()).toHaveProperty('disabled', true);
    expect(server.requests[server.requests.length - 1]?.query.get('dryRun')).toBe('true');
  });

  it('imports only after a clean dry run, sending the same bytes', async () => {
    server.on('POST', '/api/registry/import', (request) => ({
      status: 200,
      json: { dryRun: request.query.get('dryRun') === 'true', imported: 3, households: 2, encoding: 'shift_jis' },
    }));
    renderAppAt(server, '/admin/import');
    await screen.findByRole('heading', { level: 1, name: '住民データ取込' });
    expect(importButton()).toHaveProperty('disabled', true);
    chooseFile('世帯番号,氏\n1,山田\n');
    fireEvent.click(screen.getByRole('button', { name: '内容を確認する' }));
    expect(await screen.findByText(/3人（2世帯）を取り込めます（文字コード：Shift_JIS）/)).toBeTruthy();
    await waitFor(() => expect(importButton()).toHaveProperty('disabled', false));
    fireEvent.click(importButton());
    expect(await screen.findByText('取込が終わりました')).toBeTruthy();
    const uploads = server.requests.filter((request) => request.path === '/api/registry/import');
    expect(uploads.map((request) => request.query.get('dryRun'))).toEqual(['true', 'false']);
    expect(uploads[1]?.body.toString()).toBe('世帯番号,氏\n1,山田\n');
  });
});
