import { z } from 'zod';
import { CaseSchema, PriorComplaintSchema } from './case';
import {
  CallSchema,
  ChatLogSchema,
  ClaimExcerptSchema,
  LivestreamSessionSchema,
  MediaRefSchema,
  OrderSchema,
  PartySchema,
  ProductSpecSchema,
  ReviewSchema,
  TraceSchema,
} from './entities';

export const BUNDLE_SCHEMA_VERSION = 1;

/**
 * The unit of import and of local storage: a case plus everything needed to judge it offline.
 * Orders include both parties' recent history (90+ days) so that refund-rate, ring and serial rules
 * run without a network round trip.
 */
export const CaseBundleSchema = z
  .object({
    schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION).default(BUNDLE_SCHEMA_VERSION),
    case: CaseSchema,
    parties: z.array(PartySchema).min(1),
    orders: z.array(OrderSchema).default([]),
    traces: z.array(TraceSchema).default([]),
    reviews: z.array(ReviewSchema).default([]),
    sessions: z.array(LivestreamSessionSchema).default([]),
    excerpts: z.array(ClaimExcerptSchema).default([]),
    specs: z.array(ProductSpecSchema).default([]),
    chats: z.array(ChatLogSchema).default([]),
    calls: z.array(CallSchema).default([]),
    media: z.array(MediaRefSchema).default([]),
    priorComplaints: z.array(PriorComplaintSchema).default([]),
  })
  .superRefine((b, ctx) => {
    // Referential integrity that would otherwise surface as a confusing rule result.
    const partyIds = new Set(b.parties.map((p) => p.id));
    if (!partyIds.has(b.case.complainantId))
      ctx.addIssue({ code: 'custom', path: ['case', 'complainantId'], message: `complainant "${b.case.complainantId}" is not in parties` });
    if (!partyIds.has(b.case.respondentId))
      ctx.addIssue({ code: 'custom', path: ['case', 'respondentId'], message: `respondent "${b.case.respondentId}" is not in parties` });
    const seen = new Set<string>();
    b.orders.forEach((o, i) => {
      if (seen.has(o.id)) ctx.addIssue({ code: 'custom', path: ['orders', i, 'id'], message: `duplicate order id "${o.id}"` });
      seen.add(o.id);
    });
  })
  .describe('Gavel case bundle: a complaint case with all evidence needed to judge it');
export type CaseBundle = z.infer<typeof CaseBundleSchema>;
/** What a producer may send (defaults not yet applied). */
export type CaseBundleInput = z.input<typeof CaseBundleSchema>;
