// The audited actions the server records, for the filter menu. The server owns this list (its
// audit module) and sends the label with every event; keep the two in step when actions are added.
export const auditActions: { value: string; label: string }[] = [
  { value: 'resident.read', label: '住民情報の閲覧' },
  { value: 'resident.search', label: '住民の検索' },
  { value: 'household.read', label: '世帯情報の閲覧' },
  { value: 'registry.import', label: '住民データの取込' },
  { value: 'auth.login', label: 'ログイン' },
  { value: 'auth.login_failed', label: 'ログイン失敗' },
  { value: 'auth.logout', label: 'ログアウト' },
  { value: 'auth.totp_enabled', label: '二要素認証の設定' },
  { value: 'auth.password_changed', label: 'パスワード変更' },
  { value: 'staff.create', label: '職員の登録' },
  { value: 'staff.update', label: '職員情報の変更' },
  { value: 'staff.password_reset', label: '職員パスワードの再設定' },
  { value: 'department.create', label: '課の登録' },
  { value: 'department.update', label: '課の名前・場所の変更' },
  { value: 'department.retire', label: '課の廃止' },
  { value: 'department.reinstate', label: '課の廃止の取り消し' },
  { value: 'municipality.settings_update', label: '庁舎の設定の変更' },
  { value: 'audit.read', label: '監査ログの閲覧' },
  { value: 'audit.verify', label: '監査ログの検証' },
];
