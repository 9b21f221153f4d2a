import { isDocument } from './draftDocument';

/** Names of the keys of a definition or rule set, as an editor reads them. */
const KEY_LABELS: Record<string, string> = {
  id: 'ID', title: '名称', summary: '概要', kind: '種類', departmentId: '担当課', formatVersion: '形式の版',
  individualNumberUse: '個人番号利用事務', legalBasis: '根拠法令', deadline: '期限', fee: '手数料', bring: '持ち物',
  retention: '保存年限', channels: '受付経路', signature: '署名', prefill: '事前入力', attachments: '添付書類',
  label: '見出し', help: '説明', type: '項目の種類', required: '必須', requiredWhen: '必須になる条件', visibleWhen: '表示条件',
  compute: '計算式', staffOnly: '職員だけ', pattern: '入力パターン', regex: '正規表現', message: 'メッセージ', options: '選択肢',
  minLength: '最小文字数', maxLength: '最大文字数', minDate: 'いちばん早い日', maxDate: 'いちばん遅い日', min: '最小値', max: '最大値',
  readingOf: 'ふりがなの対象', attachmentId: '添付書類', itemLabel: '1件の呼び方', minItems: '最少件数', maxItems: '最多件数',
  assert: '確かめる式', when: '条件', code: 'コード', target: '入れる項目', source: '取り出し元', path: '取り出す値',
  layout: '紙の様式', elements: '要素', bind: '差し込む項目', value: '差し込む式', checked: 'チェックの式', repeater: '繰り返し項目', columns: '列',
  x: '横位置', y: '縦位置', w: '幅', h: '高さ', text: '文字',
  procedureId: '案内する手続き', events: 'ライフイベント', subjects: '対象の人', reason: '理由の文', priority: '優先度',
  municipality: '自治体', version: '版', description: '説明',
};
const EXPRESSION_KEYS = new Set(['visibleWhen', 'requiredWhen', 'compute', 'assert', 'when', 'value', 'checked', 'minDate', 'maxDate', 'subjects']);

type Segment = { key: string; index?: number };

function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return [];
    const [, key = '', indexes = ''] = match;
    const found = [...indexes.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    if (key !== '') segments.push(found.length > 0 ? { key, index: found[0]! } : { key });
    for (const index of found.slice(key === '' ? 0 : 1)) segments.push({ key: '', index });
  }
  return segments;
}

function named(node: unknown, key: string): string {
  return isDocument(node) && typeof node[key] === 'string' ? `「${node[key]}」` : '';
}

/**
 * "steps[0].fields[2].visibleWhen.args[0]" → "手順1「届出の内容」 › 項目3「鑑札の番号」 › 表示条件".
 * Walks the document so the names are the ones the editor wrote; inside an expression it stops,
 * because an author fixes the expression as a whole.
 */
export function describeIssuePath(document: unknown, path: string, context: 'definition' | 'ruleSet' = 'definition'): string {
  if (path === '') return context === 'definition' ? '定義全体' : 'ルール全体';
  const parts: string[] = [];
  let node: unknown = document;
  let parentKey = '';
  for (const segment of parsePath(path)) {
    const child = isDocument(node) ? node[segment.key] : undefined;
    if (segment.index === undefined) {
      parts.push(KEY_LABELS[segment.key] ?? segment.key);
      if (EXPRESSION_KEYS.has(segment.key)) break;
      node = child;
      parentKey = segment.key;
      continue;
    }
    const list = segment.key === '' ? node : child;
    const item = Array.isArray(list) ? list[segment.index] : undefined;
    const key = segment.key === '' ? parentKey : segment.key;
    const n = segment.index + 1;
    if (key === 'steps') parts.push(`手順${n}${named(item, 'title')}`);
    else if (key === 'fields') parts.push(`項目${n}${named(item, 'label')}`);
    else if (key === 'elements') parts.push(`要素${n}${named(item, 'bind') || named(item, 'text')}`);
    else if (key === 'rules') parts.push(`${context === 'definition' ? '確認ルール' : 'ルール'}${n}${named(item, 'id')}`);
    else if (key === 'options') parts.push(`選択肢${n}${named(item, 'label')}`);
    else parts.push(`${KEY_LABELS[key] ?? key}の${n}番目`);
    node = item;
    parentKey = key;
  }
  return parts.join(' › ');
}
