import { INS, decodeCommand } from '../apdu/command';
import { bytesEqual } from '../bytes';
import { AID, TEXT_AP_EF } from '../profiles/aids';

/**
 * Which APDUs the card-agent lets a browser send. An allow-list of exactly the commands the
 * profiles in this package use; anything else (other SELECT forms, short-EF READ BINARY, writes,
 * other applications) is refused. The individual number — EF 0001, and EF 0003 whose digest of a
 * 12-digit number can be brute-forced back to it — is reachable only while the session holds a
 * 個人番号利用事務 grant.
 */
export type ApduDecision = 'allow' | 'deny' | 'denyIndividualNumber';

const ALLOWED_APPLICATIONS = [AID.jpki, AID.textAp];
const INDIVIDUAL_NUMBER_FILES: ReadonlySet<number> = new Set([TEXT_AP_EF.individualNumber, TEXT_AP_EF.signature]);

export class ApduPolicy {
  #application: Uint8Array | undefined;
  /** A SELECT awaiting the card's answer: it counts only if the card says 9000. */
  #pendingApplication: Uint8Array | undefined;
  /** Whether the card's current EF holds the individual number (checked again at every READ BINARY). */
  #protectedFileSelected = false;
  #pendingProtected: boolean | undefined;

  decide(apdu: Uint8Array, individualNumberGranted: boolean): ApduDecision {
    let command;
    try {
      command = decodeCommand(apdu);
    } catch {
      return 'deny';
    }
    this.#pendingApplication = undefined;
    this.#pendingProtected = undefined;
    const { cla, ins, p1, p2, data } = command;
    if (cla === 0x00 && ins === INS.SELECT && p1 === 0x04 && p2 === 0x0c && data !== undefined) {
      const aid = ALLOWED_APPLICATIONS.find((allowed) => bytesEqual(allowed, data));
      if (aid === undefined) return 'deny';
      this.#pendingApplication = aid;
      this.#application = undefined;
      this.#protectedFileSelected = false;
      return 'allow';
    }
    if (cla === 0x00 && ins === INS.SELECT && p1 === 0x02 && p2 === 0x0c && data?.length === 2) {
      if (this.#application === undefined) return 'deny';
      const fileId = ((data[0] ?? 0) << 8) | (data[1] ?? 0);
      const protectedFile = bytesEqual(this.#application, AID.textAp) && INDIVIDUAL_NUMBER_FILES.has(fileId);
      if (protectedFile && !individualNumberGranted) return 'denyIndividualNumber';
      this.#pendingProtected = protectedFile;
      return 'allow';
    }
    if (cla === 0x00 && ins === INS.VERIFY && p1 === 0x00 && p2 === 0x80) return 'allow';
    if (cla === 0x00 && ins === INS.READ_BINARY && (p1 & 0x80) === 0 && data === undefined) {
      // The grant may have ended since the file was selected.
      return this.#protectedFileSelected && !individualNumberGranted ? 'denyIndividualNumber' : 'allow';
    }
    if (cla === 0x80 && ins === INS.COMPUTE_DIGITAL_SIGNATURE && p1 === 0x00 && p2 === 0x80) return 'allow';
    return 'deny';
  }

  /** Feed the card's status word back, so the policy knows which application is selected. */
  observe(sw: number): void {
    if (this.#pendingApplication !== undefined && sw === 0x9000) this.#application = this.#pendingApplication;
    if (this.#pendingProtected !== undefined && sw === 0x9000) this.#protectedFileSelected = this.#pendingProtected;
    this.#pendingApplication = undefined;
    this.#pendingProtected = undefined;
  }

  /** The card was removed or reset: nothing is selected any more. */
  reset(): void {
    this.#application = undefined;
    this.#pendingApplication = undefined;
    this.#protectedFileSelected = false;
    this.#pendingProtected = undefined;
  }
}
