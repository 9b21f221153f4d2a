import { describe, expect, it } from 'vitest';
import { describeIssuePath } from './issueLocation';

const definition = {
  title: '犬の死亡届',
  steps: [{ id: 'main', title: '届出の内容', fields: [{ id: 'ownerName', label: '飼い主の氏名' }, { id: 'hasTag', label: '鑑札を返納する' }, { id: 'tagNumber', label: '鑑札の番号', pattern: { regex: '(' } }] }],
  layout: { title: '犬の死亡届', elements: [{ kind: 'text', text: '犬の死亡届' }, { kind: 'field', bind: 'tagNumber' }] },
};

describe('describeIssuePath', () => {
  it('names steps, fields and layout elements by what the editor wrote', () => {
    expect(describeIssuePath(definition, 'steps[0].fields[2].visibleWhen.args[0]')).toBe('手順1「届出の内容」 › 項目3「鑑札の番号」 › 表示条件');
    expect(describeIssuePath(definition, 'steps[0].fields[2].pattern.regex')).toBe('手順1「届出の内容」 › 項目3「鑑札の番号」 › 入力パターン › 正規表現');
    expect(describeIssuePath(definition, 'layout.elements[1]')).toBe('紙の様式 › 要素2「tagNumber」');
    expect(describeIssuePath(definition, 'layout.elements[0].x')).toBe('紙の様式 › 要素1「犬の死亡届」 › 横位置');
    expect(describeIssuePath(definition, 'departmentId')).toBe('担当課');
    expect(describeIssuePath(definition, '')).toBe('定義全体');
  });

  it('names navigator rules by their id', () => {
    const ruleSet = { rules: [{ id: 'move-in-notification', procedureId: 'residence-change' }] };
    expect(describeIssuePath(ruleSet, 'rules[0].procedureId', 'ruleSet')).toBe('ルール1「move-in-notification」 › 案内する手続き');
  });

  it('keeps going when the document does not have what the path names', () => {
    expect(describeIssuePath({}, 'steps[3].fields[0].label')).toBe('手順4 › 項目1 › 見出し');
  });
});
