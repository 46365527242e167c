import type { ComplaintKind, Remedy } from '../domain/case';
import { PolicySchema, type Policy, type PolicyInput, type ReasonCode } from './schema';

type V = ReasonCode['verdicts'];
const UP: V = ['upheld', 'partially_upheld'];
const REJ: V = ['rejected'];
const rc = (code: string, zh: string, en: string, verdicts: V): ReasonCode => ({ code, zh, en, verdicts });

/** Shared rejection reasons; every kind offers them so that "not established" is always expressible. */
const REJECT_COMMON: ReasonCode[] = [
  rc('INSUFFICIENT_EVIDENCE', '证据不足', 'Insufficient evidence', REJ),
  rc('OUTSIDE_WINDOW', '超出投诉时效', 'Outside the complaint window', REJ),
  rc('NOT_RESPONDENT_FAULT', '非被投诉方责任', 'Not the respondent’s fault', REJ),
];

const reasonCodes: Record<ComplaintKind, ReasonCode[]> = {
  abnormal_order: [
    rc('AO_COMMISSION_FARMING', '通过推广链接骗取佣金', 'Commission farming through affiliate links', UP),
    rc('AO_MALICIOUS_ORDERS', '恶意下单', 'Malicious orders', UP),
    rc('AO_NON_GENUINE_PURCHASE', '非真实购买', 'Non-genuine purchase', UP),
    rc('AO_ADDRESS_RING', '同地址多账号下单', 'Several accounts ordering to one address', UP),
    ...REJECT_COMMON,
  ],
  abnormal_after_sales: [
    rc('AS_EMPTY_PARCEL', '退回空包', 'Returned parcel was empty', UP),
    rc('AS_SHORT_PARCEL', '退回少件', 'Returned parcel was short', UP),
    rc('AS_SWAPPED_ITEM', '退回商品被调包', 'Returned item was swapped', UP),
    rc('AS_FAKE_RETURN_LOGISTICS', '虚假退货物流', 'Fake return logistics', UP),
    ...REJECT_COMMON,
  ],
  abnormal_review: [
    rc('AR_UNRELATED_TO_EXPERIENCE', '评价与真实体验无关', 'Review unrelated to the real experience', UP),
    rc('AR_LOGISTICS_BLAME', '因物流原因给商家差评', 'Bad review for the courier’s fault', UP),
    rc('AR_BEFORE_DELIVERY', '收货前评价', 'Review written before delivery', UP),
    rc('AR_SPAM_OR_CONTACT', '重复内容或引流信息', 'Duplicate text or contact info (引流)', UP),
    ...REJECT_COMMON,
  ],
  abnormal_affiliate: [
    rc('AF_FALSE_CLAIM', '带货者虚假宣传', 'Affiliate made false claims', UP),
    rc('AF_ABSOLUTE_TERMS', '使用绝对化用语', 'Affiliate used absolute terms', UP),
    rc('AF_PRICE_MISREPRESENTED', '价格宣传不实', 'Price misrepresented', UP),
    ...REJECT_COMMON,
  ],
  quality: [
    rc('QU_DEFECT_CONFIRMED', '质量缺陷属实', 'Defect confirmed', UP),
    rc('QU_DAMAGED_IN_TRANSIT', '运输途中损坏', 'Damaged in transit', UP),
    rc('QU_USER_DAMAGE', '人为损坏', 'Damage caused by the user', REJ),
    ...REJECT_COMMON,
  ],
  not_as_described: [
    rc('ND_SPEC_MISMATCH', '规格参数与描述不符', 'Specification differs from the listing', UP),
    rc('ND_APPEARANCE_MISMATCH', '外观与描述不符', 'Appearance differs from the listing', UP),
    rc('ND_WITHIN_TOLERANCE', '差异在合理范围内', 'Difference within tolerance', REJ),
    ...REJECT_COMMON,
  ],
  counterfeit: [
    rc('CF_BRAND_CONFIRMED_FAKE', '品牌方鉴定为假', 'Brand owner confirmed counterfeit', UP),
    rc('CF_NO_AUTHORISATION', '无法提供授权或进货凭证', 'No authorisation or purchase proof', UP),
    rc('CF_AUTHENTIC', '商品为正品', 'Item is authentic', REJ),
    ...REJECT_COMMON,
  ],
  late_shipment: [
    rc('LS_SHIPPED_LATE', '超时发货', 'Shipped after the deadline', UP),
    rc('LS_NOT_SHIPPED', '未发货', 'Not shipped', UP),
    rc('LS_FORCE_MAJEURE', '不可抗力', 'Force majeure', REJ),
    ...REJECT_COMMON,
  ],
  fake_shipment: [
    rc('FS_NO_MOVEMENT', '揽收后无物流轨迹', 'No movement after pickup', UP),
    rc('FS_INVALID_TRACKING', '单号无效或重复使用', 'Invalid or reused tracking number', UP),
    rc('FS_IMPOSSIBLE_TRACE', '物流轨迹异常', 'Impossible trace', UP),
    ...REJECT_COMMON,
  ],
  service_unreachable: [
    rc('SU_NO_ANSWER', '客服多次未接听', 'Service did not answer repeatedly', UP),
    rc('SU_NO_REPLY', '客服长时间未回复', 'Service did not reply for a long time', UP),
    rc('SU_REACHABLE', '客服可联系', 'Service was reachable', REJ),
    ...REJECT_COMMON,
  ],
  false_advertising: [
    rc('FA_CLAIM_CONTRADICTS_SPEC', '宣传与规格不符', 'Claim contradicts the specification', UP),
    rc('FA_ABSOLUTE_TERMS', '使用绝对化用语', 'Absolute terms used', UP),
    rc('FA_PRICE_MISREPRESENTED', '价格宣传不实', 'Price misrepresented', UP),
    ...REJECT_COMMON,
  ],
};

const remediesByKind: Record<ComplaintKind, Remedy[]> = {
  abnormal_order: ['recover_commission', 'compensate_merchant', 'restrict_user', 'penalize_affiliate', 'warn', 'no_action'],
  abnormal_after_sales: ['compensate_merchant', 'restrict_user', 'warn', 'no_action'],
  abnormal_review: ['remove_review', 'restrict_user', 'warn', 'no_action'],
  abnormal_affiliate: ['penalize_affiliate', 'recover_commission', 'compensate_merchant', 'warn', 'no_action'],
  quality: ['refund_buyer', 'return_and_refund', 'deduct_deposit', 'warn', 'no_action'],
  not_as_described: ['refund_buyer', 'return_and_refund', 'deduct_deposit', 'warn', 'no_action'],
  counterfeit: ['refund_buyer', 'return_and_refund', 'deduct_deposit', 'warn', 'no_action'],
  late_shipment: ['refund_buyer', 'deduct_deposit', 'warn', 'no_action'],
  fake_shipment: ['refund_buyer', 'deduct_deposit', 'warn', 'no_action'],
  service_unreachable: ['refund_buyer', 'deduct_deposit', 'warn', 'no_action'],
  false_advertising: ['refund_buyer', 'return_and_refund', 'penalize_affiliate', 'deduct_deposit', 'warn', 'no_action'],
};

const input = {
  version: '2026.1',
  effectiveFrom: '2026-01-01T00:00:00+08:00',
  description: 'Default policy: thresholds from the platform rulebook (DOMAIN.md).',
  thresholds: {
    orderWindowDays: 90,
    reviewWindowDays: 180,
    noMovementHours: 48,
    weightShortfallRatio: 0.5,
    maxTransitKmh: 1000,
    shipTimeoutMax: 3,
    claimSpecTolerance: 0.05,
    priceClaimToleranceFen: 100,
    highRefundMinOrders: 5,
    highRefundRate: 0.6,
    refundLookbackDays: 90,
    ringMinBuyers: 3,
    ringWindowDays: 30,
    serialMinComplaints: 5,
    serialLookbackDays: 90,
    unreachableMinCalls: 3,
    unreachableWindowHours: 24,
    reviewBlameMaxRating: 2,
    duplicateReviewMinOthers: 2,
  },
  leases: { normalMinutes: 10, offlineHours: 8, offlineMaxCases: 50 },
  sla: { merchantAnswerBusinessDays: 3, decisionHours: 48, appealWindowDays: 30 },
  absoluteTerms: [
    '最', '最佳', '最低价', '最高级', '最先进', '全网最低', '史上最低', '第一', '全网第一', '销量第一', 'NO.1', 'TOP1',
    '唯一', '独一无二', '国家级', '世界级', '顶级', '极品', '100%有效', '百分百有效', '万能', '根治', '永久', '绝对', '首选',
  ],
  // Everyday words that contain an absolute term but make no superlative claim.
  absoluteTermExceptions: ['最近', '最后', '最终', '最初', '最早', '最晚', '第一次', '第一天', '第一时间', '第一个'],
  logisticsKeywords: [
    '快递', '物流', '派送', '配送', '送货', '快递员', '太慢', '送得慢', '到货慢', '发货慢', '派件', '驿站', '丢件', '签收', '包装破损', '运输',
  ],
  priceClaimMarkers: ['只要', '到手价', '到手', '仅需', '只需', '直播价', '秒杀价', '只卖'],
  reasonCodes,
  remediesByKind,
} satisfies PolicyInput;

/** The default policy, validated once at load so a bad edit fails loudly in tests, not in a case. */
export const DEFAULT_POLICY: Policy = PolicySchema.parse(input);
