import { describe, expect, it } from 'vitest';
import { describeEvidence, formatSkew } from './devicesFormat';

describe('device anomaly wording', () => {
  it('says how far a device clock is off, in words', () => {
    expect(formatSkew(null)).toBe('—');
    expect(formatSkew(1200)).toBe('ずれなし');
    expect(formatSkew(-3 * 3_600_000 - 2 * 60_000)).toBe('3時間2分遅れ');
    expect(formatSkew(45_000)).toBe('45秒進み');
  });

  it('describes the evidence without the payload, with times in Japan time', () => {
    const text = describeEvidence({
      kind: 'revoked_device',
      details: { event: { seq: 4, opId: '01a22574-1190-7000-8000-000000000000', hash: 'f4030b3402e9'.padEnd(64, '0'), deviceTime: '2026-11-29T03:58:13.402Z', payloadKept: true } },
    });
    expect(text).toContain('連番4');
    expect(text).toContain('2026年11月29日 12:58');
    expect(describeEvidence({ kind: 'gap', details: { fromSeq: 3, toSeq: 5 } })).toContain('連番3〜5');
    expect(describeEvidence({ kind: 'storage_reset', details: { lostFromSeq: 4, lostToSeq: 5 } })).toContain('連番4〜5');
  });
});
