/** Supervisor QA: the record shapes (records.ts), generic statistics and the one seeded PRNG (stats.ts), the agreement summaries (agreement.ts) and the calibration export. */
export * from './records';
export * from './stats';
export * from './agreement';
export * from './export';
