import { exampleAnswers } from '@madoguchi/procedures';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useApi } from '../../api/ApiProvider';
import { isApiError } from '../../api/errors';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { initialDraft } from './draftDocument';
import { DraftEditor } from './DraftEditor';
import { catalogueQuery, procedureQuery } from './queries';

const routeApi = getRouteApi('/_staff/procedures/$procedureId/draft');

function BackToProcedure({ procedureId, exists }: { procedureId: string; exists: boolean }) {
  return exists ? (
    <Link to="/procedures/$procedureId" params={{ procedureId }} search={{}} className="inline-flex min-h-11 items-center self-start text-std-16N-170 text-key-900 underline underline-offset-4">
      ← 手続きの詳細に戻る
    </Link>
  ) : (
    <Link to="/procedures" search={{}} className="inline-flex min-h-11 items-center self-start text-std-16N-170 text-key-900 underline underline-offset-4">
      ← 手続きカタログに戻る
    </Link>
  );
}

export function ProcedureDraftPage() {
  const api = useApi();
  const { procedureId } = routeApi.useParams();
  const { department } = routeApi.useSearch();
  const detail = useQuery({ ...procedureQuery(api, procedureId), staleTime: Infinity });
  const catalogue = useQuery(catalogueQuery(api));
  const isNew = isApiError(detail.error, 'PROCEDURE_NOT_FOUND');
  const title = detail.data ? `下書きの編集: ${detail.data.title}` : isNew ? '新しい手続きの下書き' : '下書きの編集';
  usePageTitle(title);

  const header = <PageHeader back={<BackToProcedure procedureId={procedureId} exists={Boolean(detail.data)} />} title={title} description={<span className="font-mono">{procedureId}</span>} />;
  if (detail.isPending || catalogue.isPending) {
    return (
      <>
        {header}
        <Loading label="下書きを読み込んでいます…" />
      </>
    );
  }
  const loadError = (detail.isError && !isNew ? detail.error : null) ?? catalogue.error;
  if (loadError || !catalogue.data) {
    return (
      <>
        {header}
        <AdminErrorAlert error={loadError} title="下書きを開けませんでした" />
      </>
    );
  }
  const d = detail.data ?? null;
  if (d && !d.canEdit) {
    return (
      <>
        {header}
        <Alert variant="warning" title="この手続きは編集できません">
          担当課の職員か管理者が編集します。必要な場合は、担当課か管理者に依頼してください。
        </Alert>
      </>
    );
  }
  const start = initialDraft(d, procedureId, department ?? catalogue.data.departments[0]?.ref ?? '', exampleAnswers);
  return (
    <>
      {header}
      <p className="mb-4 text-std-16N-170">
        {start.origin.kind === 'draft'
          ? `保存した下書き（保存${start.origin.revision}回目）を開いています。`
          : start.origin.kind === 'version'
            ? `公開中の第${start.origin.version}版をもとに、新しい下書きを作ります。保存するまで下書きはできません。`
            : 'ひな形から新しい手続きを作ります。保存すると下書きになり、公開するまで窓口やオンラインには出ません。'}
      </p>
      <DraftEditor
        key={procedureId}
        procedureId={procedureId}
        start={start}
        departments={catalogue.data.departments}
        canPublish={catalogue.data.canPublish}
        hasVersions={(d?.versions.length ?? 0) > 0}
      />
    </>
  );
}
