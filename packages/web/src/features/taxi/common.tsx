import { todayInJapan } from '@madoguchi/jp';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useMe } from '../../app/auth';
import { isAdmin } from '../../app/roles';
import type { Role } from '../../api/types';
import { Badge, type BadgeTone } from '../../components/Badge';
import { programmeInForce } from './programmeInForce';
import { taxiApi, type ClaimStatus, type Programme } from './taxiApi';

export const taxiKeys = {
  programmes: ['taxi', 'programmes'] as const,
  report: (id: string) => ['taxi', 'report', id] as const,
  beneficiaries: (id: string, q: string, status: string) => ['taxi', 'beneficiaries', id, q, status] as const,
  beneficiary: (id: string) => ['taxi', 'beneficiary', id] as const,
  claims: (status: string) => ['taxi', 'claims', status] as const,
  claim: (id: string) => ['taxi', 'claim', id] as const,
  anomalies: (id: string, reviewed: boolean) => ['taxi', 'anomalies', id, reviewed] as const,
  operator: ['taxi', 'operator'] as const,
};

const REVIEW_ROLES: Role[] = ['department_reviewer', 'municipality_admin', 'system_admin'];

/** Reviewers and admins see claims, figures and anomalies; counter staff decide and bind cards. */
export function useCanReview(): boolean {
  const me = useMe();
  return Boolean(me?.roles.some((r) => REVIEW_ROLES.includes(r)));
}

/** The programme the screens work on: see programmeInForce. */
export function useProgramme(): { programme: Programme | null; isPending: boolean; error: unknown } {
  const q = useQuery({ queryKey: taxiKeys.programmes, queryFn: taxiApi.programmes });
  const programme = q.data ? programmeInForce(q.data, todayInJapan()) : null;
  return { programme, isPending: q.isPending, error: q.error };
}

const link = 'rounded-8 px-4 py-2 text-std-16B-170 no-underline hover:bg-key-50';

/** The taxi screens' own menu. */
export function TaxiNav() {
  const review = useCanReview();
  const admin = isAdmin(useMe()?.roles ?? []);
  const items: { to: '/taxi' | '/taxi/beneficiaries' | '/taxi/claims' | '/taxi/anomalies' | '/taxi/settings'; label: string; review: boolean }[] = [
    { to: '/taxi', label: '概要・集計', review: false },
    { to: '/taxi/beneficiaries', label: '利用者・申請', review: false },
    { to: '/taxi/claims', label: '請求の審査', review: true },
    { to: '/taxi/anomalies', label: '要確認', review: true },
    ...(admin ? [{ to: '/taxi/settings' as const, label: '設定', review: true }] : []),
  ];
  return (
    <nav aria-label="電子タクシー券のメニュー" className="mb-6 flex flex-wrap gap-2 border-b border-solid-gray-200 pb-3">
      {items.filter((i) => review || !i.review).map((i) => (
        <Link key={i.to} to={i.to} activeOptions={{ exact: i.to === '/taxi' }} className={`${link} text-key-900`} activeProps={{ className: `${link} bg-key-900 text-white hover:bg-key-900`, 'aria-current': 'page' }}>
          {i.label}
        </Link>
      ))}
    </nav>
  );
}

const CLAIM_TONES: Record<ClaimStatus, BadgeTone> = { draft: 'neutral', submitted: 'notice', approved: 'positive', adjusted: 'positive', paid: 'positive' };
export function ClaimStatusBadge({ status, label }: { status: ClaimStatus; label: string }) {
  return <Badge tone={CLAIM_TONES[status]}>{label}</Badge>;
}

export function StatusBadge({ status, children }: { status: string; children: ReactNode }) {
  const tone: BadgeTone = status === 'active' || status === 'accepted' ? 'positive' : status === 'suspended' || status === 'over_cap' ? 'notice' : 'negative';
  return <Badge tone={tone}>{children}</Badge>;
}

/** A figure with its label, large enough to read across the desk. */
export function Figure({ label, value, note }: { label: string; value: string; note?: string | undefined }) {
  return (
    <div className="flex flex-col gap-1 rounded-8 border border-solid-gray-200 bg-solid-gray-50 p-4">
      <span className="text-std-16N-170 text-solid-gray-700">{label}</span>
      <span className="text-std-28B-150 text-solid-gray-900">{value}</span>
      {note ? <span className="text-dns-14N-130 text-solid-gray-700">{note}</span> : null}
    </div>
  );
}
