import type { Migration } from 'kysely';
import * as m0001 from './0001_platform';
import * as m0002 from './0002_registry';
import * as m0003 from './0003_procedures';
import * as m0004 from './0004_tenancy_admin';
import * as m0005 from './0005_individual_number';
import * as m0006 from './0006_queue';
import * as m0007 from './0007_cases';
import * as m0008 from './0008_jobs';
import * as m0009 from './0009_counter';
import * as m0012 from './0012_online';
import * as m0013 from './0013_online_attachments';
import * as m0014 from './0014_devices';
import * as m0015 from './0015_outreach';
import * as m0017 from './0017_online_signing';
import * as m0018 from './0018_online_fees';
import * as m0016 from './0016_taxi';
import * as m0020 from './0020_taxi_terminal';
import * as m0019 from './0019_outreach_vehicle';

import * as m0021 from './0021_audit_chain_pending';
import * as m0022 from './0022_online_message_templates';
import * as m0023 from './0023_outreach_vehicle_signature';
/** Hand-written migrations, applied in key order. Never edit one that has shipped; add another. */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_registry': m0002,
  '0003_procedures': m0003,
  '0004_tenancy_admin': m0004,
  '0005_individual_number': m0005,
  '0006_queue': m0006,
  '0007_cases': m0007,
  '0008_jobs': m0008,
  '0009_counter': m0009,
  '0012_online': m0012,
  '0013_online_attachments': m0013,
  '0014_devices': m0014,
  '0015_outreach': m0015,
  '0017_online_signing': m0017,
  '0018_online_fees': m0018,
  '0016_taxi': m0016,
  '0020_taxi_terminal': m0020,
  '0019_outreach_vehicle': m0019,
  '0021_audit_chain_pending': m0021,
  '0022_online_message_templates': m0022,
  '0023_outreach_vehicle_signature': m0023,
};
