import { usePageTitle } from '../../app/usePageTitle';
import { PageHeader } from '../../components/PageHeader';
import { DepartmentsSection } from './DepartmentsSection';
import { SettingsSection } from './SettingsSection';

export function DepartmentsPage() {
  usePageTitle('課・庁舎の設定');
  return (
    <>
      <PageHeader title="課・庁舎の設定" description="この自治体の課（窓口の場所・所属する職員の数）と、庁舎の表示名・住所・代表電話・開庁時間を管理します。" />
      <div className="flex flex-col gap-6">
        <DepartmentsSection />
        <SettingsSection />
      </div>
    </>
  );
}
