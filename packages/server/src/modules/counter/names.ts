import { normalizeName } from '@madoguchi/jp';

/** The registry's name key (width and spacing folded), for matching a card's name to a record. */
export const nameKeyOf = (name: string) => normalizeName(name).replace(/\s+/g, '');

/**
 * The card prints one name; the registry keeps 氏 and 名. The card separates them with a space
 * (often full-width); without one, everything goes to 氏 for staff to split.
 */
export function splitName(name: string): { familyName: string; givenName: string } {
  const parts = normalizeName(name).split(' ');
  return parts.length >= 2 ? { familyName: parts[0]!, givenName: parts.slice(1).join('') } : { familyName: parts[0] ?? '', givenName: '' };
}

/** The card prints digits full width and a full-width space before the 方書; forms want them plain. */
export const plainAddress = (address: string) => normalizeName(address);
