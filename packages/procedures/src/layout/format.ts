import { formatPostalCode as hyphenated, formatWareki, isIsoDate } from '../jp/adapter';
import type { Field } from '../schema/fields';
import type { ValueFormat } from './schema';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function formatPostalCode(code: string): string {
  return /^\d{7}$/.test(code) ? `〒${hyphenated(code)}` : code;
}

/** How an answer is printed on paper: 和暦 dates, 〒 codes, option labels, yen. */
export function formatValue(value: unknown, format: ValueFormat, field: Field | null): string {
  if (value === null || value === undefined || value === '') return '';
  switch (format) {
    case 'wareki':
      return isIsoDate(value) ? formatWareki(value) : String(value);
    case 'postalCode':
      return typeof value === 'string' ? formatPostalCode(value) : '';
    case 'yen':
      return typeof value === 'number' ? `${value.toLocaleString('ja-JP')}円` : '';
    case 'choiceLabel': {
      if (!field || field.type !== 'choice') return String(value);
      const label = (v: unknown): string => field.options.find((o) => o.value === v)?.label ?? String(v);
      return Array.isArray(value) ? value.map(label).join('・') : label(value);
    }
    case 'text':
      break;
  }
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  if (Array.isArray(value)) return value.map((v) => formatValue(v, 'text', null)).join('、');
  if (isRecord(value)) {
    if (typeof value['address'] === 'string') {
      const postal = typeof value['postalCode'] === 'string' && value['postalCode'] !== '' ? `${formatPostalCode(value['postalCode'])} ` : '';
      const building = typeof value['building'] === 'string' ? ` ${value['building']}` : '';
      return `${postal}${value['address']}${building}`;
    }
    if (typeof value['name'] === 'string') return value['name'];
    return '';
  }
  return String(value);
}
