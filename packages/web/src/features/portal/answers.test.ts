import { describe, expect, it } from 'vitest';
import { evaluationPath, getAnswer, removeItem, setAnswer } from './answers';

describe('portal answers', () => {
  it('sets values inside repeater items without changing the original', () => {
    const before = { applicantName: '尾花 健一' };
    const after = setAnswer(before, ['children', 0, 'name'], '尾花 さくら');
    expect(before).toEqual({ applicantName: '尾花 健一' });
    expect(after).toEqual({ applicantName: '尾花 健一', children: [{ name: '尾花 さくら' }] });
    expect(getAnswer(after, ['children', 0, 'name'])).toBe('尾花 さくら');
    expect(evaluationPath(['children', 0, 'name'])).toBe('children[0].name');
  });

  it('removes a value and a repeater item', () => {
    const a = { x: '1', children: [{ name: 'a' }, { name: 'b' }] };
    expect(setAnswer(a, ['x'], undefined)).toEqual({ children: a.children });
    expect(removeItem(a, ['children'], 0)).toEqual({ x: '1', children: [{ name: 'b' }] });
  });
});
