import type { ResidentStatus } from '../../api/types';
import { Badge, type BadgeTone } from '../../components/Badge';
import { residentStatusLabels } from '../../lib/labels';

const tones: Record<ResidentStatus, BadgeTone> = { active: 'positive', moved_out: 'notice', deceased: 'neutral' };

export function ResidentStatusBadge({ status }: { status: ResidentStatus }) {
  return <Badge tone={tones[status]}>{residentStatusLabels[status]}</Badge>;
}
