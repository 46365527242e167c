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
