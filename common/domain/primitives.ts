import { z } from 'zod';

/**
 * ISO-8601 instant that must carry an explicit offset (`Z` or `+08:00`). A bare local time is
 * refused: cases cross time zones (platform in UTC+8, servers in UTC) and a missing offset is a
 * silent ±8h error in every window rule.
 */
export const IsoDateTimeSchema = z.iso
  .datetime({ offset: true, error: 'expected an ISO-8601 date-time with an offset, e.g. 2026-03-01T09:30:00+08:00' })
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
