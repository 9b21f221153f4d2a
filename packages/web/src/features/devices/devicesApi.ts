import { requestJson } from '../../api/client';

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

const request = requestJson;

export const devicesApi = {
  list: () => request<{ devices: DeviceSummary[]; anomalies: DeviceAnomaly[] }>('GET', '/devices'),
  create: (input: { kind: DeviceKind; label: string }) => request<{ enrolment: Enrolment }>('POST', '/devices', input),
  reenrol: (id: string) => request<{ enrolment: Enrolment }>('POST', `/devices/${encodeURIComponent(id)}/reenrol`, {}),
  revoke: (id: string, reason: string) => request<{ device: DeviceSummary }>('POST', `/devices/${encodeURIComponent(id)}/revoke`, { reason }),
  acceptAnomaly: (id: string) => request<{ result: { seq: number; status: string } }>('POST', `/devices/anomalies/${encodeURIComponent(id)}/accept`, {}),
  resolveAnomaly: (id: string) => request<{ ok: true }>('POST', `/devices/anomalies/${encodeURIComponent(id)}/resolve`, {}),
};
