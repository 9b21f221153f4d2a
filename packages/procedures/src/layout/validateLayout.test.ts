import { describe, expect, it } from 'vitest';
import { residenceChange } from '../catalogue/procedures/residenceChange';
import { publish } from '../publish/publish';
import { paperLayoutSchema } from './schema';
import type { PaperLayoutInput } from './schema';
import { validateLayout } from './validateLayout';

const check = (input: PaperLayoutInput) => validateLayout(paperLayoutSchema.parse(input), null);

describe('validateLayout', () => {
  it('says by how much an element runs off the page', () => {
    const issues = check({ title: 't', elements: [{ kind: 'field', x: 180, y: 10, w: 40, h: 8, bind: 'a' }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'LAYOUT-OFF-PAGE', path: 'layout.elements[0]' });
    expect(issues[0]?.message).toContain('右端を10.0mm');
  });

  it('counts a table by its rows', () => {
    const issues = check({ title: 't', elements: [{ kind: 'table', x: 10, y: 250, repeater: 'm', rows: 6, rowHeight: 10, columns: [{ header: '氏名', w: 50, bind: 'name' }] }] });
    expect(issues[0]?.code).toBe('LAYOUT-OFF-PAGE');
    expect(issues[0]?.message).toContain('下端を19.0mm');
  });

  it('rejects printed contents that overlap, but lets frames cross them', () => {
    const issues = check({
      title: 't',
      elements: [
        { kind: 'box', x: 10, y: 10, w: 100, h: 20 },
        { kind: 'text', x: 12, y: 12, w: 28, h: 6, text: '氏名' },
        { kind: 'field', x: 40, y: 12, w: 30, h: 6, bind: 'name' },
        { kind: 'checkbox', x: 60, y: 14, w: 20, h: 6, label: '転入', checked: true },
      ],
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([['LAYOUT-OVERLAP', 'layout.elements[3]']]);
    expect(issues[0]?.message).toContain('項目「name」');
    expect(issues[0]?.message).toContain('10.0mm × 4.0mm');
  });

  it('allows elements that only touch', () => {
    expect(check({ title: 't', elements: [{ kind: 'field', x: 10, y: 10, w: 30, h: 6, bind: 'a' }, { kind: 'field', x: 40, y: 10, w: 30, h: 6, bind: 'b' }] })).toEqual([]);
  });

  it('warns near the edge and about labels too long for their box', () => {
    const codes = check({ title: 't', elements: [{ kind: 'text', x: 1, y: 10, w: 12, h: 5, text: '転入の根拠（転入のとき）', size: 9 }] }).map((i) => [i.code, i.severity]);
    expect(codes).toEqual([['LAYOUT-MARGIN', 'warning'], ['LAYOUT-TEXT-TOO-LONG', 'warning']]);
  });

  it('checks bindings against the definition when publishing', () => {
    const broken = structuredClone(residenceChange);
    broken.layout?.elements.push({ kind: 'field', x: 150, y: 265, w: 40, h: 8, bind: 'favouriteColour' });
    broken.layout?.elements.push({ kind: 'field', x: 100, y: 265, w: 40, h: 8, bind: 'changeDate', format: 'choiceLabel' });
    const r = publish(broken, [], { publishedAt: '2026-11-29T09:00:00+09:00' });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['LAYOUT-UNKNOWN-FIELD', 'LAYOUT-BAD-FORMAT']);
  });

  it('rejects at publish a layout that runs off the page', () => {
    const broken = structuredClone(residenceChange);
    broken.layout?.elements.push({ kind: 'text', x: 150, y: 292, w: 40, h: 8, text: '欄外' });
    const r = publish(broken, [], { publishedAt: '2026-11-29T09:00:00+09:00' });
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual([expect.stringContaining('下端を3.0mm')]);
  });
});
