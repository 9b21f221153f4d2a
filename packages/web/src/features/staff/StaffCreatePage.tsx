import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useApi } from '../../api/ApiProvider';
import { detailsByPath } from '../../api/errors';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { usePageTitle } from '../../app/usePageTitle';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { municipalityQuery, staffListKey } from './queries';
import { StaffForm } from './StaffForm';
import type { StaffFormValues } from './staffForm';

const emptyForm: StaffFormValues = { displayName: '', loginId: '', password: '', roles: ['counter_staff'], departmentIds: [] };

export function BackToStaffList() {
  return (
    <Link to="/admin/staff" search={{}} className="inline-flex min-h-11 items-center self-start text-std-16N-170 text-key-900 underline underline-offset-4">
      ← 職員の一覧に戻る
    </Link>
  );
}

export function StaffCreatePage() {
  usePageTitle('職員の登録');
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const municipality = useQuery(municipalityQuery(api));
  const create = useMutation({
    mutationFn: (values: StaffFormValues) => api.staff.create(values),
    onSuccess: async (_created, values) => {
      await queryClient.invalidateQueries({ queryKey: staffListKey });
      await navigate({ to: '/admin/staff', search: { saved: values.displayName } });
    },
  });

  return (
    <>
      <PageHeader back={<BackToStaffList />} title="職員の登録" description="新しく使う職員の情報を入力して「登録する」を押してください。" />
      <Section title="職員の情報" className="max-w-3xl">
        {municipality.isPending ? (
          <Loading />
        ) : municipality.isError ? (
          <AdminErrorAlert error={municipality.error} title="課の一覧を読み込めませんでした" />
        ) : (
          <StaffForm
            mode="create"
            initial={emptyForm}
            departments={municipality.data.departments}
            onSubmit={(values) => create.mutate(values)}
            busy={create.isPending}
            submitLabel="登録する"
            serverErrors={detailsByPath(create.error)}
            banner={create.error ? <AdminErrorAlert error={create.error} title="登録できませんでした" /> : null}
          />
        )}
      </Section>
    </>
  );
}
