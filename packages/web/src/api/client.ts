import { ApiError, errorFromReply, networkError, unexpectedReplyError } from './errors';
import { casesApi, counterApi, entryApi } from './counter';
import { onlineStaffApi } from './online';
import type {
  AuditEvent,
  AuditQuery,
  AuditVerifyResult,
  CaseVersionUse,
  Department,
  DepartmentChange,
  DepartmentWithStaff,
  DraftSaved,
  DemoCardReader,
  Household,
  ImportResult,
  LoginRequest,
  Me,
  JsonDocument,
  MunicipalityDetail,
  MunicipalitySettings,
  MunicipalitySettingsChange,
  NavigatorRules,
  NavigatorRuleSetDraft,
  NavigatorRuleSetVersionSummary,
  NewDepartment,
  NewStaffAccount,
  Page,
  ProcedureCatalogue,
  ProcedureDetail,
  ProcedureVersion,
  ProcedureVersionSummary,
  Published,
  ResidentRecord,
  ResidentSearchPage,
  ResidentSearchParams,
  ResidentSummary,
  StaffAccount,
  StaffAccountChange,
  TotpSetup,
} from './types';

export interface ApiClientOptions {
  /** Origin to prefix to `/api/...`; empty in the browser, where the app and API share an origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

type QueryValue = string | number | boolean | undefined;

interface RequestOptions {
  query?: Record<string, QueryValue>;
  json?: unknown;
  body?: Blob;
  contentType?: string;
}

function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    // Empty strings are "not given": the server treats `q=` as a criterion otherwise.
    if (value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * One JSON request to `/api` in the browser with the client's error handling (network, error replies,
 * unreadable replies), for the feature areas that keep their own small API objects (devices, outreach,
 * taxi, vehicle). A mutating request always carries a JSON body (`{}` when none is given).
 */
export function requestJson<T>(method: string, path: string, json?: unknown): Promise<T> {
  return createApiClient().request<T>(method, path, method === 'GET' ? {} : { json: json ?? {} });
}

export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(method: string, path: string, request: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/octet-stream';
      // Bytes rather than the Blob itself: fetch implementations disagree on foreign Blob objects
      // (jsdom's in tests), and an upload's size here is a few megabytes at most.
      body = await request.body.arrayBuffer();
    } else if (method !== 'GET') {
      // The server requires a JSON content type on every mutating request, even without a body.
      headers['Content-Type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}/api${path}${buildQuery(request.query)}`, {
        method,
        headers,
        body,
        credentials: 'same-origin',
      });
    } catch {
      throw networkError();
    }
    if (!response.ok) {
      throw errorFromReply(response.status, await readJson(response), response.headers.get('x-request-id'));
    }
    return response;
  }

  async function call<T>(method: string, path: string, request?: RequestOptions): Promise<T> {
    const response = await send(method, path, request);
    const body = await readJson(response);
    if (body === undefined) throw unexpectedReplyError(response.status, response.headers.get('x-request-id'));
    return body as T;
  }

  async function callNoContent(method: string, path: string, request?: RequestOptions): Promise<void> {
    await send(method, path, request);
  }

  const procedurePath = (procedureId: string) => `/procedures/${encodeURIComponent(procedureId)}`;

  return {
    request: call,
    counter: counterApi({ call, baseUrl }),
    cases: casesApi({ call, baseUrl }),
    online: onlineStaffApi({ call, baseUrl }),
    /** The kiosk and home pre-entry pages of a municipality (no staff session). */
    entries: (localGovernmentCode: string) => entryApi({ call, baseUrl }, localGovernmentCode),
    auth: {
      login: async (credentials: LoginRequest): Promise<Me> =>
        (await call<{ staff: Me }>('POST', '/auth/login', { json: credentials })).staff,
      logout: (): Promise<void> => callNoContent('POST', '/auth/logout'),
      /** The signed-in staff member, or null when there is no session (not an error for the app). */
      me: async (): Promise<Me | null> => {
        try {
          return (await call<{ staff: Me }>('GET', '/auth/me')).staff;
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) return null;
          throw error;
        }
      },
      setupTotp: (): Promise<TotpSetup> => call('POST', '/auth/totp/setup'),
      enableTotp: (code: string): Promise<void> => callNoContent('POST', '/auth/totp/enable', { json: { code } }),
      changePassword: (currentPassword: string, newPassword: string): Promise<void> =>
        callNoContent('POST', '/auth/password', { json: { currentPassword, newPassword } }),
    },
    municipality: {
      get: (): Promise<MunicipalityDetail> => call('GET', '/municipality'),
      settings: async (): Promise<MunicipalitySettings> =>
        (await call<{ settings: MunicipalitySettings }>('GET', '/municipality/settings')).settings,
      updateSettings: async (change: MunicipalitySettingsChange): Promise<MunicipalitySettings> =>
        (await call<{ settings: MunicipalitySettings }>('PATCH', '/admin/municipality/settings', { json: change })).settings,
    },
    departments: {
      list: (): Promise<{ items: DepartmentWithStaff[] }> => call('GET', '/admin/departments'),
      create: async (department: NewDepartment): Promise<Department> =>
        (await call<{ department: Department }>('POST', '/admin/departments', { json: department })).department,
      update: async (id: string, change: DepartmentChange): Promise<Department> =>
        (await call<{ department: Department }>('PATCH', `/admin/departments/${encodeURIComponent(id)}`, { json: change })).department,
      /** Refused with DEPARTMENT_HAS_STAFF while active staff are assigned to it. */
      retire: async (id: string): Promise<Department> =>
        (await call<{ department: Department }>('POST', `/admin/departments/${encodeURIComponent(id)}/retire`)).department,
      reinstate: async (id: string): Promise<Department> =>
        (await call<{ department: Department }>('POST', `/admin/departments/${encodeURIComponent(id)}/reinstate`)).department,
    },
    residents: {
      search: (params: ResidentSearchParams): Promise<ResidentSearchPage> =>
        call('GET', '/residents', { query: { ...params } }),
      /** `purpose` is recorded in the audit log as why the record was opened. */
      get: (id: string, purpose?: string): Promise<ResidentRecord> =>
        call('GET', `/residents/${encodeURIComponent(id)}`, { query: { purpose } }),
    },
    households: {
      get: (id: string): Promise<Household> => call('GET', `/households/${encodeURIComponent(id)}`),
    },
    demoCardReader: {
      /** null when the server is not running the demo: the routes do not exist then. */
      get: async (): Promise<DemoCardReader | null> => {
        try {
          return await call<DemoCardReader>('GET', '/demo/card-reader');
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        }
      },
      insert: (cardId: string): Promise<void> => callNoContent('POST', '/demo/card-reader/insert', { json: { cardId } }),
      remove: (): Promise<void> => callNoContent('POST', '/demo/card-reader/remove'),
    },
    registry: {
      /** Sends the file's bytes untouched: the server detects UTF-8 or Shift_JIS itself. */
      importCsv: (file: Blob, dryRun: boolean): Promise<ImportResult> =>
        call('POST', '/registry/import', { body: file, contentType: 'text/csv', query: { dryRun } }),
    },
    audit: {
      list: (query: AuditQuery): Promise<Page<AuditEvent>> => call('GET', '/audit', { query: { ...query } }),
      verify: (): Promise<AuditVerifyResult> => call('GET', '/audit/verify'),
    },
    procedures: {
      list: (): Promise<ProcedureCatalogue> => call('GET', '/procedures'),
      get: (procedureId: string): Promise<ProcedureDetail> => call('GET', procedurePath(procedureId)),
      getVersion: (procedureId: string, version: number): Promise<ProcedureVersion> =>
        call('GET', `${procedurePath(procedureId)}/versions/${version}`),
      /** `baseRevision` is the draft revision the editor loaded (null for a new draft); a stale one gets DRAFT_CONFLICT. */
      saveDraft: (procedureId: string, draft: { definition: unknown; sampleAnswers?: JsonDocument; baseRevision: number | null }): Promise<DraftSaved> =>
        call('PUT', `${procedurePath(procedureId)}/draft`, { json: draft }),
      discardDraft: (procedureId: string, revision: number): Promise<void> =>
        callNoContent('DELETE', `${procedurePath(procedureId)}/draft`, { query: { revision } }),
      publish: (procedureId: string, revision: number): Promise<Published<ProcedureVersionSummary>> =>
        call('POST', `${procedurePath(procedureId)}/publish`, { json: { revision } }),
      cases: (procedureId: string): Promise<{ items: CaseVersionUse[] }> => call('GET', `${procedurePath(procedureId)}/cases`),
      /** Where the PDF of the draft (no version) or a published version is; for an <iframe>. */
      previewPdfUrl: (procedureId: string, options: { version?: number; answers?: 'sample' | 'blank'; r?: string } = {}): string =>
        `${baseUrl}/api${procedurePath(procedureId)}/preview.pdf${buildQuery({ ...options })}`,
      /** Renders the PDF once to learn whether it can be shown; throws the server's reason when not. */
      checkPreviewPdf: async (procedureId: string, options: { version?: number; answers?: 'sample' | 'blank'; r?: string } = {}): Promise<true> => {
        await send('GET', `${procedurePath(procedureId)}/preview.pdf`, { query: { ...options } });
        return true;
      },
    },
    navigator: {
      get: (): Promise<NavigatorRules> => call('GET', '/navigator/rules'),
      saveDraft: (ruleSet: unknown, baseRevision: number | null): Promise<{ draft: NavigatorRuleSetDraft }> =>
        call('PUT', '/navigator/rules/draft', { json: { ruleSet, baseRevision } }),
      discardDraft: (revision: number): Promise<void> => callNoContent('DELETE', '/navigator/rules/draft', { query: { revision } }),
      publish: (revision: number): Promise<Published<NavigatorRuleSetVersionSummary>> =>
        call('POST', '/navigator/rules/publish', { json: { revision } }),
    },
    staff: {
      list: (): Promise<{ items: StaffAccount[] }> => call('GET', '/admin/staff'),
      create: (account: NewStaffAccount): Promise<{ id: string }> => call('POST', '/admin/staff', { json: account }),
      update: (id: string, change: StaffAccountChange): Promise<void> =>
        callNoContent('PATCH', `/admin/staff/${encodeURIComponent(id)}`, { json: change }),
      resetPassword: (id: string, newPassword: string): Promise<void> =>
        callNoContent('POST', `/admin/staff/${encodeURIComponent(id)}/password`, { json: { newPassword } }),
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
