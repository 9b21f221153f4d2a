/**
 * Status words (SW1 SW2) the My Number card and ISO 7816-4 define, with Japanese meanings for
 * logs and support staff. People see the CardError messages, not these.
 */
export const SW = {
  OK: 0x9000,
  END_OF_FILE: 0x6282,
  VERIFY_FAILED_BASE: 0x63c0,
  WRONG_LENGTH: 0x6700,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  REFERENCE_DATA_UNUSABLE: 0x6984,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  COMMAND_NOT_ALLOWED_NO_EF: 0x6986,
  WRONG_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6a86,
  WRONG_P1P2_OFFSET: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

const MEANINGS: ReadonlyMap<number, string> = new Map([
  [SW.OK, '正常終了'],
  [SW.END_OF_FILE, '指定した長さを読む前にファイルの終わりに達した'],
  [SW.WRONG_LENGTH, 'Lc または Le の長さが正しくない'],
  [SW.SECURITY_STATUS_NOT_SATISFIED, 'セキュリティステータスが満たされていない（暗証番号の照合が必要）'],
  [SW.AUTH_METHOD_BLOCKED, '認証方法がブロックされている（暗証番号ロック）'],
  [SW.REFERENCE_DATA_UNUSABLE, '参照データが使用できない（暗証番号ロック）'],
  [SW.CONDITIONS_NOT_SATISFIED, '使用条件が満たされていない'],
  [SW.COMMAND_NOT_ALLOWED_NO_EF, 'カレントEFがないためコマンドを実行できない'],
  [SW.WRONG_DATA, 'データフィールドのパラメータが正しくない'],
  [SW.FUNCTION_NOT_SUPPORTED, 'サポートしていない機能'],
  [SW.FILE_NOT_FOUND, 'ファイルまたはアプリケーションが見つからない'],
  [SW.WRONG_P1P2, 'P1-P2 が正しくない'],
  [SW.WRONG_P1P2_OFFSET, 'オフセットがファイルの範囲外'],
  [SW.INS_NOT_SUPPORTED, 'サポートしていない命令（INS）'],
  [SW.CLA_NOT_SUPPORTED, 'サポートしていないクラス（CLA）'],
  [SW.NO_PRECISE_DIAGNOSIS, '原因を特定できないエラー'],
]);

/** 63Cx: verification failed, x tries left. */
export function retriesFromStatus(sw: number): number | undefined {
  return (sw & 0xfff0) === SW.VERIFY_FAILED_BASE ? sw & 0x0f : undefined;
}

export function isPinBlocked(sw: number): boolean {
  return sw === SW.AUTH_METHOD_BLOCKED || sw === SW.REFERENCE_DATA_UNUSABLE || sw === SW.VERIFY_FAILED_BASE;
}

export function statusMeaning(sw: number): string {
  const known = MEANINGS.get(sw);
  if (known !== undefined) return known;
  const retries = retriesFromStatus(sw);
  if (retries !== undefined) return `照合不一致（残り${retries}回）`;
  const sw1 = sw >> 8;
  if (sw1 === 0x61) return `続きのデータが${sw & 0xff || 256}バイトある`;
  if (sw1 === 0x6c) return `Le が正しくない（正しい長さは${sw & 0xff || 256}バイト）`;
  return '未定義のステータスワード';
}

export function formatStatus(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
