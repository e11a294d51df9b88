import { isAtLeast15OnDay } from '../../../shared/domain/vnday';

/** DOMAIN.md "Age on a day": the "15 or older that day" fact copied onto each service record. */
export function is15PlusFact(birthDate: string | null, birthYear: number | null, visitDay: string): 0 | 1 | null {
  if (!birthDate && birthYear === null) return null;
  return isAtLeast15OnDay({ ...(birthDate ? { birthDate } : {}), ...(birthYear !== null ? { birthYear } : {}) }, visitDay) ? 1 : 0;
}
