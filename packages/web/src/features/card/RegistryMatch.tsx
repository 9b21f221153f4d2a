import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { CardFaceAttributes } from '@madoguchi/card';
import { useApi } from '../../api/ApiProvider';
import type { ResidentSummary } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatWarekiWithSeireki } from '../../lib/format';
import { ResidentStatusBadge } from '../residents/ResidentStatusBadge';
import { differencesBetween, matchingResidents } from './registryMatch';

function MatchedResident({ card, resident }: { card: CardFaceAttributes; resident: ResidentSummary }) {
  const differences = differencesBetween(card, resident);
  return (
    <li className="flex flex-col gap-3 rounded-8 border border-solid-gray-300 p-4">
      <div className="flex flex-wrap items-center gap-3">
        <Link
          to="/residents/$residentId"
          params={{ residentId: resident.id }}
          className="inline-flex min-h-11 items-center text-std-20B-150 text-key-900 underline underline-offset-4"
        >
          {resident.name}
        </Link>
        <span className="text-std-16N-170 text-solid-gray-700">{resident.kana}</span>
        <ResidentStatusBadge status={resident.status} />
        {differences.length === 0 ? <Badge tone="positive">券面と一致</Badge> : <Badge tone="notice">{`相違 ${differences.length}件`}</Badge>}
      </div>
      <p className="text-std-16N-170 text-solid-gray-800">
        {formatWarekiWithSeireki(resident.birthDateWareki, resident.birthDate)}・{resident.age}歳・{resident.relationship}
        <br />
        {resident.address}
      </p>
      {differences.map((d) => (
        <Alert key={d.field} variant="warning" title={`${d.field}が券面と住民記録で異なります`}>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4">
            <dt className="font-bold">券面</dt>
            <dd>{d.card}</dd>
            <dt className="font-bold">住民記録</dt>
            <dd>{d.registry}</dd>
          </dl>
          <p className="mt-1">{d.advice}</p>
        </Alert>
      ))}
    </li>
  );
}

/**
 * Looks the card's holder up in the registry by name and birth date (an audited search, like any
 * other) and shows who it is, or that nobody is. Differences are shown for staff to decide on.
 */
export function RegistryMatch({ attributes }: { attributes: CardFaceAttributes }) {
  const api = useApi();
  const query = useQuery({
    queryKey: ['card-registry-match', attributes.name, attributes.birthDate],
    queryFn: () => api.residents.search({ q: attributes.name, birth: attributes.birthDate, limit: 20 }),
    // Residents' data from a card read is not kept once the screen lets go of it.
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  if (query.isPending) return <Loading label="住民記録を照合しています…" />;
  if (query.isError) return <ErrorAlert error={query.error} title="住民記録と照合できませんでした" />;
  const matches = matchingResidents(attributes, query.data.items);
  if (matches.length === 0) {
    return (
      <Alert variant="warning" title="住民記録に該当がありません">
        <p>
          券面の氏名と生年月日が同じ住民は、この市の住民記録にいません。転入前の方か、氏名の字形（旧字・外字）が住民記録と異なる可能性があります。
        </p>
        <p className="mt-1">
          <Link to="/residents" search={{ birth: attributes.birthDate }} className="text-key-900 underline underline-offset-4">
            生年月日で住民検索する
          </Link>
        </p>
      </Alert>
    );
  }
  return (
    <ul className="flex flex-col gap-3" aria-label="住民記録の該当者">
      {matches.map((resident) => (
        <MatchedResident key={resident.id} card={attributes} resident={resident} />
      ))}
    </ul>
  );
}
