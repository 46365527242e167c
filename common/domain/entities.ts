import { z } from 'zod';
import { FenSchema, GramsSchema, IdSchema, IsoDateTimeSchema } from './primitives';

//#region Parties
export const PARTY_ROLES = ['user', 'merchant', 'affiliate'] as const;
export const PartyRoleSchema = z.enum(PARTY_ROLES);
export type PartyRole = z.infer<typeof PartyRoleSchema>;

export const AddressSchema = z
  .object({
    province: z.string().min(1).describe('省/直辖市, e.g. 广东省'),
    city: z.string().min(1).describe('City name as used by the city table, e.g. 深圳市 or 深圳'),
    district: z.string().optional().describe('区/县'),
    line: z.string().optional().describe('Street address as the buyer typed it'),
    normalised: z
      .string()
      .min(1)
      .describe('Platform-normalised full address; rings of buyers are detected on this string'),
  })
  .describe('A postal address');
export type Address = z.infer<typeof AddressSchema>;

export const PartySchema = z
  .object({
    id: IdSchema,
    role: PartyRoleSchema,
    displayName: z.string().min(1),
    accountCreatedAt: IsoDateTimeSchema.describe('Account age is derived from this'),
    starRating: z.number().min(1).max(5).optional().describe('Affiliates only: 1–5 stars'),
    shopName: z.string().optional().describe('Merchants only'),
    returnAddress: AddressSchema.optional().describe('Merchants: the return warehouse; DESTINATION_MISMATCH for returns uses its city'),
    phoneMasked: z.string().optional().describe('Masked phone, e.g. 138****1234'),
  })
  .describe('A user, merchant or affiliate');
export type Party = z.infer<typeof PartySchema>;
//#endregion

//#region Orders
export const OrderItemSchema = z.object({
  sku: IdSchema,
  name: z.string().min(1),
  qty: z.number().int().min(1).max(100_000),
  unitPriceFen: FenSchema.describe('Listed unit price at order time'),
  unitWeightG: GramsSchema.describe('Unit shipping weight; the expected outbound parcel weight is Σ qty × unitWeightG'),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const RefundSchema = z.object({
  amountFen: FenSchema,
  at: IsoDateTimeSchema.describe('When the refund was requested'),
  reason: z.string(),
});
export type Refund = z.infer<typeof RefundSchema>;

export const OrderSchema = z
  .object({
    id: IdSchema,
    buyerId: IdSchema,
    merchantId: IdSchema,
    affiliateId: IdSchema.optional().describe('Affiliate whose link was used, if any'),
    items: z.array(OrderItemSchema).min(1),
    paidFen: FenSchema.describe('Amount actually paid for the whole order, after discounts'),
    createdAt: IsoDateTimeSchema,
    shipBy: IsoDateTimeSchema.describe('Deadline for the carrier pickup'),
    shippingAddress: AddressSchema,
    refunds: z.array(RefundSchema).default([]),
    commissionFen: FenSchema.optional(),
    commissionSettledAt: IsoDateTimeSchema.optional().describe('Affiliate orders: when the commission was settled'),
  })
  .describe('An order; bundles carry the subject orders and both parties\u2019 recent history');
export type Order = z.infer<typeof OrderSchema>;
//#endregion

//#region Logistics
export const TRACE_STATUSES = ['created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception'] as const;
export const TraceStatusSchema = z.enum(TRACE_STATUSES);
export type TraceStatus = z.infer<typeof TraceStatusSchema>;

/** Carriers we see most; other carriers are accepted as free text. */
export const KNOWN_CARRIERS = ['顺丰', '中通', '圆通', '韵达', '申通', '京东物流', '邮政'] as const;

export const TraceEventSchema = z.object({
  seq: z.number().int().min(0).describe('Carrier sequence number; events are ordered by it'),
  at: IsoDateTimeSchema,
  city: z.string().min(1).describe('City of the scan (中文 or pinyin)'),
  status: TraceStatusSchema,
  weightGrams: GramsSchema.optional().describe('Measured parcel weight at this scan, if weighed'),
  description: z.string().optional().describe('Carrier text, e.g. 快件已由【深圳宝安网点】揽收'),
});
export type TraceEvent = z.infer<typeof TraceEventSchema>;

export const TRACE_DIRECTIONS = ['outbound', 'return'] as const;
export const TraceSchema = z
  .object({
    trackingNumber: z.string().min(4).max(64),
    carrier: z.string().min(1).describe(`Carrier name, e.g. ${KNOWN_CARRIERS.join(', ')}`),
    direction: z.enum(TRACE_DIRECTIONS),
    orderId: IdSchema,
    declaredWeightG: GramsSchema.optional(),
    events: z.array(TraceEventSchema),
  })
  .describe('A logistics trace for one parcel');
export type Trace = z.infer<typeof TraceSchema>;
//#endregion

//#region Reviews, livestreams, specs
export const ReviewSchema = z.object({
  id: IdSchema,
  orderId: IdSchema,
  authorId: IdSchema,
  rating: z.number().int().min(1).max(5),
  text: z.string().max(10_000),
  createdAt: IsoDateTimeSchema,
  mediaIds: z.array(IdSchema).default([]),
});
export type Review = z.infer<typeof ReviewSchema>;

export const TranscriptSegmentSchema = z.object({
  startSec: z.number().min(0),
  endSec: z.number().min(0),
  text: z.string().max(10_000),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegmentSchema>;

export const LivestreamSessionSchema = z.object({
  id: IdSchema,
  affiliateId: IdSchema,
  title: z.string().optional(),
  startedAt: IsoDateTimeSchema,
  segments: z.array(TranscriptSegmentSchema).describe('Refs point at a segment by its index in this array'),
  productsShown: z.array(IdSchema).default([]).describe('SKUs shown during the session'),
  recordingMediaId: IdSchema.optional(),
});
export type LivestreamSession = z.infer<typeof LivestreamSessionSchema>;

export const ClaimExcerptSchema = z
  .object({
    id: IdSchema,
    source: z.enum(['livestream', 'short_video', 'product_page', 'chat', 'other']),
    authorId: IdSchema.optional().describe('Who made the claim (affiliate or merchant)'),
    sessionId: IdSchema.optional(),
    text: z.string().min(1).max(10_000),
    at: IsoDateTimeSchema.optional(),
    productSku: IdSchema.optional(),
  })
  .describe('A claim quoted by the complainant when no full transcript exists');
export type ClaimExcerpt = z.infer<typeof ClaimExcerptSchema>;

export const SpecAttributeSchema = z.object({
  name: z.string().min(1).describe('Attribute name as it is spoken/written, e.g. 羊毛含量, 净含量'),
  value: z.union([z.number(), z.string()]),
  unit: z.string().optional().describe('e.g. %, g, ml, mAh'),
});
export type SpecAttribute = z.infer<typeof SpecAttributeSchema>;

export const ProductSpecSchema = z.object({
  sku: IdSchema,
  merchantId: IdSchema,
  name: z.string().min(1),
  category: z.string().optional(),
  listedPriceFen: FenSchema,
  attributes: z.array(SpecAttributeSchema).default([]),
});
export type ProductSpec = z.infer<typeof ProductSpecSchema>;
//#endregion

//#region Chats, calls, media
export const ChatMessageSchema = z.object({
  at: IsoDateTimeSchema,
  fromId: IdSchema,
  text: z.string().max(10_000),
  mediaIds: z.array(IdSchema).default([]),
});
export const ChatLogSchema = z.object({
  id: IdSchema,
  orderId: IdSchema.optional(),
  participantIds: z.array(IdSchema).min(1),
  messages: z.array(ChatMessageSchema),
});
export type ChatLog = z.infer<typeof ChatLogSchema>;

export const CallSchema = z
  .object({
    id: IdSchema,
    callerId: IdSchema,
    calleeId: IdSchema,
    at: IsoDateTimeSchema,
    answered: z.boolean(),
    durationSec: z.number().int().min(0).default(0),
    channel: z.enum(['phone', 'in_app', 'im_voice']).default('phone'),
  })
  .describe('One call attempt');
export type Call = z.infer<typeof CallSchema>;

export const MediaRefSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(['photo', 'video', 'audio', 'document']),
    purpose: z.enum(['unboxing', 'product', 'review', 'chat', 'livestream', 'other']).default('other'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits'),
    mimeType: z.string().min(1),
    bytes: z.number().int().min(0),
    uri: z.string().min(1).describe('Where main/ fetches it; fetched lazily and cached by sha256'),
    capturedAt: IsoDateTimeSchema.optional(),
    uploadedBy: IdSchema.optional(),
    caption: z.string().optional(),
  })
  .describe('A photo/video reference; the bytes are not in the bundle');
export type MediaRef = z.infer<typeof MediaRefSchema>;
//#endregion
