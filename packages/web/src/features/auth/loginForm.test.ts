import { describe, expect, it } from 'vitest';
import { readLoginForm } from './loginForm';

const filled = { municipalityCode: '062120', loginId: 'clerk', password: 'pw', totpCode: '' };

describe('readLoginForm', () => {
  it('names every missing field', () => {
    const result = readLoginForm({ municipalityCode: '', loginId: ' ', password: '', totpCode: '' }, false);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['loginId', 'municipalityCode', 'password']);
  });

  it('accepts full-width digits for the municipality code', () => {
    const result = readLoginForm({ ...filled, municipalityCode: '０６２１２０' }, false);
    expect(result).toEqual({ ok: true, request: { municipalityCode: '062120', loginId: 'clerk', password: 'pw' } });
  });

  it('rejects a code that is not six digits', () => {
    const result = readLoginForm({ ...filled, municipalityCode: '06212' }, false);
    expect(result.ok ? null : result.errors.municipalityCode).toContain('6桁');
  });

  it('asks for the TOTP code only once the server wants it', () => {
    expect(readLoginForm(filled, false).ok).toBe(true);
    const missing = readLoginForm(filled, true);
    expect(missing.ok ? null : missing.errors.totpCode).toContain('6桁');
    const given = readLoginForm({ ...filled, totpCode: '123 456' }, true);
    expect(given.ok ? given.request.totpCode : null).toBe('123456');
  });

  it('keeps the password exactly as typed', () => {
    const result = readLoginForm({ ...filled, password: ' spaced ' }, false);
    expect(result.ok ? result.request.password : null).toBe(' spaced ');
  });
});
