import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CrlChecker, parseCertificate } from '@madoguchi/card/node';
import type { SimulatedIssuers, TestCertificateAuthority } from '@madoguchi/card/sim';
import { appendAudit } from '../../platform/audit/audit';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import type { DemoCardReader } from '../demo-card/reader';
import { portalMunicipality } from './accounts';
import type { JpkiVerification } from './signing';

/**
 * The simulated JPKI CA's revocation list, as the demo and the tests use it: a CRL signed by the
 * simulated CA, listing the serials revoked here. `offline` makes the CRL unobtainable, to show
 * that verification then fails closed.
 */
export class SimulatedJpkiRevocation {
  readonly revoked = new Map<bigint, Date>();
  offline = false;
  readonly #cas: { ca: TestCertificateAuthority; subject: ReturnType<typeof parseCertificate>['subject'] }[];
  readonly #cache = new Map<TestCertificateAuthority, { crl: Uint8Array; at: number; revoked: number }>();

  constructor(issuers: SimulatedIssuers) {
    this.#cas = [issuers.authCa, issuers.signingCa].map((ca) => ({ ca, subject: parseCertificate(ca.certificate).subject }));
  }

  revoke(serialNumber: bigint, at: Date = new Date()): void {
    this.revoked.set(serialNumber, at);
  }

  /** Trust anchors (the two simulated CAs) and the CRL checker over this list. */
  verification(): JpkiVerification {
    return {
      trust: { anchors: this.#cas.map((c) => c.ca.certificate) },
      revocation: new CrlChecker({
        source: async (certificate) => {
          if (this.offline) throw new Error('CRL distribution point unreachable (simulated)');
          const entry = this.#cas.find((c) => certificate.issuer.isEqual(c.subject));
          if (!entry) throw new Error('no CRL for this issuer');
          const cached = this.#cache.get(entry.ca);
          // One CRL a minute per CA, as a CRL is published, unless the list changed.
          if (cached && Date.now() - cached.at < 60_000 && cached.revoked === this.revoked.size) return cached.crl;
          const crl = await entry.ca.createCrl({ revoked: [...this.revoked].map(([serialNumber, revocationDate]) => ({ serialNumber, revocationDate })) });
          this.#cache.set(entry.ca, { crl, at: Date.now(), revoked: this.revoked.size });
          return crl;
        },
      }),
    };
  }
}

const Code = z.object({ code: z.string().regex(/^\d{6}$/, '自治体コードは6桁の数字です。') });

/**
 * Demo only: the resident portal's way to the in-process demo card reader, standing in for the
 * resident's own card reader and JPKI software at home. Gives the page the agent's address and
 * pairing token and lets the resident put one of this city's demo cards on the reader.
 */
export function mountPortalDemoCardRoutes(services: Services, reader: DemoCardReader) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/demo/card-reader', tags: ['demo'], summary: 'デモ: 住民向けのデモ用カードリーダー（デモ時のみ）',
      request: { params: Code },
      responses: {
        200: jsonContent(z.object({
          agentUrl: z.string().nullable(), pairingToken: z.string().nullable(), insertedCardId: z.string().nullable(),
          cards: z.array(z.object({ id: z.string(), label: z.string(), note: z.string() })),
        })),
        ...errorResponses,
      },
    }), async (c) => {
      const m = await portalMunicipality(services.db, c.req.valid('param').code);
      const view = reader.view(m.id);
      await appendAudit(services.db, {
        municipalityId: m.id, actorStaffId: null, action: 'demo_card.list', purpose: 'オンライン申請（デモ）', requestId: c.get('requestId'),
        details: { residentIds: reader.residentIdsVisibleTo(m.id), portal: true },
      }, services.now());
      return c.json({ ...view, cards: view.cards.map(({ id, label, note }) => ({ id, label, note })) }, 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/demo/card-reader/insert', tags: ['demo'], summary: 'デモ: デモ用カードをカードリーダーに置く（デモ時のみ）',
      request: { params: Code, body: jsonBody(z.strictObject({ cardId: z.string().min(1, 'カードを選んでください。').max(64) })) },
      responses: { 204: { description: '置きました' }, ...errorResponses },
    }), async (c) => {
      const m = await portalMunicipality(services.db, c.req.valid('param').code);
      reader.insert(m.id, c.req.valid('json').cardId);
      return c.body(null, 204);
    });
  };
}
