export { NavigatorRulesPage } from './NavigatorRulesPage';
export { ProcedureDetailPage } from './ProcedureDetailPage';
export { ProcedureDraftPage } from './ProcedureDraftPage';
export { ProcedureListPage } from './ProcedureListPage';
