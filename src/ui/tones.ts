import type { Tone } from './StatusDot';

/** Countdown colours, shared by the queue's cells and the case header. */
const HOUR = 3_600_000;
/** SLA colour: amber under 12 hours left, red once overdue. */
export function slaTone(dueAtMs: number, nowMs: number): Tone {
  const left = dueAtMs - nowMs;
  if (left < 0) return 'bad';
  if (left < 12 * HOUR) return 'warn';
  return 'ok';
}

/** Lease colour: amber in the last two minutes (heartbeats should have renewed it), red when lost. */
export function leaseTone(leaseExpiresAtMs: number | null, nowMs: number): Tone {
  if (leaseExpiresAtMs === null) return 'idle';
  const left = leaseExpiresAtMs - nowMs;
  if (left <= 0) return 'bad';
  if (left < 2 * 60_000) return 'warn';
  return 'ok';
}
