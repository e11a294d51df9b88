import { z } from 'zod';
import { isIsoDay } from '../domain/vnday';

/**
 * A calendar day 'yyyy-mm-dd' that exists (issue #17: '2026-02-29' passed a format-only regex and
 * raised an internal RangeError further in). One schema for every contract that takes a day.
 */
export const isoDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isIsoDay, { message: 'invalid_day' });
