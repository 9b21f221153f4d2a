/**
 * Variable paths: `field`, `address.postalCode`, `members[*].birthDate`,
 * `members[0].name`, `$item.age`, `$context.today`.
 */
export type PathSegment = { key: string; index: number | '*' | null };

const SEGMENT = /^([$A-Za-z_][A-Za-z0-9_]*)(?:\[(\*|\d+)\])?$/;

export function parsePath(path: string): PathSegment[] | null {
  const parts = path.split('.');
  const out: PathSegment[] = [];
  for (const part of parts) {
    const m = SEGMENT.exec(part);
    if (!m || m[1] === undefined) return null;
    const idx = m[2];
    out.push({ key: m[1], index: idx === undefined ? null : idx === '*' ? '*' : Number(idx) });
  }
  return out;
}

type Json = unknown;

function isRecord(v: Json): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Resolves a parsed path; `[*]` maps over arrays and flattens, missing values give null. */
export function resolvePath(root: Json, segments: readonly PathSegment[]): Json {
  let current: Json[] = [root];
  let spread = false;
  for (const seg of segments) {
    const next: Json[] = [];
    for (const value of current) {
      const child = isRecord(value) && Object.hasOwn(value, seg.key) ? value[seg.key] : null;
      if (seg.index === null) next.push(child ?? null);
      else if (!Array.isArray(child)) next.push(null);
      else if (seg.index === '*') next.push(...child);
      else next.push(child[seg.index] ?? null);
    }
    if (seg.index === '*') spread = true;
    current = next;
  }
  if (spread) return current;
  return current[0] ?? null;
}
