import { z } from 'zod';

const EARLIEST = Date.UTC(1000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * ISO-8601 instant that must carry an explicit offset (`Z` or `+08:00`). A bare local time is
 * refused: cases cross time zones (platform in UTC+8, servers in UTC) and a missing offset is a
 * silent ±8h error in every window rule.
 */
export const IsoDateTimeSchema = z.iso
  .datetime({ offset: true, error: 'expected an ISO-8601 date-time with an offset, e.g. 2026-03-01T09:30:00+08:00' })
  // Year 0000 matches the pattern but is no year PostgreSQL (or the calendar) knows: refused here with
  // its field instead of failing a whole push or import in the database.
  .refine((s) => {
    const t = Date.parse(s);
    return Number.isNaN(t) || (t >= EARLIEST && t <= LATEST);
  }, 'expected a date between the years 1000 and 9999')
  .describe('ISO-8601 date-time with an explicit offset, e.g. 2026-03-01T09:30:00+08:00');

/** Stable string id chosen by the platform. */
export const IdSchema = z.string().min(1).max(128).describe('Stable string id assigned by the platform');

/**
 * Money is integer fen (1/100 CNY). Floats would make "differs by more than ¥1" depend on rounding;
 * integers keep comparisons exact and sums associative.
 */
export const FenSchema = z.number().int().min(0).max(1e13).describe('Amount in integer fen (1 CNY = 100 fen)');

export const GramsSchema = z.number().int().min(0).max(1e9).describe('Weight in whole grams');

export type IsoDateTime = z.infer<typeof IsoDateTimeSchema>;
export type Id = z.infer<typeof IdSchema>;
