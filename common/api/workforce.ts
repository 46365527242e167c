/**
 * The supervisor's workforce view (GET /v1/workforce) and its two actions, release and reassign
 * (POST /v1/workforce/release, /v1/workforce/reassign). Computed by server/services/workforce.ts;
 * shown by src/features/workforce. docs/workforce.md says how each figure is computed.
 */
import { z } from 'zod';
import { ComplaintKindSchema, IdSchema, IsoDateTimeSchema } from '../domain';
import { QueueSchema } from './cases';

export const WorkforceQuerySchema = z.object({
  withinHours: z.coerce.number().int().min(1).max(168).default(24).describe('How far ahead an SLA counts as at risk (and an evidence deadline as due soon)'),
});
export type WorkforceQuery = z.input<typeof WorkforceQuerySchema>;

/** One case an arbitrator holds. `leaseExpiresAt` in the past: the lease lapsed and nobody took the case since. */
export const WorkforceHoldingSchema = z.object({
  caseId: z.string(),
  externalId: z.string(),
  kind: ComplaintKindSchema,
  queue: QueueSchema,
  status: z.string(),
  offline: z.boolean(),
  leaseExpiresAt: IsoDateTimeSchema.nullable(),
  dueAt: IsoDateTimeSchema,
});
export type WorkforceHolding = z.infer<typeof WorkforceHoldingSchema>;

export const WorkforceMemberSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.enum(['arbitrator', 'supervisor']),
  /** Cases under a live lease, online claims and offline checkouts. */
  online: z.number().int().min(0),
  offline: z.number().int().min(0),
  /** The soonest a live lease of theirs ends. */
  soonestLeaseExpiresAt: IsoDateTimeSchema.nullable(),
  /** Decisions they made since the day began (see `dayStartsAt`). */
  decidedToday: z.number().int().min(0),
  /** Their live leases, soonest ending first (at most `holdingsLimit`). */
  holdings: z.array(WorkforceHoldingSchema),
});
export type WorkforceMember = z.infer<typeof WorkforceMemberSchema>;

export const WorkforceSlaRowSchema = z.object({
  queue: QueueSchema,
  kind: ComplaintKindSchema,
  /** Open, due within the window, not yet overdue. */
  atRisk: z.number().int().min(0),
  overdue: z.number().int().min(0),
});

/** A case whose holder has no live lease: it lapsed (or the evidence wait ended) and nobody has taken it since. */
export const WorkforceLapsedSchema = z.object({
  caseId: z.string(),
  externalId: z.string(),
  kind: ComplaintKindSchema,
  queue: QueueSchema,
  holderId: z.string(),
  holderName: z.string(),
  leaseExpiredAt: IsoDateTimeSchema.nullable(),
  dueAt: IsoDateTimeSchema,
});

export const WorkforceEvidenceSchema = z.object({
  caseId: z.string(),
  externalId: z.string(),
  kind: ComplaintKindSchema,
  queue: QueueSchema,
  holderId: z.string().nullable(),
  holderName: z.string().nullable(),
  evidenceDueAt: IsoDateTimeSchema,
  overdue: z.boolean(),
});

export const WorkforceViewSchema = z.object({
  at: IsoDateTimeSchema,
  /** "Today" is the calendar day in this zone (the business calendar's: China Standard Time). */
  timeZone: z.string(),
  dayStartsAt: IsoDateTimeSchema,
  withinHours: z.number().int(),
  holdingsLimit: z.number().int(),
  members: z.array(WorkforceMemberSchema),
  sla: z.array(WorkforceSlaRowSchema),
  lapsed: z.object({ total: z.number().int().min(0), cases: z.array(WorkforceLapsedSchema) }),
  evidence: z.object({ overdue: z.number().int().min(0), dueSoon: z.number().int().min(0), cases: z.array(WorkforceEvidenceSchema) }),
});
export type WorkforceView = z.infer<typeof WorkforceViewSchema>;

export const WorkforceReleaseRequestSchema = z.object({ caseIds: z.array(IdSchema).min(1).max(200) });
export type WorkforceReleaseRequest = z.input<typeof WorkforceReleaseRequestSchema>;
export const WorkforceReassignRequestSchema = z.object({
  caseIds: z.array(IdSchema).min(1).max(200),
  toUserId: IdSchema.describe('An active arbitrator, other than the present holder of every case named'),
});
export type WorkforceReassignRequest = z.input<typeof WorkforceReassignRequestSchema>;

/**
 * Per case: done, or why not. `not_held`: nobody holds it (or it is no longer open);
 * `excluded`: the target decided it before and an appeal never goes back to them; `golden`: a QA
 * golden case belongs to the arbitrator it was inserted for; `not_found`: no such case.
 */
export const WORKFORCE_OUTCOMES = ['done', 'not_held', 'excluded', 'golden', 'not_found'] as const;
export const WorkforceActionResponseSchema = z.object({
  results: z.array(
    z.object({
      caseId: z.string(),
      externalId: z.string().nullable(),
      outcome: z.enum(WORKFORCE_OUTCOMES),
      /** Who held it before (for `done`). */
      fromUserId: z.string().nullable(),
      fromName: z.string().nullable(),
    }),
  ),
});
export type WorkforceActionResponse = z.infer<typeof WorkforceActionResponseSchema>;
export type WorkforceOutcome = (typeof WORKFORCE_OUTCOMES)[number];
