/** Supervisor QA: the shared record shapes (records.ts) and the agreement statistics. */
export * from './records';
export * from './agreement';
export * from './export';
