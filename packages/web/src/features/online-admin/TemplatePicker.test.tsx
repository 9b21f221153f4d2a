import { fireEvent, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../api/ApiProvider';
import { createApiClient } from '../../api/client';
import type { MessageTemplate } from '../../api/online';
import { startStubApiServer, type StubApiServer } from '../../testing/stubApiServer';
import { TemplatePicker } from './TemplatePicker';

let server: StubApiServer;
beforeAll(async () => { server = await startStubApiServer(); });
afterAll(() => server.close());

const template = (id: string, title: string, body: string): MessageTemplate => ({
  id, title, body, purpose: 'correction', purposeLabel: '補正の依頼', procedureId: null, departmentId: null, sortOrder: 0, updatedAt: '2026-11-27T00:00:00Z', canEdit: false,
});

function Reply() {
  const [note, setNote] = useState('');
  return (
    <>
      <TemplatePicker procedureId="child-allowance-claim" purpose="correction" onPick={setNote} />
      <label htmlFor="note">差し戻す理由</label>
      <textarea id="note" value={note} onChange={(e) => setNote(e.target.value)} />
    </>
  );
}

function renderReply() {
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ApiProvider client={createApiClient({ baseUrl: server.baseUrl })}><Reply /></ApiProvider>
    </QueryClientProvider>,
  );
}

describe('picking a 定型文 into a correction request', () => {
  it('asks for this procedure\'s correction templates and puts the chosen text in the field, to be edited', async () => {
    server.on('GET', '/api/online/message-templates', { status: 200, json: { items: [template('t1', '添付書類の不足', '所得証明書が添付されていません。'), template('t2', '記載誤り', '生年月日をご確認ください。')] } });
    renderReply();
    fireEvent.change(await screen.findByLabelText(/定型文から選ぶ/), { target: { value: 't2' } });
    expect((screen.getByLabelText('差し戻す理由') as HTMLTextAreaElement).value).toBe('生年月日をご確認ください。');
    const asked = server.requests.filter((r) => r.path === '/api/online/message-templates').pop();
    expect(asked?.query.get('procedureId')).toBe('child-allowance-claim');
    expect(asked?.query.get('purpose')).toBe('correction');
  });
});
