/**
 * The shared macros a fresh database starts with (migration 12): for each kind the decisions its
 * cases most often end in, each a whole action (verdict, reason codes, remedies, a note with the
 * case's values) and a few that open an evidence request or an escalation instead. They replace the
 * old numbered templates that only filled the note. Supervisors edit the list from there
 * (server/services/macros.ts); changing this list later changes no database that has run migration 12.
 */
import type { MacroAction } from '@common/rules';
import type { ComplaintKind, Remedy, Verdict } from '@common/domain';

export type DefaultMacro = { id: string; kind: ComplaintKind; name: string; verdict: Verdict; reasonCodes: string[]; remedies: Remedy[]; note: string; action: MacroAction | null };

const m = (id: string, kind: ComplaintKind, name: string, verdict: Verdict, reasonCodes: string[], remedies: Remedy[], note: string, action: MacroAction | null = null): DefaultMacro => ({ id, kind, name, verdict, reasonCodes, remedies, note, action });
const noProof = (id: string, kind: ComplaintKind): DefaultMacro => m(id, kind, '证据不足→驳回', 'rejected', ['INSUFFICIENT_EVIDENCE'], ['no_action'], '经核查，现有证据不足以支持{{complainant}}的投诉，驳回投诉。');

export const DEFAULT_MACROS: readonly DefaultMacro[] = [
  m('m-ao-farming', 'abnormal_order', '集中下单刷佣·证据充分→支持', 'upheld', ['AO_COMMISSION_FARMING'], ['recover_commission', 'restrict_user'], '{{buyer}}通过推广链接集中下单（订单 {{orderId}}，合计 {{amount}}），佣金结算后申请退款，追回佣金并限制该账号。'),
  m('m-ao-ring', 'abnormal_order', '同址团伙下单→升级主管', 'upheld', ['AO_ADDRESS_RING'], ['recover_commission', 'restrict_user'], '多个账号使用同一收货地址集中下单，疑似团伙作案。', { type: 'escalate', category: 'suspected_fraud_ring' }),
  noProof('m-ao-reject', 'abnormal_order'),
  m('m-as-empty', 'abnormal_after_sales', '空包退货·证据充分→支持', 'upheld', ['AS_EMPTY_PARCEL'], ['compensate_merchant', 'restrict_user'], '退货包裹称重与发货重量明显不符，{{buyer}}退回的{{product}}不完整，赔付{{merchant}}并限制该买家。'),
  m('m-as-video', 'abnormal_after_sales', '缺开箱视频→请商家补充', 'upheld', ['AS_EMPTY_PARCEL'], ['compensate_merchant'], '', { type: 'request_evidence', from: 'complainant', categories: ['unboxing_video', 'weighing_record'] }),
  noProof('m-as-reject', 'abnormal_after_sales'),
  m('m-ar-logistics', 'abnormal_review', '差评只怪物流→删除评价', 'upheld', ['AR_LOGISTICS_BLAME'], ['remove_review'], '该评价内容针对物流，与{{product}}本身无关，删除该评价。'),
  m('m-ar-genuine', 'abnormal_review', '评价属实→驳回', 'rejected', ['NOT_RESPONDENT_FAULT'], ['no_action'], '{{buyer}}的评价描述了真实的购买体验，不予删除。'),
  m('m-af-false', 'abnormal_affiliate', '直播宣传与规格不符→处罚带货者', 'upheld', ['AF_FALSE_CLAIM'], ['penalize_affiliate', 'recover_commission'], '直播中对{{product}}的宣传与商品规格不符，{{affiliate}}应承担责任。'),
  noProof('m-af-reject', 'abnormal_affiliate'),
  m('m-qu-defect', 'quality', '质量问题·照片属实→退货退款', 'upheld', ['QU_DEFECT_CONFIRMED'], ['return_and_refund'], '{{buyer}}提供的照片显示{{product}}存在质量问题，支持退货退款 {{amount}}。'),
  m('m-qu-photos', 'quality', '缺实物照片→请买家补充', 'upheld', ['QU_DEFECT_CONFIRMED'], ['return_and_refund'], '', { type: 'request_evidence', from: 'complainant', categories: ['product_photos', 'unboxing_video'] }),
  m('m-qu-user', 'quality', '人为损坏→驳回', 'rejected', ['QU_USER_DAMAGE'], ['no_action'], '照片显示的损坏符合使用不当的特征，不属于质量问题。'),
  m('m-nd-spec', 'not_as_described', '规格与描述不符→退货退款', 'upheld', ['ND_SPEC_MISMATCH'], ['return_and_refund'], '{{product}}的实物与商品详情页描述不一致，支持退货退款。'),
  m('m-nd-tolerance', 'not_as_described', '差异在合理范围→驳回', 'rejected', ['ND_WITHIN_TOLERANCE'], ['no_action'], '实物与描述的差异在合理误差范围内。'),
  m('m-cf-noauth', 'counterfeit', '无品牌授权→退款并扣保证金', 'upheld', ['CF_NO_AUTHORISATION'], ['refund_buyer', 'deduct_deposit'], '{{merchant}}未能提供{{product}}的品牌授权或进货凭证，退款 {{amount}} 并扣除保证金。'),
  m('m-cf-proof', 'counterfeit', '缺进货凭证→请商家补充', 'upheld', ['CF_NO_AUTHORISATION'], ['refund_buyer', 'deduct_deposit'], '', { type: 'request_evidence', from: 'respondent', categories: ['purchase_invoice', 'brand_authorisation'] }),
  m('m-cf-authentic', 'counterfeit', '正品凭证齐全→驳回', 'rejected', ['CF_AUTHENTIC'], ['no_action'], '{{merchant}}已提供完整的进货凭证和品牌授权。'),
  m('m-ls-late', 'late_shipment', '超时发货·轨迹为证→退款并警告', 'upheld', ['LS_SHIPPED_LATE'], ['refund_buyer', 'warn'], '订单 {{orderId}} 超过承诺发货时间才揽收，{{merchant}}超时发货。'),
  m('m-ls-force', 'late_shipment', '不可抗力→驳回', 'rejected', ['LS_FORCE_MAJEURE'], ['no_action'], '发货延误由不可抗力造成，{{merchant}}已及时告知{{buyer}}。'),
  m('m-fs-nomove', 'fake_shipment', '揽收后无轨迹→退款并扣保证金', 'upheld', ['FS_NO_MOVEMENT'], ['refund_buyer', 'deduct_deposit'], '订单 {{orderId}} 的物流揽收后没有真实运输轨迹，{{merchant}}虚假发货。'),
  noProof('m-fs-reject', 'fake_shipment'),
  m('m-su-noanswer', 'service_unreachable', '客服多次未接→退款并警告', 'upheld', ['SU_NO_ANSWER'], ['refund_buyer', 'warn'], '{{buyer}}多次联系{{merchant}}客服未获回应。'),
  m('m-su-reachable', 'service_unreachable', '客服已回应→驳回', 'rejected', ['SU_REACHABLE'], ['no_action'], '通话与聊天记录显示{{merchant}}客服已及时回应。'),
  m('m-fa-spec', 'false_advertising', '宣传与规格矛盾→退款并扣保证金', 'upheld', ['FA_CLAIM_CONTRADICTS_SPEC'], ['refund_buyer', 'deduct_deposit'], '宣传内容与{{product}}的实际规格不符，构成虚假宣传。'),
  m('m-fa-unclear', 'false_advertising', '宣传口径不明→升级主管', 'upheld', ['FA_CLAIM_CONTRADICTS_SPEC'], ['refund_buyer'], '', { type: 'escalate', category: 'policy_unclear' }),
  noProof('m-fa-reject', 'false_advertising'),
];

const quote = (s: string | null): string => (s === null ? 'null' : `'${s.replaceAll("'", "''")}'`);

/** The insert of the defaults, as migration SQL (fixed ids: a database that has them keeps its edits). */
export function defaultMacrosSql(): string {
  const rows = DEFAULT_MACROS.map(
    (d, i) =>
      `(${quote(d.id)}, ${quote(d.name)}, ${quote(d.kind)}, 'shared', null, ${quote(d.verdict)}, ${quote(JSON.stringify(d.reasonCodes))}::jsonb, ${quote(JSON.stringify(d.remedies))}::jsonb, ${quote(d.note)}, ${d.action ? `${quote(JSON.stringify(d.action))}::jsonb` : 'null'}, ${i * 10})`,
  );
  return `insert into macros (id, name, kind, scope, owner_id, verdict, reason_codes, remedies, note, action, position) values ${rows.join(', ')} on conflict (id) do nothing`;
}
