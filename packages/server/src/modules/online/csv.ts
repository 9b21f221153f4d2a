import type { LeafField, ProcedureDefinition } from '@madoguchi/procedures';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { badRequest, notFound } from '../../platform/http/errors';
import { listInbox, type CaseView } from '../cases/service';
import type { CaseStatus } from '../cases/state';
import { loadVersion } from '../procedures/store';

/**
 * Export of online (and counter) cases of one procedure for the department's core system, so
 * nothing is keyed in twice: one row per case, one column per answer, codes rather than labels.
 */

let sjisTable: Map<string, number[]> | undefined;
/** Windows-31J (what Excel and most core systems call Shift_JIS), built from the platform's decoder. */
function shiftJisTable(): Map<string, number[]> {
  if (sjisTable) return sjisTable;
  const decoder = new TextDecoder('shift_jis');
  const table = new Map<string, number[]>();
  for (let b = 0xa1; b <= 0xdf; b++) table.set(decoder.decode(new Uint8Array([b])), [b]);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead >= 0xa0 && lead <= 0xdf) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  // Input from IMEs uses the JIS mapping for these; Windows-31J has them at the same codes.
  for (const [jis, cp932] of [['〜', '～'], ['−', '－'], ['‖', '∥'], ['—', '―']] as const) {
    const bytes = table.get(cp932);
    if (bytes) table.set(jis, bytes);
  }
  sjisTable = table;
  return table;
}

/** Characters Shift_JIS cannot hold (外字, emoji) become 〓 and are counted, never dropped silently. */
export function encodeShiftJis(text: string): { bytes: Uint8Array; unmappable: number } {
  const table = shiftJisTable();
  const out: number[] = [];
  let unmappable = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) { out.push(code); continue; }
    const bytes = table.get(ch);
    if (bytes) out.push(...bytes);
    else { out.push(0x81, 0xac); unmappable++; }
  }
  return { bytes: Uint8Array.from(out), unmappable };
}

/** RFC 4180 quoting; a text cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+@\t\r]/.test(text)) text = `'${text}`;
  if (typeof value === 'string' && /^-/.test(text) && !/^-\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface Column {
  header: string;
  value: (c: CaseView) => unknown;
}

function leafColumns(field: LeafField, header: string, get: (c: CaseView) => unknown): Column[] {
  if (field.staffOnly || field.type === 'signature' || field.type === 'individualNumber' || field.type === 'file') return [];
  if (field.type === 'address') {
    const part = (k: string) => (c: CaseView) => (get(c) as Record<string, unknown> | undefined)?.[k];
    return [
      { header: `${header}.postalCode`, value: part('postalCode') },
      { header: `${header}.address`, value: part('address') },
      { header: `${header}.building`, value: part('building') },
    ];
  }
  if (field.type === 'choice' && field.multiple) return [{ header, value: (c) => (Array.isArray(get(c)) ? (get(c) as unknown[]).join(';') : get(c)) }];
  return [{ header, value: get }];
}

function columnsFor(definition: ProcedureDefinition, cases: CaseView[]): Column[] {
  const cols: Column[] = [
    { header: 'receiptNumber', value: (c) => c.receiptNumber },
    { header: 'caseId', value: (c) => c.id },
    { header: 'procedureVersion', value: (c) => c.procedureVersion },
    { header: 'channel', value: (c) => c.channel },
    { header: 'status', value: (c) => c.status },
    { header: 'submittedAt', value: (c) => c.submittedAt },
  ];
  for (const step of definition.steps) {
    for (const field of step.fields) {
      if (field.type === 'repeater') {
        const most = Math.max(0, ...cases.map((c) => (Array.isArray(c.answers[field.id]) ? (c.answers[field.id] as unknown[]).length : 0)));
        for (let i = 0; i < most; i++) {
          for (const sub of field.fields) {
            cols.push(...leafColumns(sub, `${field.id}.${i + 1}.${sub.id}`, (c) => ((c.answers[field.id] as Record<string, unknown>[] | undefined)?.[i] ?? {})[sub.id]));
          }
        }
      } else {
        cols.push(...leafColumns(field, field.id, (c) => c.answers[field.id]));
      }
    }
  }
  return cols;
}

export interface CsvExport {
  body: Uint8Array;
  rows: number;
  unmappable: number;
}

/** Cases of one procedure the staff member may see (a reviewer: their departments), oldest first. */
export async function exportCasesCsv(services: Services, staff: StaffPrincipal, input: { procedureId: string; status?: CaseStatus | undefined; encoding: 'utf-8' | 'shift_jis'; caseIds?: string[] | undefined }, requestId: string | null): Promise<CsvExport> {
  const version = await loadVersion(services.db, staff.municipalityId, input.procedureId);
  if (!version) throw notFound('PROCEDURE_NOT_FOUND', 'この手続きは公開されていません。手続きを選び直してください。');
  const cases: CaseView[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await listInbox(services, staff, { procedureId: input.procedureId, status: input.status, limit: 100, offset });
    cases.push(...page.items);
    if (page.items.length < 100) break;
  }
  if (input.caseIds) {
    // The inbox's 「選択した案件を書き出す」: only those, and all of them must be this procedure's.
    const wanted = new Set(input.caseIds);
    const found = cases.filter((c) => wanted.has(c.id));
    if (found.length !== wanted.size) {
      throw badRequest('EXPORT_CASES_NOT_IN_PROCEDURE', `選んだ案件のうち${wanted.size - found.length}件は、この手続き・状態の案件ではありません。手続きで絞り込んでから選び直してください。`, [{ path: 'ids', message: '同じ手続きの案件だけを選んでください。' }]);
    }
    cases.splice(0, cases.length, ...found);
  }
  cases.sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  const cols = columnsFor(version.definition, cases);
  const lines = [cols.map((c) => csvCell(c.header)).join(','), ...cases.map((k) => cols.map((c) => csvCell(c.value(k))).join(','))];
  const text = `${lines.join('\r\n')}\r\n`;
  await appendAudit(services.db, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'case.export', subjectType: 'procedure', subjectId: null,
    purpose: input.procedureId, requestId, details: { rows: cases.length, encoding: input.encoding, caseIds: cases.map((c) => c.id) },
  }, services.now());
  if (input.encoding === 'shift_jis') {
    const { bytes, unmappable } = encodeShiftJis(text);
    return { body: bytes, rows: cases.length, unmappable };
  }
  // UTF-8 with a BOM, so Excel opens it as UTF-8.
  const utf8 = new TextEncoder().encode(`\uFEFF${text}`);
  return { body: utf8, rows: cases.length, unmappable: 0 };
}
