/**
 * What an arbitrator may ask of the parties, and why a case goes to a supervisor: the evidence
 * categories each kind of complaint can be missing, the parties a request can go to, the reasons
 * for an escalation, and the request's text as the parties read it (always in Chinese: the parties
 * are on a Chinese platform whatever language the arbitrator's screen is in).
 */
import { z } from 'zod';
import type { ComplaintKind } from './case';
import type { PartyRole } from './entities';

//#region Evidence requests
/** Who must answer, by their place in the complaint (the form names them by role: buyer, merchant…). */
export const EVIDENCE_PARTIES = ['complainant', 'respondent', 'both'] as const;
export const EvidencePartySchema = z.enum(EVIDENCE_PARTIES);
export type EvidenceParty = z.infer<typeof EvidencePartySchema>;

export const EVIDENCE_CATEGORIES = [
  'unboxing_video',
  'product_photos',
  'return_waybill',
  'outbound_waybill',
  'weighing_record',
  'chat_record',
  'call_record',
  'purchase_invoice',
  'brand_authorisation',
  'quality_report',
  'livestream_recording',
  'promotion_material',
  'payment_record',
  'delivery_proof',
  'warehouse_dispatch_record',
  'order_screenshots',
] as const;
export const EvidenceCategorySchema = z.enum(EVIDENCE_CATEGORIES);
export type EvidenceCategory = z.infer<typeof EvidenceCategorySchema>;

export const EVIDENCE_CATEGORY_LABELS: Readonly<Record<EvidenceCategory, { zh: string; en: string }>> = {
  unboxing_video: { zh: '完整开箱视频', en: 'Unboxing video' },
  product_photos: { zh: '商品实物照片', en: 'Photos of the item' },
  return_waybill: { zh: '退货物流单号及底单', en: 'Return waybill' },
  outbound_waybill: { zh: '发货物流底单', en: 'Outbound waybill' },
  weighing_record: { zh: '仓库称重记录', en: 'Warehouse weighing record' },
  chat_record: { zh: '完整聊天记录', en: 'Chat record' },
  call_record: { zh: '通话记录截图', en: 'Call log' },
  purchase_invoice: { zh: '进货发票或凭证', en: 'Purchase invoice' },
  brand_authorisation: { zh: '品牌授权书', en: 'Brand authorisation' },
  quality_report: { zh: '质检报告', en: 'Quality inspection report' },
  livestream_recording: { zh: '直播回放录屏', en: 'Livestream recording' },
  promotion_material: { zh: '宣传页面截图', en: 'Promotion screenshots' },
  payment_record: { zh: '实际支付凭证', en: 'Payment record' },
  delivery_proof: { zh: '签收凭证', en: 'Proof of delivery' },
  warehouse_dispatch_record: { zh: '仓库出库记录', en: 'Warehouse dispatch record' },
  order_screenshots: { zh: '订单详情截图', en: 'Order screenshots' },
};

/** The categories worth asking for, per kind, most useful first. */
export const EVIDENCE_CATEGORIES_BY_KIND: Readonly<Record<ComplaintKind, readonly EvidenceCategory[]>> = {
  abnormal_order: ['order_screenshots', 'payment_record', 'chat_record', 'delivery_proof'],
  abnormal_after_sales: ['unboxing_video', 'return_waybill', 'weighing_record', 'product_photos', 'chat_record'],
  abnormal_review: ['delivery_proof', 'chat_record', 'product_photos', 'order_screenshots'],
  abnormal_affiliate: ['livestream_recording', 'promotion_material', 'payment_record', 'chat_record'],
  quality: ['product_photos', 'unboxing_video', 'quality_report', 'chat_record'],
  not_as_described: ['product_photos', 'promotion_material', 'unboxing_video', 'chat_record'],
  counterfeit: ['purchase_invoice', 'brand_authorisation', 'product_photos', 'quality_report'],
  late_shipment: ['warehouse_dispatch_record', 'outbound_waybill', 'chat_record'],
  fake_shipment: ['outbound_waybill', 'warehouse_dispatch_record', 'delivery_proof', 'chat_record'],
  service_unreachable: ['call_record', 'chat_record'],
  false_advertising: ['livestream_recording', 'promotion_material', 'quality_report', 'payment_record'],
};

/** An evidence request as it was sent: the case shows it (with its countdown) while it is open. */
export const EvidenceRequestSchema = z.object({
  from: EvidencePartySchema,
  categories: z.array(EvidenceCategorySchema).default([]).describe('What was asked for; empty for requests sent by clients older than the categories'),
  request: z.string().describe('The text sent to the parties (Chinese)'),
  dueAt: z.string().describe('The deadline the server set: business days of mainland China under the case’s policy'),
});
export type EvidenceRequest = z.infer<typeof EvidenceRequestSchema>;

/** A party's role in the parties' own words. */
export const PARTY_ROLE_ZH: Readonly<Record<PartyRole, string>> = { user: '买家', merchant: '商家', affiliate: '带货者' };

/** The roles of a complaint's two sides (an abnormal-review complaint is a merchant's against a buyer). */
export type CaseRoles = { complainant: PartyRole; respondent: PartyRole };

/** Who a request goes to, in Chinese ("买家", "商家", "买家和商家"). */
export function requestPartyZh(from: EvidenceParty, roles: CaseRoles): string {
  if (from === 'both') return roles.complainant === roles.respondent ? '双方' : `${PARTY_ROLE_ZH[roles.complainant]}和${PARTY_ROLE_ZH[roles.respondent]}`;
  return PARTY_ROLE_ZH[roles[from]];
}

/**
 * The request as the parties read it, in Chinese: who must supply what, by when. The deadline is
 * shown as the parties' calendar shows it (China time), whatever the machine's time zone.
 */
export function evidenceRequestText(req: { from: EvidenceParty; categories: readonly EvidenceCategory[]; dueAt: Date; roles: CaseRoles }): string {
  const items = req.categories.map((c) => EVIDENCE_CATEGORY_LABELS[c].zh).join('、');
  return `请${requestPartyZh(req.from, req.roles)}于${chinaDeadline(req.dueAt)}前补充以下材料：${items || '与本次投诉相关的证据'}。逾期未提交的，将依据现有证据作出裁决。`;
}

/** "12月10日（周四）24:00" in China time. A deadline at 00:00 is the end of the day before, said as 24:00 of that day. */
export function chinaDeadline(d: Date): string {
  const cn = new Date(d.getTime() + 8 * 3_600_000);
  const midnight = cn.getUTCHours() === 0 && cn.getUTCMinutes() === 0;
  const day = midnight ? new Date(cn.getTime() - 86_400_000) : cn;
  const time = midnight ? '24:00' : `${String(cn.getUTCHours()).padStart(2, '0')}:${String(cn.getUTCMinutes()).padStart(2, '0')}`;
  return `${day.getUTCMonth() + 1}月${day.getUTCDate()}日（周${'日一二三四五六'[day.getUTCDay()] ?? ''}）${time}`;
}
//#endregion

//#region Escalations
/** Why a case goes to a supervisor. sync_conflict is set by the conflicts screen, not offered in the form. */
export const ESCALATION_REASONS = [
  'suspected_fraud_ring',
  'policy_unclear',
  'beyond_authority',
  'legal_or_safety',
  'conflict_of_interest',
  'contradictory_evidence',
  'sync_conflict',
  'other',
] as const;
export const EscalationReasonSchema = z.enum(ESCALATION_REASONS);
export type EscalationReason = z.infer<typeof EscalationReasonSchema>;
export const ESCALATION_FORM_REASONS: readonly EscalationReason[] = ESCALATION_REASONS.filter((r) => r !== 'sync_conflict');

export const ESCALATION_REASON_LABELS: Readonly<Record<EscalationReason, { zh: string; en: string }>> = {
  suspected_fraud_ring: { zh: '疑似团伙作案，需要合并处理', en: 'Suspected fraud ring: decide together' },
  policy_unclear: { zh: '规则没有明确规定', en: 'The policy does not cover it' },
  beyond_authority: { zh: '超出本人权限（大额或严重处罚）', en: 'Beyond my authority (large amount or severe penalty)' },
  legal_or_safety: { zh: '涉及法律或人身安全风险', en: 'Legal or personal-safety risk' },
  conflict_of_interest: { zh: '本人需要回避', en: 'Conflict of interest' },
  contradictory_evidence: { zh: '证据相互矛盾，无法判断', en: 'Contradictory evidence' },
  sync_conflict: { zh: '离线裁决与服务器状态冲突', en: 'An offline decision conflicts with the server' },
  other: { zh: '其他（请说明）', en: 'Other (explain)' },
};

/** Whether an escalation says enough: a category, and for "other" the words that explain it. */
export function escalationProblem(e: { category: EscalationReason | null; reason: string }): 'escalation_reason_required' | 'escalation_text_required' | null {
  if (e.category === null) return 'escalation_reason_required';
  if (e.category === 'other' && e.reason.trim() === '') return 'escalation_text_required';
  return null;
}
//#endregion
