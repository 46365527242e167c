import type { EvidenceRef } from '../domain/case';

export const SEVERITIES = ['critical', 'warn', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, warn: 1, info: 2 };

export const ELIGIBILITY_CODES = ['ORDER_OUTSIDE_WINDOW', 'REVIEW_OUTSIDE_WINDOW', 'MISSING_REQUIRED_EVIDENCE'] as const;
export const FINDING_CODES = [
  'DELIVERED_BEFORE_PICKUP',
  'NO_MOVEMENT_AFTER_PICKUP',
  'WEIGHT_SHORTFALL',
  'EVENTS_OUT_OF_ORDER',
  'IMPOSSIBLE_TRANSIT',
  'TRACKING_REUSED',
  'DESTINATION_MISMATCH',
  'SHIP_TIMEOUT',
  'REVIEW_BEFORE_DELIVERY',
  'REVIEW_BLAMES_LOGISTICS',
  'REVIEW_DUPLICATE_TEXT',
  'REVIEW_CONTACT_INFO',
  'ABSOLUTE_TERM',
  'CLAIM_CONTRADICTS_SPEC',
  'PRICE_CLAIM_MISMATCH',
  'HIGH_REFUND_RATE',
  'SHARED_ADDRESS_RING',
  'REFUND_AFTER_COMMISSION',
  'SERIAL_COMPLAINANT',
  'SERVICE_UNREACHABLE',
] as const;
export const ALL_CODES = [...ELIGIBILITY_CODES, ...FINDING_CODES] as const;
export type EligibilityCode = (typeof ELIGIBILITY_CODES)[number];
export type FindingCode = (typeof ALL_CODES)[number];

/** Fixed severity per code: a code means the same thing in every case, so the UI can learn it. */
export const CODE_SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  ORDER_OUTSIDE_WINDOW: 'critical',
  REVIEW_OUTSIDE_WINDOW: 'critical',
  MISSING_REQUIRED_EVIDENCE: 'critical',
  DELIVERED_BEFORE_PICKUP: 'critical',
  NO_MOVEMENT_AFTER_PICKUP: 'critical',
  WEIGHT_SHORTFALL: 'critical',
  EVENTS_OUT_OF_ORDER: 'warn',
  IMPOSSIBLE_TRANSIT: 'critical',
  TRACKING_REUSED: 'critical',
  DESTINATION_MISMATCH: 'warn',
  SHIP_TIMEOUT: 'critical',
  REVIEW_BEFORE_DELIVERY: 'critical',
  REVIEW_BLAMES_LOGISTICS: 'warn',
  REVIEW_DUPLICATE_TEXT: 'warn',
  REVIEW_CONTACT_INFO: 'warn',
  ABSOLUTE_TERM: 'warn',
  CLAIM_CONTRADICTS_SPEC: 'critical',
  PRICE_CLAIM_MISMATCH: 'warn',
  HIGH_REFUND_RATE: 'warn',
  SHARED_ADDRESS_RING: 'critical',
  REFUND_AFTER_COMMISSION: 'warn',
  SERIAL_COMPLAINANT: 'info',
  SERVICE_UNREACHABLE: 'critical',
};

/**
 * Which way a finding points, relative to the complaint. A finding that implicates the respondent
 * supports the complaint; one that implicates the complainant (or makes the case ineligible)
 * undermines it. Decision validation uses this to define "a verdict against a critical finding".
 */
export type Stance = 'supports_complaint' | 'undermines_complaint' | 'neutral';

export type Finding = {
  code: FindingCode;
  severity: Severity;
  message_zh: string;
  message_en: string;
  /** The exact evidence items that triggered the finding, for highlighting. */
  refs: EvidenceRef[];
  stance: Stance;
  /** Party ids whose conduct the finding concerns. */
  implicatedPartyIds: string[];
  /** Machine-readable figures (count, ratio, speed…) for display and what-if comparisons. */
  data?: Record<string, number | string>;
};

export type Assessment = {
  /** True when no eligibility finding was raised. */
  eligible: boolean;
  eligibility: Finding[];
  findings: Finding[];
  /** Policy version the assessment was made under. */
  policyVersion: string;
  /** Assessment time, ISO-8601 UTC. */
  at: string;
};

/** Short titles per code for chips and filters (the finding's own message carries the details). */
export const CODE_LABELS: Readonly<Record<FindingCode, { zh: string; en: string }>> = {
  ORDER_OUTSIDE_WINDOW: { zh: '订单超出投诉时效', en: 'Order outside window' },
  REVIEW_OUTSIDE_WINDOW: { zh: '评价超出投诉时效', en: 'Review outside window' },
  MISSING_REQUIRED_EVIDENCE: { zh: '缺少必要证据', en: 'Missing required evidence' },
  DELIVERED_BEFORE_PICKUP: { zh: '揽收前已签收', en: 'Delivered before pickup' },
  NO_MOVEMENT_AFTER_PICKUP: { zh: '揽收后无轨迹', en: 'No movement after pickup' },
  WEIGHT_SHORTFALL: { zh: '包裹重量不足', en: 'Weight shortfall' },
  EVENTS_OUT_OF_ORDER: { zh: '物流时间倒序', en: 'Events out of order' },
  IMPOSSIBLE_TRANSIT: { zh: '不可能的运输速度', en: 'Impossible transit' },
  TRACKING_REUSED: { zh: '运单号重复使用', en: 'Tracking number reused' },
  DESTINATION_MISMATCH: { zh: '签收地不符', en: 'Destination mismatch' },
  SHIP_TIMEOUT: { zh: '发货超时', en: 'Ship timeout' },
  REVIEW_BEFORE_DELIVERY: { zh: '签收前评价', en: 'Review before delivery' },
  REVIEW_BLAMES_LOGISTICS: { zh: '因物流差评', en: 'Review blames logistics' },
  REVIEW_DUPLICATE_TEXT: { zh: '重复评价内容', en: 'Duplicate review text' },
  REVIEW_CONTACT_INFO: { zh: '评价含联系方式', en: 'Contact info in review' },
  ABSOLUTE_TERM: { zh: '绝对化用语', en: 'Absolute terms' },
  CLAIM_CONTRADICTS_SPEC: { zh: '宣传与规格不符', en: 'Claim contradicts spec' },
  PRICE_CLAIM_MISMATCH: { zh: '宣传价格不符', en: 'Price claim mismatch' },
  HIGH_REFUND_RATE: { zh: '高退款率', en: 'High refund rate' },
  SHARED_ADDRESS_RING: { zh: '同地址多账号', en: 'Shared-address ring' },
  REFUND_AFTER_COMMISSION: { zh: '佣金结算后退款', en: 'Refund after commission' },
  SERIAL_COMPLAINANT: { zh: '频繁投诉', en: 'Serial complainant' },
  SERVICE_UNREACHABLE: { zh: '客服失联', en: 'Service unreachable' },
};
