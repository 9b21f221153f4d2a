export interface AuditFilterValues {
  staffId: string;
  action: string;
  from: string;
  to: string;
}

export interface AuditFilterErrors {
  to?: string;
}

/** ISO dates compare correctly as strings, so no Date (and no time zone) is involved. */
export function checkAuditFilter(values: AuditFilterValues): AuditFilterErrors {
  if (values.from && values.to && values.to < values.from) {
    return { to: '終了日は、開始日と同じ日かそれより後の日付にしてください。' };
  }
  return {};
}
