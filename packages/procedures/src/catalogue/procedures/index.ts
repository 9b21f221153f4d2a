import type { ProcedureDefinitionInput } from '../../schema/definition';
import { birthNotification, deathNotification, divorceNotification, marriageNotification, mopedRegistration, myNumberCardAddressChange, sealRegistration } from './civil';
import { childAllowanceClaim, childAllowanceRevision, childAllowanceTermination, childRearingAllowance } from './children';
import { schoolTransferIn, schoolTransferOut } from './education';
import { dogRegistrationChange } from './environment';
import { childMedicalEligibility, funeralExpenses, lateElderlyMoveIn, lateElderlyMoveOut, newbornVisitNotice, nhiEnrollment, nhiWithdrawal, pensionCategoryChange, prenatalVoucherExchange, singleParentMedical } from './health';
import { residenceChange } from './residenceChange';
import { careInsuranceCardReissue, careNeedCertification, disasterCertificate, nurseryApplication, pregnancyNotification } from './priority';
import { careInsuranceLoss, careInsuranceMoveIn, careInsuranceMoveOut, disabilityCertificateAddress, taxiSubsidyApplication } from './welfare';

/** The shipped procedure definitions, as authored (defaults not yet applied). */
export const procedureInputs: readonly ProcedureDefinitionInput[] = [
  residenceChange, birthNotification, deathNotification, marriageNotification, divorceNotification,
  sealRegistration, myNumberCardAddressChange, mopedRegistration,
  nhiEnrollment, nhiWithdrawal, pensionCategoryChange, lateElderlyMoveIn, lateElderlyMoveOut,
  childMedicalEligibility, funeralExpenses, prenatalVoucherExchange, newbornVisitNotice, singleParentMedical,
  careInsuranceMoveIn, careInsuranceMoveOut, careInsuranceLoss, disabilityCertificateAddress, taxiSubsidyApplication,
  childAllowanceClaim, childAllowanceRevision, childAllowanceTermination, childRearingAllowance,
  schoolTransferIn, schoolTransferOut, dogRegistrationChange,
  nurseryApplication, pregnancyNotification, careNeedCertification, careInsuranceCardReissue, disasterCertificate,
];
