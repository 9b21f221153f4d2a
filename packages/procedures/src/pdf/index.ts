export { renderProcedurePdf, renderProcedureForm } from './renderProcedurePdf';
export type { RenderOptions, RenderedForm } from './renderProcedurePdf';
export { loadFontBytes, forgetFontBytes, FONT_FILES } from './fonts';
export { Canvas, MISSING_GLYPH } from './canvas';
export { renderGuideSheetPdf } from './guideSheet';
export type { GuideSheetInput, GuideSheetOptions } from './guideSheet';
export { renderDecisionNoticePdf } from './notice';
export type { DecisionNoticeInput } from './notice';
