import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ResidentSearchForm } from './ResidentSearchForm';
import type { SearchCriteria } from './searchCriteria';

function setup(initial: SearchCriteria = {}, serverErrors = {}) {
  const onSearch = vi.fn<(criteria: SearchCriteria) => void>();
  const onClear = vi.fn<() => void>();
  render(<ResidentSearchForm initial={initial} onSearch={onSearch} onClear={onClear} serverErrors={serverErrors} />);
  const type = (label: RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
  const submit = () => fireEvent.click(screen.getByRole('button', { name: '検索する' }));
  return { onSearch, onClear, type, submit };
}

describe('ResidentSearchForm', () => {
  it('asks for a criterion instead of sending an empty search', () => {
    const { onSearch, submit } = setup();
    submit();
    expect(onSearch).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('氏名・カナ、生年月日、住所のどれか1つ以上を入力してから');
  });

  it('treats a status alone as too broad', () => {
    const { onSearch, submit } = setup();
    fireEvent.change(screen.getByLabelText(/住民の状態/), { target: { value: 'active' } });
    submit();
    expect(onSearch).not.toHaveBeenCalled();
  });

  it('sends trimmed criteria and leaves out empty ones', () => {
    const { onSearch, type, submit } = setup();
    type(/氏名・カナ/, '  ﾔﾏﾀﾞ ﾀﾛｳ ');
    type(/生年月日/, 'S45.3.2');
    submit();
    expect(onSearch).toHaveBeenCalledWith({ q: 'ﾔﾏﾀﾞ ﾀﾛｳ', birth: 'S45.3.2' });
  });

  it('explains an impossible 和暦 date next to the birth-date field', () => {
    const { onSearch, type, submit } = setup();
    type(/生年月日/, '昭和99年');
    submit();
    expect(onSearch).not.toHaveBeenCalled();
    const field = screen.getByLabelText(/生年月日/);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = field.getAttribute('aria-describedby') ?? '';
    const message = describedBy
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    expect(message).toContain('昭和は64年');
  });

  it('shows an error the server found in the criteria', () => {
    setup({ birth: '平成40年' }, { birth: '平成は31年までです。' });
    expect(screen.getByText('平成は31年までです。')).toBeTruthy();
    expect(screen.getByLabelText(/生年月日/).getAttribute('aria-invalid')).toBe('true');
  });

  it('starts from the criteria in the address bar and clears them', () => {
    const { onClear } = setup({ q: '山田', address: '若葉町' });
    expect((screen.getByLabelText(/氏名・カナ/) as HTMLInputElement).value).toBe('山田');
    fireEvent.click(screen.getByRole('button', { name: '条件をクリア' }));
    expect((screen.getByLabelText(/氏名・カナ/) as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText(/住所/) as HTMLInputElement).value).toBe('');
    expect(onClear).toHaveBeenCalledOnce();
  });
});
