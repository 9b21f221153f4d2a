import { fireEvent, render, screen } from '@testing-library/react';
import { buildInterview, catalogue, emptyMember, evaluateBundle, type BundleHousehold, type BundleProcedure } from '@madoguchi/procedures';
import { describe, expect, it } from 'vitest';
import { InterviewForm } from './InterviewForm';

const household: BundleHousehold = {
  members: [{ ...emptyMember('m1', 'householder'), familyName: '和田', givenName: '健一', familyNameKana: 'ワダ', givenNameKana: 'ケンイチ', birthDate: '1986-04-12', sex: 'male', healthInsurance: 'national' }],
  dogs: 0, mopeds: 0, cars: 0, receivesChildAllowance: false,
};
const pick = (id: string): BundleProcedure => ({ procedureId: id, version: 1, contentHash: 'x', definition: catalogue.procedures.find((p) => p.id === id)!, memberIds: [] });

describe('the interview form', () => {
  const interview = buildInterview({
    event: { kind: 'moveIn', date: '2026-11-20' }, household, procedures: [pick('residence-change'), pick('nhi-enrollment')], audience: 'staff', today: '2026-11-27',
    shared: { applicantName: { value: '和田 健一', source: 'card' } },
  });

  it('asks a fact two forms share once, marks where it came from, and says which forms use it', () => {
    const evaluation = evaluateBundle(interview, {}, household, { today: '2026-11-27', channel: 'counter' });
    render(<InterviewForm interview={interview} values={{}} members={household.members} evaluation={evaluation} showErrors onChange={() => {}} />);
    expect(screen.getAllByRole('textbox', { name: /窓口に来た人（届出人）の氏名/ })).toHaveLength(1);
    expect(screen.getByText('カードから')).toBeTruthy();
    expect(screen.getAllByText(/使う届出: 住民異動届・国民健康保険 加入届/).length).toBeGreaterThan(0);
    // Required and empty: the phone, once, in the interview's own words.
    expect(screen.getAllByText('「届出人の電話番号（日中の連絡先）」を入力してください。')).toHaveLength(1);
  });

  it('reports an answer under its question key', () => {
    const changes: [string, unknown][] = [];
    const evaluation = evaluateBundle(interview, {}, household, { today: '2026-11-27', channel: 'counter' });
    render(<InterviewForm interview={interview} values={{}} members={household.members} evaluation={evaluation} showErrors={false} onChange={(k, v) => changes.push([k, v])} />);
    fireEvent.change(screen.getByRole('textbox', { name: /届出人の電話番号/ }), { target: { value: '090-1234-5678' } });
    expect(changes).toEqual([['shared:applicantPhone', '090-1234-5678']]);
  });
});
