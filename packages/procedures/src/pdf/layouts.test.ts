import { describe, expect, it } from 'vitest';
import { catalogue, procedureById } from '../catalogue';
import { exampleAnswers } from '../catalogue/examples';
import { validateLayout } from '../layout/validateLayout';
import { compileForm } from '../form/model';
import { renderProcedureForm } from './renderProcedurePdf';
import { pdfText } from './testing';

const withLayouts = catalogue.procedures.filter((p) => p.layout);

describe('shipped paper layouts', () => {
  it('exist for the 住民異動届 and at least five other procedures, each with example answers', () => {
    expect(withLayouts.map((p) => p.id)).toContain('residence-change');
    expect(withLayouts.length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(exampleAnswers).sort()).toEqual(withLayouts.map((p) => p.id).sort());
  });

  it.each(withLayouts.map((p) => [p.id] as const))('%s: nothing off the page, nothing overlapping, every binding known', (id) => {
    const def = procedureById(catalogue, id)!;
    const errors = validateLayout(def.layout!, compileForm(def).fields).filter((i) => i.severity === 'error');
    expect(errors).toEqual([]);
  });

  it.each(withLayouts.map((p) => [p.id] as const))('%s: the example answers are valid and print as text', async (id) => {
    const def = procedureById(catalogue, id)!;
    const { pdf, evaluation } = await renderProcedureForm(def, def.layout!, exampleAnswers[id] ?? {}, { today: '2026-11-29' });
    expect(evaluation.errors).toEqual({});
    const text = pdfText(pdf);
    expect(text).toContain(def.layout!.title);
    expect(text).toContain('令和8年11月29日');
    expect(text).toMatch(/尾花 (健一|美咲)/);
    expect(text).toContain('職員記入欄');
  });
});
