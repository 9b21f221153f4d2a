import type { Programme } from './taxiApi';

/**
 * The programme the city's screens open on, on `today` (Japan, YYYY-MM-DD): the active one whose
 * fiscal year contains today; else the active one that starts next (set 実施中 ahead of April),
 * else the newest active; else the newest of any status. Next year's programme, made active in
 * March, must not hide this year's claims.
 */
export function programmeInForce(programmes: readonly Programme[], today: string): Programme | null {
  const active = programmes.filter((p) => p.status === 'active');
  const newestFirst = (list: readonly Programme[]) => [...list].sort((a, b) => b.fiscalYear - a.fiscalYear);
  return active.find((p) => p.startsOn <= today && today <= p.endsOn)
    ?? [...active].filter((p) => p.startsOn > today).sort((a, b) => a.startsOn.localeCompare(b.startsOn))[0]
    ?? newestFirst(active)[0]
    ?? newestFirst(programmes)[0]
    ?? null;
}
