/**
 * Natural zh-CN material for synthetic bundles. Clean texts deliberately avoid every absolute term,
 * logistics keyword (in low-rated reviews), contact pattern and numeric claim that would trip a rule;
 * anomalies are injected separately so the ground truth stays exact.
 */

export type NumAttr = { name: string; unit: string; values: readonly number[] };
export type ProductTemplate = {
  category: string;
  names: readonly string[];
  priceYuan: readonly [number, number];
  weightG: readonly [number, number];
  numeric: readonly NumAttr[];
  text: readonly { name: string; values: readonly string[] }[];
  good: readonly string[];
  bad: readonly string[];
  pitch: readonly string[];
};

export const PRODUCTS: readonly ProductTemplate[] = [
  {
    category: '服装',
    names: ['羊毛混纺针织开衫', '圆领羊毛衫', '高领打底毛衣', '羊绒混纺围巾'],
    priceYuan: [89, 399],
    weightG: [300, 700],
    numeric: [{ name: '羊毛含量', unit: '%', values: [30, 50, 70, 80] }],
    text: [{ name: '颜色', values: ['米白', '燕麦色', '藏青', '酒红'] }, { name: '尺码', values: ['S', 'M', 'L', 'XL'] }],
    good: ['上身很显气质', '面料软糯不扎人', '版型很正', '颜色和图片一样'],
    bad: ['洗了一次就起球了', '有点扎人，穿着不舒服', '袖子一长一短', '线头很多，做工粗糙'],
    pitch: ['这件毛衣上身很显瘦', '面料摸起来软软糯糯的', '秋冬打底特别合适'],
  },
  {
    category: '食品',
    names: ['每日坚果混合装', '手撕牛肉干', '云南土蜂蜜', '碧根果仁'],
    priceYuan: [39, 169],
    weightG: [300, 1600],
    numeric: [{ name: '净含量', unit: 'g', values: [250, 500, 750, 1000] }],
    text: [{ name: '保质期', values: ['180天', '270天', '12个月'] }, { name: '产地', values: ['云南', '内蒙古', '新疆', '浙江临安'] }],
    good: ['味道很香，不齁甜', '颗粒饱满，很新鲜', '家里老人孩子都爱吃', '分量很足'],
    bad: ['有几颗是坏的，有哈喇味', '太咸了，和描述的不一样', '吃起来不新鲜', '里面有结块'],
    pitch: ['每一颗都是精挑细选的', '办公室追剧都很合适', '给家里老人孩子囤一点'],
  },
  {
    category: '数码',
    names: ['磁吸无线充电宝', '快充移动电源', '迷你充电宝'],
    priceYuan: [59, 259],
    weightG: [180, 450],
    numeric: [{ name: '电池容量', unit: 'mAh', values: [5000, 10000, 20000] }, { name: '输出功率', unit: 'W', values: [15, 20, 22.5] }],
    text: [{ name: '接口', values: ['Type-C', 'USB-A+Type-C'] }, { name: '颜色', values: ['白色', '黑色', '薄荷绿'] }],
    good: ['充电挺快的，小巧好带', '做工不错，手感好', '出差带着很方便'],
    bad: ['充两次就不行了，容量虚标', '充电的时候发烫很厉害', '用了一周接口就松了'],
    pitch: ['出门带它一个就够了', '手机没电的时候特别救急', '小巧一只放口袋里'],
  },
  {
    category: '美妆',
    names: ['玻尿酸保湿面霜', '氨基酸洁面乳', '烟酰胺精华液'],
    priceYuan: [49, 299],
    weightG: [120, 400],
    numeric: [{ name: '净含量', unit: 'ml', values: [30, 50, 100, 120] }],
    text: [{ name: '适用肤质', values: ['干皮', '混油皮', '所有肤质'] }, { name: '保质期', values: ['3年', '2年'] }],
    good: ['很好吸收，不油腻', '用了一段时间皮肤水水的', '味道淡淡的很好闻'],
    bad: ['用了脸上长痘', '很油，闷痘', '瓶子是漏的，少了一大半'],
    pitch: ['干皮姐妹可以放心冲', '质地是很清爽的乳霜', '早晚都可以用'],
  },
  {
    category: '床品',
    names: ['桑蚕丝夏凉被', '蚕丝春秋被', '蚕丝四季被'],
    priceYuan: [199, 899],
    weightG: [1200, 3200],
    numeric: [{ name: '蚕丝含量', unit: '%', values: [20, 50, 100] }],
    text: [{ name: '规格', values: ['150×200cm', '200×230cm', '220×240cm'] }, { name: '颜色', values: ['浅灰', '雾蓝', '奶白'] }],
    good: ['盖着很舒服，透气', '没有异味，手感很好', '质量比想象中好'],
    bad: ['有很重的异味', '缝线开了', '里面的丝是结块的'],
    pitch: ['夏天盖着特别透气', '家里换季正好用得上', '送人也很有面子'],
  },
  {
    category: '家纺',
    names: ['全棉四件套', '纯棉床单', '全棉枕套一对'],
    priceYuan: [59, 399],
    weightG: [500, 2200],
    numeric: [{ name: '棉含量', unit: '%', values: [60, 80, 100] }],
    text: [{ name: '规格', values: ['1.5米床', '1.8米床'] }, { name: '颜色', values: ['浅灰', '豆绿', '奶白'] }],
    good: ['洗了不掉色，很亲肤', '睡着很舒服', '颜色很温柔'],
    bad: ['洗一次就缩水了', '起球很严重', '和图片颜色差很多'],
    pitch: ['亲肤透气，宝宝也能用', '换季换一套心情都好了', '颜色很耐看'],
  },
  {
    category: '水杯',
    names: ['真空保温杯', '不锈钢焖烧杯', '便携随行杯'],
    priceYuan: [39, 199],
    weightG: [220, 600],
    numeric: [{ name: '容量', unit: 'ml', values: [350, 500, 750] }],
    text: [{ name: '材质', values: ['316不锈钢', '304不锈钢'] }, { name: '颜色', values: ['雾霾蓝', '奶油白', '黑色'] }],
    good: ['保温效果很好', '不漏水，带着方便', '颜值很高'],
    bad: ['保温效果很差，两小时就凉了', '杯盖漏水', '有一股异味'],
    pitch: ['早上装的热水晚上还是温的', '上班上学都很方便', '拧紧了倒过来也不漏'],
  },
  {
    category: '厨电',
    names: ['家用空气炸锅', '多功能电煮锅', '小型破壁机'],
    priceYuan: [129, 499],
    weightG: [1800, 4500],
    numeric: [{ name: '容量', unit: 'L', values: [1.5, 3, 4.5, 5] }, { name: '额定功率', unit: 'W', values: [800, 1200, 1500] }],
    text: [{ name: '颜色', values: ['奶油白', '雾霾蓝'] }, { name: '控制方式', values: ['旋钮', '触控'] }],
    good: ['做鸡翅很好吃，操作简单', '颜值很高，放厨房好看', '清洗很方便'],
    bad: ['用了两次就不加热了', '有很大的塑料味', '按键失灵'],
    pitch: ['懒人做饭神器', '一个人住也很实用', '清洗起来很省事'],
  },
];

export const REVIEW_GOOD_OPENERS = ['收到了，', '第二次回购了，', '给家人买的，', '犹豫了很久才下单，', '', '整体不错，'];
export const REVIEW_GOOD_CLOSERS = ['推荐购买。', '会回购的。', '好评！', '满意。', '值得入手。', ''];
export const REVIEW_BAD_OPENERS = ['太失望了，', '差评，', '不推荐，', '一般般，', ''];
export const REVIEW_BAD_CLOSERS = ['不会再买了。', '和宣传的差太多。', '希望商家重视。', '后悔下单。', ''];
/** Low-rated reviews that blame the courier: DOMAIN.md's classic unfair bad review. */
export const LOGISTICS_BLAME = [
  '快递太慢了，等了好久才到',
  '物流慢得要死，差评',
  '快递员态度很差，直接放驿站也不打电话',
  '配送太慢，送货上门都不愿意',
  '派送超时，东西到了都不想要了',
];
export const CONTACT_BAITS = ['加V：{h} 有优惠', '需要的联系 {p}', '更便宜的看 www.{h}.com', '扣扣 {n} 领返现', 'wx {h} 私聊'];

export const GREETINGS = ['家人们晚上好，欢迎来到直播间', '刚进来的宝宝点点关注', '今天给大家带来几款好物', '不要走开，福利马上来'];
export const CLOSINGS = ['库存不多了，喜欢的抓紧', '拍下记得备注主播名字', '有问题可以在评论区留言', '下一款马上上链接'];
/** Absolute-term pitches (广告法违禁词), injected for ABSOLUTE_TERM. */
export const ABSOLUTE_PITCHES = ['这款是全网最低的', '绝对是同类里的顶级品质', '销量第一的爆款', '独一无二的配方，100%有效', '国家级工艺，万能百搭'];
