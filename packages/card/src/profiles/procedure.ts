import { IndividualNumberNotPermittedError } from '../errors';

/**
 * The smallest view of a procedure this package needs. The procedures package maps its
 * definitions onto it; `individualNumberUse` is true only for 個人番号利用事務 (番号法 別表 or a
 * municipal 条例).
 */
export interface ProcedureRef {
  readonly id: string;
  readonly individualNumberUse: boolean;
}

/** A procedure whose definition says it is 個人番号利用事務. */
export type IndividualNumberProcedure = ProcedureRef & { readonly individualNumberUse: true };

/**
 * The type already rejects other procedures at compile time; this also rejects them at run time,
 * because values reach us from JSON and casts.
 */
export function assertIndividualNumberUse(procedure: ProcedureRef): asserts procedure is IndividualNumberProcedure {
  if (procedure === null || typeof procedure !== 'object' || procedure.individualNumberUse !== true) {
    throw new IndividualNumberNotPermittedError();
  }
  if (typeof procedure.id !== 'string' || procedure.id.length === 0) throw new IndividualNumberNotPermittedError();
}
