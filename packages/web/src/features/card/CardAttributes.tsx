import { ageOn, todayInJapan } from '@madoguchi/jp';
import type { CardFaceAttributes } from '@madoguchi/card';
import { DescriptionList } from '../../components/DescriptionList';
import { formatIsoDateWithWareki } from '../../lib/format';
import { cardSexLabels } from './registryMatch';

/** The four attributes as the card face has them (基本4情報). The individual number is never read here. */
export function CardAttributes({ attributes }: { attributes: CardFaceAttributes }) {
  const age = ageOn(attributes.birthDate, todayInJapan());
  return (
    <DescriptionList
      items={[
        { term: '氏名', detail: <span className="text-std-20B-150">{attributes.name}</span> },
        { term: '住所', detail: attributes.address },
        { term: '生年月日', detail: `${formatIsoDateWithWareki(attributes.birthDate)}・${age}歳` },
        { term: '性別', detail: cardSexLabels[attributes.sex] },
      ]}
    />
  );
}
