import { describe, expect, it } from 'vitest';
import { evaluationPath, getAnswer, numberAnswer, removeItem, setAnswer } from './answers';

describe('answers', () => {
  it('sets values at paths without touching the original', () => {
    const before = { members: [{ name: '尾花 健一' }] };
    const after = setAnswer(before, ['members', 1, 'name'], '尾花 美咲');
    expect(after).toEqual({ members: [{ name: '尾花 健一' }, { name: '尾花 美咲' }] });
    expect(before).toEqual({ members: [{ name: '尾花 健一' }] });
    expect(getAnswer(after, ['members', 1, 'name'])).toBe('尾花 美咲');
    expect(setAnswer({ address: { postalCode: '9994292' } }, ['address', 'address'], '山形県尾花沢市')).toEqual({ address: { postalCode: '9994292', address: '山形県尾花沢市' } });
  });

  it('removes an emptied answer, so it counts as not answered', () => {
    expect(setAnswer({ a: 'x', b: 'y' }, ['a'], '')).toEqual({ b: 'y' });
    expect(removeItem({ members: [{ n: 1 }, { n: 2 }] }, 'members', 0)).toEqual({ members: [{ n: 2 }] });
    expect(removeItem({ members: [{ n: 1 }] }, 'members', 0)).toEqual({});
  });

  it("names places the way the evaluator does", () => {
    expect(evaluationPath(['members', 1, 'kana'])).toBe('members[1].kana');
    expect(evaluationPath(['changeType'])).toBe('changeType');
  });

  it('turns typed numbers into numbers and leaves anything else for the evaluator to reject', () => {
    expect(numberAnswer('１,２００')).toBe(1200);
    expect(numberAnswer('')).toBeUndefined();
    expect(numberAnswer('abc')).toBe('abc');
  });
});
