/**
 * The note snippets a fresh database starts with (migration 10): for every verdict a few sentences
 * that fit any kind, and for each kind the sentences its decisions most often need. Each is a start
 * the arbitrator finishes: against a critical finding a note must add their own words
 * (common/rules/decision.ts). Supervisors edit the list from there (server/services/snippets.ts);
 * changing this list later changes no database that has already run migration 10.
 */
import type { ComplaintKind, Verdict } from '@common/domain';

export type DefaultSnippet = { id: string; kind: ComplaintKind | null; verdict: Verdict | null; name: string; text: string };

export const DEFAULT_SNIPPETS: readonly DefaultSnippet[] = [
  { id: 'any-upheld-1', kind: null, verdict: 'upheld', name: '证据支持投诉', text: '经核查，被投诉方存在投诉所述问题，投诉成立。' },
  { id: 'any-upheld-2', kind: null, verdict: 'upheld', name: '未提供反证', text: '被投诉方在规定期限内未能提供有效反证。' },
  { id: 'any-partial-1', kind: null, verdict: 'partially_upheld', name: '部分属实', text: '投诉部分属实，按实际影响部分支持投诉方的诉求。' },
  { id: 'any-partial-2', kind: null, verdict: 'partially_upheld', name: '双方均有责任', text: '双方对本次纠纷均负有责任，按比例处理。' },
  { id: 'any-rejected-1', kind: null, verdict: 'rejected', name: '证据不足', text: '现有证据不足以支持投诉。' },
  { id: 'any-rejected-2', kind: null, verdict: 'rejected', name: '超出受理范围', text: '本投诉超出平台受理范围。' },
  { id: 'ao-1', kind: 'abnormal_order', verdict: 'upheld', name: '集中下单后退款', text: '{{buyer}}通过推广链接集中下单（订单 {{orderId}}，合计 {{amount}}），佣金结算后申请退款。' },
  { id: 'ao-2', kind: 'abnormal_order', verdict: 'rejected', name: '正常消费', text: '{{buyer}}的下单与退款记录符合正常消费习惯。' },
  { id: 'as-1', kind: 'abnormal_after_sales', verdict: 'upheld', name: '退货重量不符', text: '退货包裹称重与发货重量明显不符，{{buyer}}退回的{{product}}不完整。' },
  { id: 'as-2', kind: 'abnormal_after_sales', verdict: 'rejected', name: '开箱证据不足', text: '{{merchant}}未提供完整开箱视频，无法证明退回包裹有问题。' },
  { id: 'ar-1', kind: 'abnormal_review', verdict: 'upheld', name: '评价与商品无关', text: '该评价内容与{{product}}本身无关，属于对物流或其他第三方的不满。' },
  { id: 'ar-2', kind: 'abnormal_review', verdict: 'rejected', name: '评价属实', text: '{{buyer}}的评价描述了真实的购买体验，不予删除。' },
  { id: 'af-1', kind: 'abnormal_affiliate', verdict: 'upheld', name: '宣传与规格不符', text: '直播中对{{product}}的宣传与商品规格不符，{{affiliate}}应承担责任。' },
  { id: 'af-2', kind: 'abnormal_affiliate', verdict: 'rejected', name: '宣传在合理范围', text: '{{affiliate}}的直播宣传在合理范围内，与规格一致。' },
  { id: 'qu-1', kind: 'quality', verdict: 'upheld', name: '质量问题属实', text: '{{buyer}}提供的照片显示{{product}}存在质量问题，支持退款 {{amount}}。' },
  { id: 'qu-2', kind: 'quality', verdict: 'rejected', name: '人为损坏', text: '照片显示的损坏符合使用不当的特征，不属于质量问题。' },
  { id: 'nd-1', kind: 'not_as_described', verdict: 'upheld', name: '与描述不符', text: '{{product}}的实物与商品详情页描述不一致。' },
  { id: 'nd-2', kind: 'not_as_described', verdict: 'rejected', name: '差异在合理范围', text: '实物与描述的差异在合理误差范围内。' },
  { id: 'cf-1', kind: 'counterfeit', verdict: 'upheld', name: '无法提供授权', text: '{{merchant}}未能提供{{product}}的品牌授权或进货凭证。' },
  { id: 'cf-2', kind: 'counterfeit', verdict: 'rejected', name: '正品凭证齐全', text: '{{merchant}}已提供完整的进货凭证和品牌授权。' },
  { id: 'ls-1', kind: 'late_shipment', verdict: 'upheld', name: '超时发货', text: '订单 {{orderId}} 超过承诺发货时间仍未揽收，{{merchant}}超时发货。' },
  { id: 'ls-2', kind: 'late_shipment', verdict: 'rejected', name: '不可抗力', text: '发货延误由不可抗力造成，{{merchant}}已及时告知{{buyer}}。' },
  { id: 'fs-1', kind: 'fake_shipment', verdict: 'upheld', name: '物流无真实轨迹', text: '订单 {{orderId}} 的物流揽收后没有真实运输轨迹，{{merchant}}虚假发货。' },
  { id: 'fs-2', kind: 'fake_shipment', verdict: 'rejected', name: '物流正常', text: '物流轨迹连续、完整，包裹已正常送达。' },
  { id: 'su-1', kind: 'service_unreachable', verdict: 'upheld', name: '客服多次未接听', text: '{{buyer}}多次联系{{merchant}}客服未获回应。' },
  { id: 'su-2', kind: 'service_unreachable', verdict: 'rejected', name: '客服可联系', text: '通话与聊天记录显示{{merchant}}客服已及时回应。' },
  { id: 'fa-1', kind: 'false_advertising', verdict: 'upheld', name: '虚假宣传属实', text: '宣传内容与{{product}}的实际规格或价格不符，构成虚假宣传。' },
  { id: 'fa-2', kind: 'false_advertising', verdict: 'rejected', name: '宣传属实', text: '宣传内容与{{product}}的规格和实际支付价格一致。' },
];

const quote = (s: string | null): string => (s === null ? 'null' : `'${s.replaceAll("'", "''")}'`);

/** The insert of the defaults, as migration SQL (fixed ids: a database that has them keeps its edits). */
export function defaultSnippetsSql(): string {
  const rows = DEFAULT_SNIPPETS.map((d, i) => `(${quote(d.id)}, ${quote(d.name)}, ${quote(d.kind)}, ${quote(d.verdict)}, ${quote(d.text)}, ${i * 10})`);
  return `insert into note_snippets (id, name, kind, verdict, text, position) values ${rows.join(', ')} on conflict (id) do nothing`;
}
