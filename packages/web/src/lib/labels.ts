import type { ResidentStatus, Role, Sex } from '../api/types';

export const roleLabels: Record<Role, string> = {
  system_admin: 'システム管理者',
  municipality_admin: '業務管理者',
  counter_staff: '窓口職員',
  department_reviewer: '担当課職員',
  taxi_operator: 'タクシー事業者',
};

export const roleDescriptions: Record<Role, string> = {
  counter_staff: '窓口で住民を検索し、届出を受け付けます。',
  department_reviewer: '担当課で申請を確認・審査します。',
  taxi_operator: '電子タクシー券の乗車の確認と月ごとの請求（自社の分だけ）。アカウントは電子タクシー券の画面で作ります。',
  municipality_admin: '職員の登録、監査ログの確認、住民データの取込ができます。',
  system_admin: 'すべての管理機能を使えます。運用保守の担当者向けです。',
};

/** Roles in the order the staff form lists them: everyday work first, administration last. */
export const allRoles: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];

export const sexLabels: Record<Sex, string> = { male: '男', female: '女' };

export const residentStatusLabels: Record<ResidentStatus, string> = {
  active: '在住',
  moved_out: '転出済み',
  deceased: '死亡',
};
