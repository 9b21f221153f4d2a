import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import type { TemplatePurpose } from '../../api/online';
import { SelectField } from '../../components/SelectField';

/**
 * Picks a 定型文 (kept on the online publishing screen) into a reply: city-wide ones and those of
 * this procedure, for this purpose. The text is put into the field to be edited before sending.
 * Shows nothing when there are none.
 */
export function TemplatePicker({ procedureId, purpose, onPick }: { procedureId: string; purpose: TemplatePurpose; onPick: (body: string) => void }) {
  const api = useApi();
  const list = useQuery({ queryKey: ['online-message-templates', procedureId, purpose], queryFn: () => api.online.messageTemplates({ procedureId, purpose }) });
  if (!list.data?.length) return null;
  return (
    <SelectField
      label="定型文から選ぶ"
      hint="選ぶと下の欄に入ります。送る前に書き直せます。"
      value=""
      onChange={(e) => { const t = list.data.find((x) => x.id === e.target.value); if (t) onPick(t.body); }}
      options={[{ value: '', label: '選んでください' }, ...list.data.map((t) => ({ value: t.id, label: t.title }))]}
    />
  );
}
