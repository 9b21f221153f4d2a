import { catalogue as shipped } from '@madoguchi/procedures';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NavigatorRules, ProcedureCatalogue, ProcedureDetail, ProcedureDepartment, ProcedureListItem, ProcedureVersionSummary } from '../../api/types';
import { adminWithTotp, staffMember } from '../../testing/fixtures';
import { renderAppAt } from '../../testing/renderApp';
import { startStubApiServer, type StubApiServer } from '../../testing/stubApiServer';

let server: StubApiServer;

const kankyo: ProcedureDepartment = { ref: 'kankyo-seibi', departmentId: 'd-kankyo', departmentName: '環境整備課', section: '環境衛生係（犬の登録・ごみ）', floor: '2階', desk: '24番窓口', phone: '' };
const kodomo: ProcedureDepartment = { ref: 'kodomo-mirai', departmentId: 'd-kodomo', departmentName: 'こども未来課', section: '子育て支援係', floor: '1階', desk: '7番窓口', phone: '' };

const definition = {
  formatVersion: 2,
  id: 'pet-death-notice',
  title: '犬の死亡届',
  kind: 'notification',
  summary: '登録している犬が死亡したときの届出です。',
  departmentId: 'kankyo-seibi',
  individualNumberUse: false,
  retention: { years: 5, basis: '文書管理規程' },
  channels: ['counter', 'online'],
  signature: 'handwritten',
  steps: [{ id: 'main', title: '届出の内容', fields: [
    { id: 'ownerName', type: 'text', label: '飼い主の氏名', required: true },
    { id: 'hasTag', type: 'boolean', label: '鑑札を返納する' },
    { id: 'tagNumber', type: 'text', label: '鑑札の番号', required: true, visibleWhen: { op: 'eq', args: [{ var: 'hasTag' }, true] } },
  ] }],
};

const v1: ProcedureVersionSummary = {
  id: '0b9a4b8e-1111-4000-8000-000000000001', procedureId: 'pet-death-notice', version: 1, contentHash: 'c7fbb40cac57'.padEnd(64, '0'), formatVersion: 2,
  title: '犬の死亡届', departmentRef: 'kankyo-seibi', publishedAt: '2026-11-27T01:00:00Z', publishedBy: null,
};

function listItem(overrides: Partial<ProcedureListItem>): ProcedureListItem {
  return { procedureId: 'pet-death-notice', title: '犬の死亡届', kind: 'notification', departmentRef: 'kankyo-seibi', department: kankyo, latest: v1, draft: null, canEdit: true, ...overrides };
}

const catalogueReply: ProcedureCatalogue = {
  items: [
    listItem({}),
    listItem({ procedureId: 'child-allowance-claim', title: '児童手当 認定請求', kind: 'application', departmentRef: 'kodomo-mirai', department: kodomo, latest: { ...v1, procedureId: 'child-allowance-claim', version: 2 }, draft: { revision: 3, updatedAt: '2026-11-28T00:00:00Z', updatedBy: { id: null, displayName: '審査 一郎' } } }),
  ],
  departments: [kankyo, kodomo],
  canPublish: true,
};

const detailReply: ProcedureDetail = {
  procedureId: 'pet-death-notice', title: '犬の死亡届', kind: 'notification', departmentRef: 'kankyo-seibi', department: kankyo,
  latest: v1, versions: [v1], current: { ...v1, definition }, draft: null, canEdit: true, canPublish: true,
};

const bodiesOf = (method: string, path: string) =>
  server.requests.filter((r) => r.method === method && r.path === path).map((r) => JSON.parse(r.body.toString()) as Record<string, unknown>);

beforeAll(async () => {
  server = await startStubApiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.on('GET', '/api/auth/me', { status: 200, json: { staff: adminWithTotp } });
  server.on('GET', '/api/procedures', { status: 200, json: catalogueReply });
  server.on('GET', '/api/procedures/pet-death-notice', { status: 200, json: detailReply });
  server.on('GET', '/api/procedures/pet-death-notice/cases', { status: 200, json: { items: [] } });
});

const editor = () => screen.findByLabelText('手続き定義（JSON）') as Promise<HTMLTextAreaElement>;

describe('procedure catalogue list', () => {
  it('lists procedures with their published version and draft, and filters by status', async () => {
    renderAppAt(server, '/procedures');
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('審査 一郎', { exact: false })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('状態'), { target: { value: 'draft' } });
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2));
    expect(screen.getByText('2件中 1件を表示しています。')).toBeTruthy();
    expect(window.location.search).toContain('status=draft');
  });

  it('offers department reviewers new procedures in their own department only', async () => {
    server.on('GET', '/api/auth/me', { status: 200, json: { staff: staffMember(['department_reviewer'], { departmentIds: ['d-kodomo'] }) } });
    renderAppAt(server, '/procedures');
    const select = (await screen.findByLabelText('担当（係・窓口）')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['kodomo-mirai']);
    fireEvent.change(screen.getByLabelText('手続きID'), { target: { value: 'pet-death-notice' } });
    fireEvent.click(screen.getByRole('button', { name: '下書きを作る' }));
    expect(await screen.findByText(/「pet-death-notice」はすでにあります/)).toBeTruthy();
  });

  it('does not offer counter staff new procedures', async () => {
    server.on('GET', '/api/auth/me', { status: 200, json: { staff: staffMember(['counter_staff']) } });
    renderAppAt(server, '/procedures');
    await screen.findByRole('table');
    expect(screen.queryByRole('heading', { name: '新しい手続きを作る' })).toBeNull();
  });
});

describe('procedure detail', () => {
  it('shows versions with who published them and their hash, and that no case used them yet', async () => {
    renderAppAt(server, '/procedures/pet-death-notice');
    const versions = await screen.findByRole('region', { name: '版の一覧' });
    expect(within(versions).getByText('第1版')).toBeTruthy();
    expect(within(versions).getByText('システム（初期カタログ）')).toBeTruthy();
    expect(within(versions).getByText('c7fbb40cac57…')).toBeTruthy();
    expect(await screen.findByText('この手続きで作られた案件はまだありません。')).toBeTruthy();
  });
});

describe('draft editor', () => {
  it('lists what publishing would refuse, in Japanese and with the place, as the JSON changes', async () => {
    renderAppAt(server, '/procedures/pet-death-notice/draft');
    const json = await editor();
    expect(await screen.findByText('問題は見つかりません。公開できます。')).toBeTruthy();
    fireEvent.change(json, { target: { value: json.value.replace('{ "var": "hasTag" }', '{ "var": "hasTags" }').replace('"var": "hasTag"', '"var": "hasTags"') } });
    expect(await screen.findByText('手順1「届出の内容」 › 項目3「鑑札の番号」 › 表示条件')).toBeTruthy();
    expect(screen.getByText(/「hasTags」は、この手続きの項目にありません/)).toBeTruthy();
    fireEvent.change(json, { target: { value: '{ "id": ' } });
    expect((await screen.findAllByText(/JSONとして読めません（1行目・9文字目）/)).length).toBeGreaterThan(0);
  });

  it('previews the form live: answering shows and requires the next field', async () => {
    renderAppAt(server, '/procedures/pet-death-notice/draft');
    await editor();
    expect(screen.queryByLabelText(/鑑札の番号/)).toBeNull();
    fireEvent.click(screen.getByLabelText('鑑札を返納する'));
    const tag = (await screen.findByLabelText(/鑑札の番号/)) as HTMLInputElement;
    expect(tag.required).toBe(true);
    expect(screen.getByText(/表示中の項目 3件・必須 2件/)).toBeTruthy();
  });

  it('saves the draft with its sample answers, then publishes it after a confirmation', async () => {
    server.on('PUT', '/api/procedures/pet-death-notice/draft', (request) => {
      const body = JSON.parse(request.body.toString()) as { definition: Record<string, unknown>; sampleAnswers: Record<string, unknown> };
      return { status: 200, json: { draft: { procedureId: 'pet-death-notice', revision: 1, definition: body.definition, sampleAnswers: body.sampleAnswers, basedOnVersion: 1, createdAt: '', updatedAt: '', updatedBy: null, issues: [] }, migration: null } };
    });
    server.on('POST', '/api/procedures/pet-death-notice/publish', { status: 201, json: { version: { ...v1, version: 2 }, warnings: [] } });
    renderAppAt(server, '/procedures/pet-death-notice/draft');
    await editor();
    fireEvent.click(screen.getByRole('tab', { name: '基本情報と項目' }));
    fireEvent.change(screen.getByLabelText('名称'), { target: { value: '犬の死亡届（改）' } });
    fireEvent.click(screen.getByRole('tab', { name: '入力画面' }));
    fireEvent.change(screen.getByLabelText(/飼い主の氏名/), { target: { value: '尾花 健一' } });
    expect((screen.getByRole('button', { name: '公開する…' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: '下書きを保存する' }));
    expect(await screen.findByText('保存済み（保存1回目）')).toBeTruthy();
    const [saved] = bodiesOf('PUT', '/api/procedures/pet-death-notice/draft');
    expect(saved).toMatchObject({ baseRevision: null, definition: { title: '犬の死亡届（改）', id: 'pet-death-notice' }, sampleAnswers: { ownerName: '尾花 健一' } });

    fireEvent.click(screen.getByRole('button', { name: '公開する…' }));
    expect(bodiesOf('POST', '/api/procedures/pet-death-notice/publish')).toEqual([]);
    const dialog = screen.getByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '公開する' }));
    expect(await screen.findByText('第2版を公開しました')).toBeTruthy();
    expect(bodiesOf('POST', '/api/procedures/pet-death-notice/publish')).toEqual([{ revision: 1 }]);
  });

  it("shows the server's reasons when publishing is refused", async () => {
    server.on('GET', '/api/procedures/pet-death-notice', { status: 200, json: { ...detailReply, draft: { procedureId: 'pet-death-notice', revision: 4, definition, sampleAnswers: {}, basedOnVersion: 1, createdAt: '', updatedAt: '', updatedBy: null, issues: [] } } });
    server.on('POST', '/api/procedures/pet-death-notice/publish', {
      status: 422,
      json: { error: { code: 'PROCEDURE_PUBLISH_REJECTED', message: '下書きに直すところが1件あるため公開できませんでした。', details: [{ path: 'departmentId', message: '担当課「kankyo-seibi」が登録されていません。' }] } },
    });
    renderAppAt(server, '/procedures/pet-death-notice/draft');
    await editor();
    fireEvent.click(screen.getByRole('button', { name: '公開する…' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: '公開する' }));
    expect(await screen.findByText('下書きに直すところが1件あるため公開できませんでした。')).toBeTruthy();
    expect(screen.getByText('担当課')).toBeTruthy();
    expect(bodiesOf('POST', '/api/procedures/pet-death-notice/publish')).toEqual([{ revision: 4 }]);
  });
});

describe('navigator rules', () => {
  const view: NavigatorRules = {
    current: { id: 'r1', version: 1, contentHash: 'a'.repeat(64), rules: shipped.navigatorRules.rules.length, publishedAt: '2026-11-27T01:00:00Z', publishedBy: null, ruleSet: shipped.navigatorRules as unknown as Record<string, unknown> },
    versions: [{ id: 'r1', version: 1, contentHash: 'a'.repeat(64), rules: shipped.navigatorRules.rules.length, publishedAt: '2026-11-27T01:00:00Z', publishedBy: null }],
    draft: null,
    procedures: shipped.procedures.map((p) => ({ procedureId: p.id, title: p.title })),
    canEdit: true,
  };

  it('shows the published rules and checks an edit against the published procedures', async () => {
    server.on('GET', '/api/navigator/rules', { status: 200, json: view });
    renderAppAt(server, '/admin/navigator');
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(shipped.navigatorRules.rules.length + 1);
    fireEvent.click(screen.getByRole('tab', { name: '下書きの編集' }));
    const json = (await screen.findByLabelText('ルール（JSON）')) as HTMLTextAreaElement;
    fireEvent.change(json, { target: { value: json.value.replace('"procedureId": "residence-change"', '"procedureId": "residence-changes"') } });
    expect(await screen.findByText('ルール1「move-in-notification」 › 案内する手続き')).toBeTruthy();
  });
});
