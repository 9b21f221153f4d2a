import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Visit, VisitState } from '../../api/counter';
import { ApiError } from '../../api/errors';
import { useVisitDraft, withoutIndividualNumbers } from './useVisitDraft';

const state: VisitState = {
  step: 'interview', identity: { method: null, card: null, residentId: null, nameCheck: null, importKind: null }, event: 'moveIn',
  household: { members: [], dogs: 0, mopeds: 0, cars: 0, receivesChildAllowance: false }, remainingHouseholderId: null, householdChange: null,
  chosen: [], later: [], values: {}, prefill: {}, moveInBasis: null, paperSignature: false,
};
const visit = (revision: number, s: VisitState = state): Visit => ({
  id: 'v1', status: 'open', origin: 'counter', revision, state: s, signed: false, signedAt: null, startedAt: '', updatedAt: '',
  completedAt: null, cancelledAt: null, cancelReason: null, result: null,
});

describe('the visit draft', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never keeps an individual number in the tablet backup', () => {
    expect(withoutIndividualNumbers({ a: '1234 5678 9018', b: ['090-1234-5678', '123456789018'], c: { d: '山形銀行' } }))
      .toEqual({ a: '', b: ['090-1234-5678', ''], c: { d: '山形銀行' } });
  });

  it('saves after a pause, keeps the draft while the network is down, and sends it when it is back', async () => {
    // Fake timers: the pause before saving and the retry interval pass at once, whatever the machine's load.
    vi.useFakeTimers();
    sessionStorage.clear();
    let online = false;
    const sent: VisitState[] = [];
    const save = async (revision: number, s: VisitState) => {
      if (!online) throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: '通信できません' });
      sent.push(s);
      return visit(revision + 1, s);
    };
    const { result } = renderHook(() => useVisitDraft(visit(1), save));
    act(() => result.current.update((s) => ({ ...s, values: { 'shared:applicantPhone': '0237-22-1111', note: '123456789018' } })));
    expect(sent).toHaveLength(0);
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(result.current.status).toBe('offline');
    const backup = JSON.parse(sessionStorage.getItem('madoguchi.counter.draft.v1')!) as { state: VisitState };
    expect(backup.state.values).toEqual({ 'shared:applicantPhone': '0237-22-1111', note: '' });
    online = true;
    await act(() => vi.advanceTimersByTimeAsync(3_500));
    expect(result.current.status).toBe('saved');
    expect(sent).toHaveLength(1);
    expect(sent.at(-1)?.values['shared:applicantPhone']).toBe('0237-22-1111');
    expect(result.current.visit.revision).toBe(2);
    expect(sessionStorage.getItem('madoguchi.counter.draft.v1')).toBeNull();
  });

  it('says so when another tablet saved first', async () => {
    const save = async () => {
      throw new ApiError({ status: 409, code: 'VISIT_CHANGED', message: '別の端末で更新されました' });
    };
    const { result } = renderHook(() => useVisitDraft(visit(3), save));
    act(() => result.current.update((s) => ({ ...s, step: 'review' })));
    await waitFor(() => expect(result.current.status).toBe('conflict'), { timeout: 3000 });
  });
});
