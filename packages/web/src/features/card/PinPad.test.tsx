import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { PinPad } from './PinPad';

const prompt = '暗証番号（4桁）を入力してください。残り3回';

function pad(verifying = false) {
  const onSubmit = vi.fn<(pin: string) => void>();
  const view = render(<PinPad prompt={prompt} verifying={verifying} onSubmit={onSubmit} />);
  return { onSubmit, view };
}

const key = (name: string) => screen.getByRole('button', { name });

describe('PinPad', () => {
  it('shows dots, never digits, and hands over the PIN once per press of 確定', () => {
    const { onSubmit, view } = pad();
    expect(screen.getByRole('group', { name: prompt })).toBeTruthy();
    for (const digit of '1234') fireEvent.click(key(digit));
    // The boxes show one dot per digit; nothing on screen says which keys were pressed.
    expect(view.container.querySelector('[aria-hidden="true"]')?.textContent).toBe('●●●●');
    expect(view.container.textContent).toContain('4桁入力しました');
    expect(key('1').hasAttribute('disabled')).toBe(true);
    fireEvent.click(key('確定'));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith('1234');
    // The pad is empty again: a second press has nothing to send.
    expect(view.container.textContent).toContain('0桁入力しました');
    fireEvent.click(key('確定'));
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('does not submit fewer than 4 digits, and 1字消す takes the last one back', () => {
    const { onSubmit, view } = pad();
    for (const digit of '123') fireEvent.click(key(digit));
    expect(key('確定').hasAttribute('disabled')).toBe(true);
    fireEvent.click(key('1字消す'));
    expect(view.container.textContent).toContain('2桁入力しました');
    for (const digit of '90') fireEvent.click(key(digit));
    fireEvent.click(key('確定'));
    expect(onSubmit).toHaveBeenCalledWith('1290');
  });

  it('takes digits, Backspace and Enter from a keyboard', () => {
    const { onSubmit } = pad();
    for (const k of ['5', '6', '7', '8', 'Backspace', '9', 'Enter']) fireEvent.keyDown(window, { key: k });
    expect(onSubmit).toHaveBeenCalledWith('5679');
  });

  it('is locked while the card checks the PIN', () => {
    const { onSubmit } = pad(true);
    expect(key('1').hasAttribute('disabled')).toBe(true);
    expect(key('確認中…').hasAttribute('disabled')).toBe(true);
    for (const k of ['1', '2', '3', '4', 'Enter']) fireEvent.keyDown(window, { key: k });
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
