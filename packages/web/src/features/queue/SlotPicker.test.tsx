import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Slot } from './queueApi';
import { SlotPicker } from './ReservePage';

const slot = (id: string, date: string, hhmm: string, remaining: number): Slot => {
  const startsAt = new Date(Date.parse(`${date}T${hhmm}:00+09:00`)).toISOString();
  return { id, serviceId: 's', locationId: 'l', date, startsAt, endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(), capacity: 2, remaining };
};

describe('SlotPicker', () => {
  const slots = [
    slot('a', '2026-11-30', '09:00', 0),
    slot('b', '2026-11-30', '09:30', 0),
    slot('c', '2026-12-01', '09:00', 2),
    slot('d', '2026-12-01', '09:30', 1),
  ];

  it('opens on the first date with room and marks full dates and times', () => {
    const chosen: Slot[] = [];
    render(<SlotPicker slots={slots} selected={null} onSelect={(s) => chosen.push(s)} />);
    const dates = within(screen.getByRole('group', { name: '日付' }));
    expect((dates.getByRole('button', { name: /11\/30.*満員/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(dates.getByRole('button', { name: /12\/1.*空き3/ }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: /9:30〜10:00.*残り1/ }));
    expect(chosen.map((s) => s.id)).toEqual(['d']);
  });

  it('says so when nothing can be booked', () => {
    render(<SlotPicker slots={[]} selected={null} onSelect={() => undefined} />);
    expect(screen.getByText(/予約できる時間帯はありません/)).toBeTruthy();
  });
});
