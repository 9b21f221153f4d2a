import { fireEvent, render, screen } from '@testing-library/react';
import { catalogue, evaluateForm } from '@madoguchi/procedures';
import { describe, expect, it } from 'vitest';
import { applySignature, checkSignature, dataUrlBytes, MAX_SIGNATURE_BYTES, signatureAnswers } from './signing';
import { VehicleSignature } from './VehicleSignature';

const dog = catalogue.procedures.find((p) => p.id === 'dog-registration-change')!;
const png = (bytes: number) => `data:image/png;base64,${btoa('x'.repeat(bytes))}`;

describe('the signature on the vehicle tablet', () => {
  it('points the form\'s signature field to the drawing saved with the case, or to the paper form', () => {
    const drawn = applySignature(dog, { applicantName: '佐藤 花' }, 'case-1', png(3000));
    expect(drawn.answers).toEqual({ applicantName: '佐藤 花', signature: { method: 'handwritten', ref: 'outreach-screen:case-1' } });
    expect(drawn.signature).toBe(png(3000));
    const paper = applySignature(dog, {}, 'case-2', null);
    expect(paper).toEqual({ answers: { signature: { method: 'handwritten', ref: 'outreach-paper' } }, signature: null });
    // A form without a signature field never carries a drawing.
    const noField = { ...dog, steps: dog.steps.map((s) => ({ ...s, fields: s.fields.filter((f) => f.type !== 'signature') })) };
    expect(applySignature(noField, {}, 'case-3', png(10)).signature).toBeNull();
  });

  it('fills the signature field while the form is filled, so the form rules see it signed either way', () => {
    for (const mode of ['screen', 'paper'] as const) {
      const answers = signatureAnswers(dog, mode);
      expect(answers['signature']!.ref).toBe(mode === 'screen' ? 'outreach-screen:pending' : 'outreach-paper');
      const evaluation = evaluateForm(dog, answers, { today: '2026-11-27', channel: 'outreach' });
      expect(Object.keys(evaluation.errors).some((k) => k.startsWith('signature'))).toBe(false);
    }
  });

  it('refuses no drawing, a picture that is not a PNG, and a PNG over the limit, with what to do', () => {
    expect(dataUrlBytes(png(3000))).toBe(3000);
    expect(checkSignature(png(MAX_SIGNATURE_BYTES))).toEqual({ ok: true });
    const big = checkSignature(png(MAX_SIGNATURE_BYTES + 1));
    expect(big).toMatchObject({ ok: false, message: expect.stringContaining('「書き直す」') });
    expect(checkSignature(null)).toMatchObject({ ok: false, message: expect.stringContaining('紙に署名する') });
    expect(checkSignature('data:image/jpeg;base64,AAAA')).toMatchObject({ ok: false });
  });

  it('offers 「紙に署名する」, and shows a signature drawn before switching tabs with 書き直す', () => {
    const modes: string[] = [];
    const urls: (string | null)[] = [];
    const { unmount } = render(<VehicleSignature label="署名" mode="paper" onMode={(m) => modes.push(m)} dataUrl={null} onDataUrl={(u) => urls.push(u)} error={null} />);
    expect(screen.getByText('紙の申請書にご本人の署名をいただき、車両で保管してください。')).toBeTruthy();
    expect(screen.getByRole('button', { name: '紙に署名する' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '画面に署名する' }));
    expect(modes).toEqual(['screen']);
    // Switching drops any drawing kept for the other way (the screen always shows what is saved).
    expect(urls).toEqual([null]);
    unmount();
    urls.length = 0;
    render(<VehicleSignature label="署名" mode="screen" onMode={() => {}} dataUrl={png(100)} onDataUrl={(u) => urls.push(u)} error="署名欄に書いてください。" />);
    expect(screen.getByRole('img', { name: '書いていただいた署名' })).toBeTruthy();
    expect(screen.getByText('署名をいただきました。')).toBeTruthy();
    expect(screen.getByText('署名欄に書いてください。')).toBeTruthy();
    expect(urls).toEqual([]);
  });
});
