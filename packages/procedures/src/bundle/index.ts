export * from './types';
export { SHARED_FACTS } from './facts';
export type { SharedFact } from './facts';
export { buildInterview, householderOf, subjectsOf } from './interview';
export type { InterviewInput } from './interview';
export { answerOf, evaluateBundle, procedureAnswers, questionIndex } from './answers';
export type { ProcedureAnswers } from './answers';
export { emptyMember, fullKana, fullName, householdFacts, municipalityOfAddress, relationshipFromLabel, RELATIONSHIP_LABELS } from './household';
