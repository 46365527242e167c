import type { ComplaintKind } from '@common/domain/case';
import type { Rng } from './rng';

/**
 * What a case says, in the parties' words: the title, the complaint, the service chat and the
 * review tell one story per case. The story follows the evidence (the anomaly that was injected, the
 * product, the dates and amounts of the order), so a title never says 含量 when the complaint says
 * 价格, and a chat never asks when the parcel ships after it was signed for. Sentences are built
 * from parts with slots (product, amounts, dates, quantities) so cases of one kind do not repeat
 * one another. Texts that rules read (low-rated reviews) keep clear of rule keywords, as content.ts.
 */

const CST = 8 * 3_600_000;
/** `6月3日` in China time. */
export function dayText(ms: number): string {
  const d = new Date(ms + CST);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
/** `6月3日14点`. */
export function hourText(ms: number): string {
  const d = new Date(ms + CST);
  return `${dayText(ms)}${d.getUTCHours()}点`;
}
export function yuanText(fen: number): string {
  return fen % 100 === 0 ? `${fen / 100}元` : `${(fen / 100).toFixed(2)}元`;
}

export type Slots = {
  product: string;
  /** Paid for the subject order. */
  paid: string;
  qty: number;
  ordered: string;
  /** Day the parcel was signed for (consumer kinds with a delivered parcel). */
  delivered: string;
  shop: string;
  carrier: string;
  /** Four digits of the tracking number, as shops quote it (尾号). */
  tn4: string;
};

/** `{name}` slots filled from `v`; an unknown slot stays visible (the story test fails on it). */
const fill = (s: string, v: object): string => s.replace(/\{(\w+)\}/g, (_, k: string) => String((v as Record<string, string | number | undefined>)[k] ?? `{${k}}`));

export type Told = { title: string; complaint: string };
export type ChatTurn = readonly [buyer: string, merchant: string];

/** One sentence from each pool, joined: pools hold templates with slots. */
function compose(r: Rng, pools: readonly (readonly string[])[], v: object): string {
  // One run-on sentence, the way complaints are typed: every clause then shares the case's slots.
  return pools
    .map((p) => fill(r.pick(p), v))
    .join('')
    .replace(/。(?=.)/g, '，');
}

const DEMANDS = ['要求退款{paid}。', '申请全额退款{paid}。', '希望退货退款，订单实付{paid}。', '请平台处理，退还我付的{paid}。', '要求商家退款{paid}并承担退货运费。'];
const OPENERS = ['{ordered}在{shop}买了{qtyText}{product}，', '我{ordered}下单的{product}（实付{paid}），', '{ordered}买的{product}，', '{ordered}拍下{qtyText}{product}，'];

//#region consumer kinds
export function quality(r: Rng, s: Slots, bad: string, bad2: string): Told & { chat: ChatTurn[] } {
  const v = { ...s, bad, bad2, qtyText: s.qty > 1 ? `${s.qty}件` : '' };
  const title = fill(r.pick(['{shop}的{product}{bad}', '{paid}买的{product}{bad}', '{product}质量问题：{bad}（{shop}）', '{delivered}签收的{product}{bad}']), v);
  const complaint = compose(
    r,
    [OPENERS, ['{delivered}收到后发现{bad}。', '{delivered}拆开就发现{bad}。', '用到第{n}天{bad}。'], ['另外{bad2}。', '照片已经上传，{bad2}也能看出来。', '联系客服只让我等，{bad2}。', ''], DEMANDS],
    { ...v, n: r.int(2, 6) },
  );
  const chat: ChatTurn[] = [
    [fill(r.pick(['你好，{delivered}收到的{product}{bad}', '{ordered}买的{product}{bad}，{paid}呢，怎么处理？', '在吗？{paid}买的{product}{bad}']), v), fill(r.pick(['亲，给您添麻烦了，尾号{tn4}这单的{product}麻烦拍一下问题部位', '亲，收到反馈了，{delivered}签收的{product}需要您拍照给我们看一下', '亲，抱歉，请把{product}的问题拍清楚发过来，订单实付{paid}我们这边看到了']), v)],
    [fill(r.pick(['{product}的照片发了，{bad2}，尾号{tn4}这单你们查一下', '拍好了，你看，{delivered}拆开就这样，{bad2}', '图发你了，另外{bad2}，{paid}买的就这质量']), v), fill(r.pick(['亲，这边已经登记，{carrier}单号尾号{tn4}的包裹我们核对一下', '收到照片了，亲，尾号{tn4}这单帮您转售后专员', '好的亲，{product}的照片已经转给质检，{ordered}那批货我们也查一下']), v)],
    [fill(r.pick(['{product}能直接退{paid}吗？', '{product}那{paid}什么时候能退？', '我不想换{product}了，退{paid}吧']), v), fill(r.pick(['亲，{product}需要先寄回才能退{paid}哦', '亲，退{paid}需要您先申请退货退款', '亲，{paid}要等仓库收到{product}后处理']), v)],
  ];
  return { title, complaint, chat };
}

export function notAsDescribed(r: Rng, s: Slots, attr: string, listed: string, got: string): Told & { chat: ChatTurn[] } {
  const v = { ...s, attr, listed, got, qtyText: s.qty > 1 ? `${s.qty}件` : '' };
  const title = fill(r.pick(['{shop}的{product}{attr}与页面不符', '{paid}买的{product}{attr}不对', '{shop}的{product}页面写{listed}，发来的是{got}', '{attr}货不对板：{shop}的{product}']), v);
  const complaint = compose(
    r,
    [OPENERS, ['页面上{attr}写的是{listed}，{delivered}收到的却是{got}。', '我选的{attr}是{listed}，到手一看是{got}。', '详情页标的{attr}是{listed}，实物是{got}，{attr}完全对不上。'], ['和描述不一致，', '这不是我要的{attr}，', '下单截图和实物照片都有，'], DEMANDS],
    v,
  );
  const chat: ChatTurn[] = [
    [fill(r.pick(['你好，{ordered}拍的{product}{attr}是{listed}，收到的是{got}', '{delivered}收到的{product}{attr}发错了，我要的是{listed}', '为什么{delivered}收到的{product}是{got}，我下单选的{listed}']), v), fill(r.pick(['亲，麻烦拍一下{product}吊牌和实物，尾号{tn4}这单我们核对', '亲，这边查一下尾号{tn4}这单的出库记录', '亲，{ordered}那单{product}的{attr}我们跟仓库确认一下，尾号{tn4}']), v)],
    [fill(r.pick(['{product}照片发了，明显是{got}，实付{paid}', '你看{delivered}收到的{product}吊牌，写的就是{got}', '实物是{got}，截图里选的是{listed}，实付{paid}']), v), fill(r.pick(['亲，仓库说尾号{tn4}出库的是{listed}，我们再核实', '亲，尾号{tn4}的{product}确实可能发错了{attr}，帮您登记', '亲，尾号{tn4}的{product}{attr}以详情页为准，我们反馈一下']), v)],
  ];
  return { title, complaint, chat };
}

export function counterfeit(r: Rng, s: Slots): Told & { chat: ChatTurn[] } {
  const sign = r.pick(['防伪码查询显示未注册', '包装字体和官方的不一样', '没有中文标签和合格证', '批次号在官网查不到', '封口是二次封装的']);
  const v = { ...s, sign, qtyText: s.qty > 1 ? `${s.qty}件` : '' };
  const title = fill(r.pick(['{shop}的{product}疑似假货：{sign}', '{paid}买的{product}怀疑不是正品', '{shop}卖的{product}{sign}', '{product}{sign}，疑似仿冒（{paid}）']), v);
  const complaint = compose(
    r,
    [OPENERS, ['{delivered}收到后发现{sign}，', '拿到手就觉得不对，{sign}，'], ['和之前在专柜买的对比差别很大。', '怀疑不是正品。', '商家说是正规渠道却拿不出授权。'], DEMANDS],
    v,
  );
  const chat: ChatTurn[] = [
    [fill(r.pick(['你好，{delivered}收到的{product}{sign}，是正品吗？', '{product}{sign}，{shop}是哪里进的货？']), v), fill(r.pick(['亲，我们{shop}都是正规渠道进货的', '亲，{product}是品牌经销商直供的哦，尾号{tn4}这单也是正品']), v)],
    [fill(r.pick(['那请{shop}提供{product}的授权书', '能把{product}的进货凭证发我看一下吗，{paid}不是小钱']), v), fill(r.pick(['亲，{shop}的{product}授权书需要请示主管，请稍等', '亲，{shop}的凭证这边在找，{ordered}那批{product}批次可能不同']), v)],
  ];
  return { title, complaint, chat };
}

/** `late`: picked up after ship-by (`hoursLate` past it); otherwise the buyer mistakes a slow delivery for late shipping. */
export function lateShipment(r: Rng, s: Slots, o: { late: boolean; hoursLate: number; shipBy: string; pickup: string; days: number }): Told {
  const v = { ...s, ...o, qtyText: s.qty > 1 ? `${s.qty}件` : '' };
  const title = o.late
    ? fill(r.pick(['{product}超时{hoursLate}小时才发货', '承诺{shipBy}前发货，{pickup}才揽收', '{shop}超过承诺时间未发货{product}', '{product}拖了{hoursLate}小时才发货']), v)
    : fill(r.pick(['{product}下单{days}天才收到，怀疑发货超时', '{shop}的{product}发货太晚，要求赔付', '怀疑{shop}没有按时发货{product}']), v);
  const complaint = o.late
    ? compose(r, [OPENERS, ['商家承诺{shipBy}前发货，', '页面写48小时内发货（{shipBy}前），'], ['实际{pickup}才有揽收记录，超时{hoursLate}小时。', '直到{pickup}才揽收，晚了{hoursLate}小时。'], ['要求按延迟发货规则赔付{paid}订单的补偿。', '催了{shop}好几次都说马上发。', '要求{shop}赔付并退还运费。']], v)
    : compose(r, [OPENERS, ['下单后第{days}天才收到，', '等了{days}天才到手，'], ['我认为商家没有按时发货，', '感觉是压单很久才发，'], ['要求{shop}按延迟发货赔付。', '希望平台核实{product}的发货时间。']], v);
  return { title, complaint };
}

export function lateShipmentChat(r: Rng, s: Slots, beforePickup: boolean, shipBy: string): ChatTurn[] {
  const v = { ...s, shipBy };
  if (beforePickup)
    return [
      [fill(r.pick(['你好，{paid}的{product}什么时候发货？', '{ordered}拍的{product}还没发吗？', '请问{product}今天能发吗，{shipBy}前要发的']), v), fill(r.pick(['亲，{shop}仓库这两天爆单，{ordered}的{product}会尽快安排', '亲，{product}在排单中，{shipBy}前会发出', '亲，已经催仓库了，{paid}的{product}马上发']), v)],
      [fill(r.pick(['已经过了{shipBy}了，{product}说好的48小时呢', '承诺{shipBy}前发，现在还没动静']), v), fill(r.pick(['亲，非常抱歉，{ordered}拍的{product}（{paid}）今天一定给您发出', '亲，实在抱歉，{ordered}的{product}今天下午统一发']), v)],
    ];
  return [
    [fill(r.pick(['{ordered}买的{product}怎么这么久才到？{paid}的东西等了这么久', '{paid}的{product}{delivered}才收到，你们是不是压单了？']), v), fill(r.pick(['亲，{product}是按时发出的，{carrier}单号尾号{tn4}可以查揽收时间', '亲，我们在承诺时间内就发了，路上走得慢了些，尾号{tn4}可查']), v)],
  ];
}

/** `shown`: the trace's last word, a stalled scan (`6月3日的杭州`) or a delivery the buyer never got (`signed`). */
export function fakeShipment(r: Rng, s: Slots, shown: string, signed: boolean): Told & { chat: ChatTurn[] } {
  const v = { ...s, shown, qtyText: s.qty > 1 ? `${s.qty}件` : '' };
  const title = signed
    ? fill(r.pick(['{paid}的{product}物流{shown}，但我没收到', '{carrier}尾号{tn4}显示签收，本人未收到货', '怀疑{shop}虚假发货：{product}没收到却显示签收']), v)
    : fill(r.pick(['{product}物流停在{shown}不再更新', '{carrier}单号尾号{tn4}查不到实际物流', '怀疑{shop}虚假发货{product}', '{paid}的{product}显示已发货但物流没有动静']), v);
  const middle = signed
    ? ['{carrier}单号尾号{tn4}{shown}，可我和家人都没收到，', '物流{shown}，但{product}根本没有送到我手上，']
    : ['{carrier}单号尾号{tn4}，物流停在{shown}，', '商家填了{carrier}单号（尾号{tn4}），停在{shown}后没有任何更新，'];
  const complaint = compose(r, [OPENERS, middle, ['怀疑是空单号虚假发货，', '打{carrier}客服说没有这个包裹的实际运输，'], DEMANDS], v);
  const chat: ChatTurn[] = signed
    ? [
        [fill(r.pick(['{ordered}买的{product}显示签收了，可我没收到，单号尾号{tn4}', '尾号{tn4}这单我没签收过']), v), fill(r.pick(['亲，{product}物流显示{shown}了哦，麻烦问问家人或驿站', '亲，尾号{tn4}显示签收，我们帮您问问{carrier}']), v)],
        [fill(r.pick(['问过了，都没有，尾号{tn4}我从来没签过', '家里人都说{shown}那天没见过{product}，尾号{tn4}不是我签的']), v), fill(r.pick(['亲，稍等，正在联系{carrier}核实尾号{tn4}', '亲，我们这边再催一下{carrier}，尾号{tn4}的{product}有结果马上告诉您']), v)],
      ]
    : [
        [fill(r.pick(['{product}的物流停在{shown}不动了，是不是没发？', '尾号{tn4}这个单号查不到东西']), v), fill(r.pick(['亲，{product}已经发出了，{carrier}尾号{tn4}的物流信息可能有延迟', '亲，尾号{tn4}这单是发了的，可能是{carrier}没有及时扫描']), v)],
        [fill(r.pick(['都好几天了{product}还是停在{shown}', '{carrier}客服说没有收到尾号{tn4}这个包裹']), v), fill(r.pick(['亲，稍等，正在联系{carrier}核实尾号{tn4}', '亲，我们这边再催一下{carrier}，尾号{tn4}有消息第一时间告诉您']), v)],
      ];
  return { title, complaint, chat };
}

export function serviceUnreachable(r: Rng, s: Slots, attempts: number, since: string): Told & { chat: ChatTurn[] } {
  const v = { ...s, attempts, since, qtyText: s.qty > 1 ? `${s.qty}件` : '' };
  const title = fill(r.pick(['{shop}客服{since}起联系不上', '{product}售后打了{attempts}次电话{shop}都没人接', '{shop}的{product}售后找不到客服', '{shop}客服一直不回复{product}的售后']), v);
  const complaint = compose(
    r,
    [OPENERS, ['想咨询售后，从{since}起打了{attempts}次电话都没人接，', '{since}开始联系客服，{attempts}次呼叫无人应答，', '需要退换货，但{since}以来客服一直不回，'], ['在线消息也石沉大海，', '店铺页面的客服入口也没有回应，', '完全找不到人处理，'], ['请平台介入{shop}的售后。', '要求{shop}尽快处理{product}的售后。', '希望平台督促{shop}回复。']],
    v,
  );
  // Nobody answers: the buyer's messages stand alone (empty replies).
  const chat: ChatTurn[] = [
    [fill(r.pick(['在吗？{ordered}买的{product}（{paid}）想办售后', '你好，{ordered}买的{product}有问题，实付{paid}，麻烦回复']), v), ''],
    [fill(r.pick(['打了{attempts}次电话也没人接，{shop}还做不做生意了', '{since}到现在一直没人回，{product}的售后怎么办']), v), ''],
    [fill(r.pick(['再不回复我就找平台投诉了，订单实付{paid}', '{shop}到底还有没有客服？']), v), ''],
  ];
  return { title, complaint, chat };
}
//#endregion

//#region advertising (false_advertising: buyer → merchant; abnormal_affiliate: merchant → affiliate)
export type AdTopic = 'content' | 'price' | 'absolute';
export function advertising(r: Rng, kind: 'false_advertising' | 'abnormal_affiliate', s: Slots & { host: string; attr: string; actual: string; livePrice: string; sold: number }, topic: AdTopic): Told {
  const v = s;
  const T: Record<AdTopic, { titles: string[]; body: string[] }> = {
    content: {
      titles: ['{host}直播间宣传的{product}{attr}与实际不符', '{host}夸大{product}的{attr}', '{product}{attr}宣传与规格不符（{host}）'],
      body: ['直播里说{product}的{attr}远超实际，规格页写的是{actual}。', '主播口播的{attr}和{product}规格（{actual}）对不上。'],
    },
    price: {
      titles: ['{host}直播间宣传的{product}价格与实际支付不符', '{host}报的{product}价格和实付不一样', '{host}的{product}直播价格宣传不实'],
      body: ['直播里报的价格比实际下单价低，实际到手是{livePrice}。', '主播说的价格下单时根本拿不到，实付{livePrice}。'],
    },
    absolute: {
      titles: ['{host}直播使用极限词宣传{product}', '{host}宣传{product}用了“第一”“顶级”这类极限词', '{host}用绝对化用语推销{product}'],
      body: ['主播用“第一”“顶级”之类的极限词夸{product}。', '直播间用绝对化用语宣传{product}，违反广告法。'],
    },
  };
  const t = T[topic];
  const title = fill(r.pick(t.titles), v);
  const complaint =
    kind === 'false_advertising'
      ? compose(r, [['我{ordered}在{host}直播间买了{product}，', '{ordered}看{host}的直播下单了{product}，'], t.body, ['感觉被骗了，', '和宣传的完全不一样，'], DEMANDS], v)
      : compose(r, [['{host}{ordered}带货我们的{product}，', '达人{host}在{ordered}的直播中推{product}，'], t.body, ['这场直播成交{sold}单，', '带来{sold}单订单，'], ['退货和投诉都找到店里，要求追究{host}的责任。', '已经引起退货，请平台处理{host}。']], v);
  return { title, complaint };
}
//#endregion

//#region merchant complaints about buyers
export type OrderTopic = 'ring' | 'commission' | 'reject';
export function abnormalOrder(r: Rng, s: Slots & { orders: number; accounts: number; host: string }, topic: OrderTopic): Told {
  const v = s;
  const T: Record<OrderTopic, [string[], string[]]> = {
    ring: [
      ['{accounts}个账号用同一地址下单{product}', '{host}推广的{product}被同一收货地址多账号下单', '疑似团伙刷单：{ordered}起{accounts}个账号同一地址拍{product}'],
      ['{ordered}起有{accounts}个账号用同一个收货地址通过{host}的推广链接拍{product}，', '同一地址的{accounts}个买家账号短时间内下了{orders}单{product}，'],
    ],
    commission: [
      ['{product}佣金结算后买家全额退款{paid}', '{host}推广的{product}佣金结算后退款，疑似骗佣', '买家等佣金结算再退{product}（{paid}）'],
      ['买家通过{host}的链接拍了{product}，佣金结算后马上申请全额退款，', '{ordered}的{product}订单在推广佣金结算后就被退款了，'],
    ],
    reject: [
      ['买家集中拍下{orders}单{product}，疑似刷单（{host}）', '{host}推广的{product}订单异常集中', '同一买家短时间内拍了{orders}单{product}，共{paid}'],
      ['买家{ordered}通过推广链接集中拍了{orders}单{product}，', '该买家短时间内拍下{orders}单{product}（实付{paid}），'],
    ],
  };
  const [titles, body] = T[topic];
  return { title: fill(r.pick(titles), v), complaint: compose(r, [body, ['疑似恶意下单骗取佣金，', '严重影响{shop}正常经营，'], ['请平台核查{ordered}以来的这些订单。', '申请判定{product}的这些订单为异常订单。']], v) };
}

export type ReturnTopic = 'empty' | 'short' | 'logistics';
export function abnormalAfterSales(r: Rng, s: Slots & { sent: number; back: number }, topic: ReturnTopic): Told {
  const v = s;
  const T: Record<ReturnTopic, [string[], string[]]> = {
    empty: [
      ['{product}退货退回空包，已退款{paid}', '买家退回的{product}包裹是空的（已退{paid}）', '{product}退款{paid}后寄回空包裹'],
      ['买家申请退款退货，寄回的是空包裹，里面没有{product}，', '退回件拆开是空盒子，{product}不见了，'],
    ],
    short: [
      ['{product}退货少件，退回只有{back}克', '退回的{product}少了东西（发出{sent}克）', '买家退回{product}数量不对，已退{paid}'],
      ['买家退回的{product}少件，发出{sent}克的货退回只有{back}克，', '退回的{product}包裹明显轻了，发货{sent}克，退回{back}克，少件了，'],
    ],
    logistics: [
      ['{product}退货物流单号疑似虚假（已退{paid}）', '{paid}的{product}退货单号查不到真实运输', '买家提供的{product}退货物流有问题，已退{paid}'],
      ['买家填写的退货单号物流异常，{product}迟迟没有退回，', '{product}的退货物流信息对不上，'],
    ],
  };
  const [titles, body] = T[topic];
  return { title: fill(r.pick(titles), v), complaint: compose(r, [body, ['退款{paid}却已经打给买家了，', '我们已经退了{paid}，', '仓库开箱有照片，'], ['请平台核实并追回{product}的货款。', '申请判定{ordered}这单为售后异常。']], v) };
}

export type ReviewTopic = 'logistics' | 'contact' | 'duplicate' | 'early' | 'unfair';
export function abnormalReview(r: Rng, s: Slots & { rating: number }, topic: ReviewTopic): Told {
  const v = s;
  const T: Record<ReviewTopic, [string[], string[]]> = {
    logistics: [
      ['买家因快递原因给{product}差评', '{rating}星差评只怪快递，与{product}无关', '快递问题被算到{shop}的{product}头上'],
      ['买家给{product}打了{rating}星，理由全是快递慢，', '这条{rating}星差评说的都是快递配送，和{product}本身无关，'],
    ],
    contact: [
      ['{product}的评价里留联系方式引流', '{shop}的{product}评价区被留联系方式引流', '买家在{product}评价中打广告（{rating}星）'],
      ['买家在{product}的评价里留联系方式，', '这条{product}评价里有引流的联系方式，'],
    ],
    duplicate: [
      ['同一买家复制粘贴刷{product}的评价', '{shop}的{product}收到重复内容的评价', '买家多次发布相同评价，这次在{product}下'],
      ['这个买家在多个订单下发了一模一样的评价，这次发在{product}下，', '同一账号反复粘贴同一段评价，这次发在{product}下，'],
    ],
    early: [
      ['买家未收货就给{product}差评', '{shop}的{product}还没签收就被打了{rating}星', '未收到货就评价{product}（{rating}星）'],
      ['包裹还没送到买家就给{product}打了{rating}星，', '物流显示未签收时买家已经评价了{product}，'],
    ],
    unfair: [
      ['{product}评价内容与实际不符（{rating}星，{ordered}下单）', '买家给{shop}{product}的{rating}星评价描述不实', '{shop}的{product}收到不实评价'],
      ['买家{ordered}下单的{product}打了{rating}星，评价内容和实际情况不符，', '这条关于{product}（{paid}）的{rating}星评价内容失实，'],
    ],
  };
  const [titles, body] = T[topic];
  return { title: fill(r.pick(titles), v), complaint: compose(r, [body, ['影响{shop}的评分，', '误导其他买家，'], ['申请删除{ordered}那单的评价。', '请平台核实处理{product}的这条评价。']], v) };
}
//#endregion

export const TOPIC_OF_INJECTION: Partial<Record<ComplaintKind, Readonly<Record<string, string>>>> = {
  abnormal_order: { SHARED_ADDRESS_RING: 'ring', REFUND_AFTER_COMMISSION: 'commission' },
  abnormal_after_sales: {
    WEIGHT_SHORTFALL: 'short',
    NO_MOVEMENT_AFTER_PICKUP: 'logistics',
    TRACKING_REUSED: 'logistics',
    DESTINATION_MISMATCH: 'logistics',
    IMPOSSIBLE_TRANSIT: 'logistics',
    EVENTS_OUT_OF_ORDER: 'logistics',
    DELIVERED_BEFORE_PICKUP: 'logistics',
  },
  abnormal_review: { REVIEW_BLAMES_LOGISTICS: 'logistics', REVIEW_CONTACT_INFO: 'contact', REVIEW_DUPLICATE_TEXT: 'duplicate', REVIEW_BEFORE_DELIVERY: 'early' },
  abnormal_affiliate: { CLAIM_CONTRADICTS_SPEC: 'content', PRICE_CLAIM_MISMATCH: 'price', ABSOLUTE_TERM: 'absolute' },
  false_advertising: { CLAIM_CONTRADICTS_SPEC: 'content', PRICE_CLAIM_MISMATCH: 'price', ABSOLUTE_TERM: 'absolute' },
};
