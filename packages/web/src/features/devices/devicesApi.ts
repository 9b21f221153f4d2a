import { errorFromReply, networkError, unexpectedReplyError } from '../../api/errors';

// 「端末の管理」 talks to /api/devices (the admin's session). Kept in this chunk.

export type DeviceKind = 'vehicle' | 'taxi';
export type DeviceStatus = 'pending' | 'active' | 'revoked';

export interface DeviceSummary {
  id: string;
  kind: DeviceKind;
  kindLabel: string;
  label: string;
  status: DeviceStatus;
  keyThumbprint: string | null;
  enrolledAt: string | null;
  enrolCodeExpiresAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
  lastSyncAt: string | null;
  storedEvents: number;
  conflicts: number;
  rejected: number;
  nextSeq: number;
  reportedHeadSeq: number;
  pendingOnDevice: number;
  clockSkewMs: number | null;
  openAnomalies: number;
}

export interface DeviceAnomaly {
  id: string;
  deviceId: string;
  deviceLabel: string;
  kind: string;
  label: string;
  details: Record<string, unknown>;
  firstSeenAt: string;
  lastSeenAt: string;
  occurrences: number;
  resolvedAt: string | null;
}

export interface Enrolment {
  deviceId: string;
  code: string;
  expiresAt: string;
}

async function request<T>(method: string, path: string, json?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { method, headers, credentials: 'same-origin', ...(method !== 'GET' ? { body: JSON.stringify(json ?? {}) } : {}) });
  } catch {
    throw networkError();
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw errorFromReply(response.status, body, response.headers.get('x-request-id'));
  if (body === undefined) throw unexpectedReplyError(response.status, response.headers.get('x-request-id'));
  return body as T;
}

export const devicesApi = {
  list: () => request<{ devices: DeviceSummary[]; anomalies: DeviceAnomaly[] }>('GET', '/devices'),
  create: (input: { kind: DeviceKind; label: string }) => request<{ enrolment: Enrolment }>('POST', '/devices', input),
  reenrol: (id: string) => request<{ enrolment: Enrolment }>('POST', `/devices/${encodeURIComponent(id)}/reenrol`, {}),
  revoke: (id: string, reason: string) => request<{ device: DeviceSummary }>('POST', `/devices/${encodeURIComponent(id)}/revoke`, { reason }),
  acceptAnomaly: (id: string) => request<{ result: { seq: number; status: string } }>('POST', `/devices/anomalies/${encodeURIComponent(id)}/accept`, {}),
  resolveAnomaly: (id: string) => request<{ ok: true }>('POST', `/devices/anomalies/${encodeURIComponent(id)}/resolve`, {}),
};
