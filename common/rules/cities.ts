/**
 * Coordinates of the largest Chinese cities (city centre, ~0.01–0.1° accuracy), for
 * IMPOSSIBLE_TRANSIT. Tuples keep the module small: [中文, pinyin, latitude, longitude].
 * Sources: well-known municipal centre coordinates; prefecture-level cities by urban population,
 * plus the e-commerce hubs Yiwu and Kunshan, and Hong Kong / Macau.
 */
const TABLE: ReadonlyArray<readonly [string, string, number, number]> = [
  ['上海', 'shanghai', 31.23, 121.47], ['北京', 'beijing', 39.9, 116.41], ['重庆', 'chongqing', 29.56, 106.55],
  ['天津', 'tianjin', 39.13, 117.2], ['广州', 'guangzhou', 23.13, 113.26], ['深圳', 'shenzhen', 22.54, 114.06],
  ['成都', 'chengdu', 30.66, 104.07], ['武汉', 'wuhan', 30.59, 114.31], ['南京', 'nanjing', 32.06, 118.8],
  ['西安', 'xian', 34.34, 108.94], ['杭州', 'hangzhou', 30.27, 120.16], ['东莞', 'dongguan', 23.02, 113.75],
  ['沈阳', 'shenyang', 41.81, 123.43], ['哈尔滨', 'haerbin', 45.8, 126.53], ['郑州', 'zhengzhou', 34.75, 113.63],
  ['苏州', 'suzhou', 31.3, 120.59], ['青岛', 'qingdao', 36.07, 120.38], ['长沙', 'changsha', 28.23, 112.94],
  ['昆明', 'kunming', 25.04, 102.71], ['大连', 'dalian', 38.91, 121.61], ['济南', 'jinan', 36.65, 117.12],
  ['佛山', 'foshan', 23.02, 113.12], ['厦门', 'xiamen', 24.48, 118.09], ['合肥', 'hefei', 31.82, 117.23],
  ['长春', 'changchun', 43.82, 125.32], ['太原', 'taiyuan', 37.87, 112.55], ['南宁', 'nanning', 22.82, 108.37],
  ['福州', 'fuzhou', 26.07, 119.3], ['石家庄', 'shijiazhuang', 38.04, 114.51], ['贵阳', 'guiyang', 26.65, 106.63],
  ['乌鲁木齐', 'wulumuqi', 43.83, 87.62], ['南昌', 'nanchang', 28.68, 115.86], ['宁波', 'ningbo', 29.87, 121.55],
  ['无锡', 'wuxi', 31.49, 120.31], ['兰州', 'lanzhou', 36.06, 103.83], ['汕头', 'shantou', 23.35, 116.68],
  ['温州', 'wenzhou', 28.0, 120.7], ['常州', 'changzhou', 31.81, 119.97], ['淄博', 'zibo', 36.81, 118.05],
  ['唐山', 'tangshan', 39.63, 118.18], ['徐州', 'xuzhou', 34.26, 117.18], ['烟台', 'yantai', 37.46, 121.45],
  ['呼和浩特', 'huhehaote', 40.84, 111.75], ['海口', 'haikou', 20.04, 110.32], ['惠州', 'huizhou', 23.11, 114.42],
  ['中山', 'zhongshan', 22.52, 113.39], ['珠海', 'zhuhai', 22.27, 113.58], ['洛阳', 'luoyang', 34.62, 112.45],
  ['泉州', 'quanzhou', 24.87, 118.68], ['包头', 'baotou', 40.66, 109.84], ['临沂', 'linyi', 35.1, 118.36],
  ['潍坊', 'weifang', 36.71, 119.16], ['银川', 'yinchuan', 38.49, 106.23], ['西宁', 'xining', 36.62, 101.78],
  ['拉萨', 'lasa', 29.65, 91.14], ['绍兴', 'shaoxing', 30.0, 120.58], ['嘉兴', 'jiaxing', 30.75, 120.76],
  ['金华', 'jinhua', 29.08, 119.65], ['台州', 'taizhou', 28.66, 121.42], ['扬州', 'yangzhou', 32.39, 119.41],
  ['南通', 'nantong', 31.98, 120.89], ['盐城', 'yancheng', 33.35, 120.16], ['镇江', 'zhenjiang', 32.19, 119.42],
  ['泰州', 'taizhou', 32.46, 119.92], ['淮安', 'huaian', 33.61, 119.02], ['连云港', 'lianyungang', 34.6, 119.22],
  ['宿迁', 'suqian', 33.96, 118.28], ['湖州', 'huzhou', 30.89, 120.09], ['芜湖', 'wuhu', 31.35, 118.43],
  ['蚌埠', 'bengbu', 32.92, 117.39], ['赣州', 'ganzhou', 25.83, 114.93], ['九江', 'jiujiang', 29.71, 116.0],
  ['株洲', 'zhuzhou', 27.83, 113.13], ['湘潭', 'xiangtan', 27.83, 112.94], ['衡阳', 'hengyang', 26.89, 112.57],
  ['岳阳', 'yueyang', 29.36, 113.13], ['常德', 'changde', 29.03, 111.7], ['宜昌', 'yichang', 30.69, 111.29],
  ['襄阳', 'xiangyang', 32.01, 112.12], ['荆州', 'jingzhou', 30.33, 112.24], ['南阳', 'nanyang', 33.0, 112.53],
  ['新乡', 'xinxiang', 35.3, 113.93], ['开封', 'kaifeng', 34.8, 114.31], ['安阳', 'anyang', 36.1, 114.39],
  ['商丘', 'shangqiu', 34.41, 115.66], ['保定', 'baoding', 38.87, 115.46], ['邯郸', 'handan', 36.63, 114.54],
  ['廊坊', 'langfang', 39.54, 116.68], ['沧州', 'cangzhou', 38.3, 116.84], ['秦皇岛', 'qinhuangdao', 39.94, 119.6],
  ['大同', 'datong', 40.08, 113.3], ['鞍山', 'anshan', 41.11, 122.99], ['抚顺', 'fushun', 41.88, 123.96],
  ['吉林', 'jilin', 43.84, 126.55], ['大庆', 'daqing', 46.59, 125.1], ['齐齐哈尔', 'qiqihaer', 47.35, 123.92],
  ['济宁', 'jining', 35.41, 116.59], ['泰安', 'taian', 36.2, 117.09], ['威海', 'weihai', 37.51, 122.12],
  ['日照', 'rizhao', 35.42, 119.53], ['德州', 'dezhou', 37.44, 116.36], ['聊城', 'liaocheng', 36.46, 115.99],
  ['菏泽', 'heze', 35.23, 115.48], ['枣庄', 'zaozhuang', 34.81, 117.32], ['东营', 'dongying', 37.43, 118.67],
  ['柳州', 'liuzhou', 24.33, 109.42], ['桂林', 'guilin', 25.27, 110.29], ['绵阳', 'mianyang', 31.47, 104.68],
  ['南充', 'nanchong', 30.84, 106.11], ['宜宾', 'yibin', 28.77, 104.63], ['泸州', 'luzhou', 28.87, 105.44],
  ['遵义', 'zunyi', 27.73, 106.93], ['曲靖', 'qujing', 25.49, 103.8], ['江门', 'jiangmen', 22.58, 113.08],
  ['湛江', 'zhanjiang', 21.27, 110.36], ['茂名', 'maoming', 21.66, 110.93], ['揭阳', 'jieyang', 23.55, 116.37],
  ['肇庆', 'zhaoqing', 23.05, 112.47], ['清远', 'qingyuan', 23.68, 113.06], ['莆田', 'putian', 25.45, 119.01],
  ['漳州', 'zhangzhou', 24.51, 117.65], ['三亚', 'sanya', 18.25, 109.51], ['咸阳', 'xianyang', 34.33, 108.71],
  ['宝鸡', 'baoji', 34.36, 107.24], ['榆林', 'yulin', 38.29, 109.73], ['鄂尔多斯', 'eerduosi', 39.61, 109.78],
  ['赤峰', 'chifeng', 42.26, 118.89], ['锦州', 'jinzhou', 41.1, 121.13], ['营口', 'yingkou', 40.67, 122.24],
  ['丹东', 'dandong', 40.0, 124.35], ['阜阳', 'fuyang', 32.89, 115.81], ['安庆', 'anqing', 30.54, 117.06],
  ['六安', 'luan', 31.73, 116.52], ['上饶', 'shangrao', 28.45, 117.94], ['宜春', 'yichun', 27.81, 114.42],
  ['邵阳', 'shaoyang', 27.24, 111.47], ['驻马店', 'zhumadian', 33.01, 114.02], ['周口', 'zhoukou', 33.63, 114.7],
  ['信阳', 'xinyang', 32.15, 114.09], ['平顶山', 'pingdingshan', 33.77, 113.19], ['许昌', 'xuchang', 34.04, 113.85],
  ['焦作', 'jiaozuo', 35.22, 113.24], ['邢台', 'xingtai', 37.07, 114.5], ['张家口', 'zhangjiakou', 40.77, 114.88],
  ['承德', 'chengde', 40.95, 117.96], ['运城', 'yuncheng', 35.03, 111.0], ['长治', 'changzhi', 36.2, 113.12],
  ['十堰', 'shiyan', 32.63, 110.8], ['孝感', 'xiaogan', 30.92, 113.92], ['黄石', 'huangshi', 30.2, 115.04],
  ['义乌', 'yiwu', 29.31, 120.08], ['昆山', 'kunshan', 31.39, 120.98], ['喀什', 'kashi', 39.47, 75.99],
  ['克拉玛依', 'kelamayi', 45.58, 84.89], ['香港', 'xianggang', 22.32, 114.17], ['澳门', 'aomen', 22.2, 113.54],
];

export type City = { zh: string; pinyin: string; lat: number; lon: number };

export const CITIES: readonly City[] = TABLE.map(([zh, pinyin, lat, lon]) => ({ zh, pinyin, lat, lon }));

const byKey = new Map<string, City>();
{
  const pinyinCount = new Map<string, number>();
  for (const c of CITIES) pinyinCount.set(c.pinyin, (pinyinCount.get(c.pinyin) ?? 0) + 1);
  for (const c of CITIES) {
    byKey.set(c.zh, c);
    // 台州/泰州 share "taizhou": an ambiguous pinyin must not silently pick one of them.
    if (pinyinCount.get(c.pinyin) === 1) byKey.set(c.pinyin, c);
  }
}

/**
 * Canonical comparison key for a city name: drops whitespace, a trailing 市, and case/hyphens/
 * apostrophes in pinyin, so 深圳市, 深圳 and "Shen Zhen" compare equal.
 */
export function cityKey(name: string): string {
  let s = name.trim();
  if (s.endsWith('市')) s = s.slice(0, -1);
  if (/^[\x20-\x7e]+$/.test(s)) s = s.toLowerCase().replace(/[\s'’-]/g, '');
  const c = byKey.get(s) ?? byPrefix(s);
  return c ? c.zh : s;
}

/** Longest Chinese city name that starts the string: carriers often write 深圳宝安 or 北京市朝阳区. */
const BY_LENGTH = [...CITIES].sort((a, b) => b.zh.length - a.zh.length);
function byPrefix(s: string): City | undefined {
  if (s.length < 2 || s.charCodeAt(0) < 0x4e00) return undefined;
  // 吉林省… names the province, not the city of 吉林.
  for (const c of BY_LENGTH) if (s.startsWith(c.zh) && s.charAt(c.zh.length) !== '省') return c;
  return undefined;
}

export function lookupCity(name: string): City | undefined {
  return byKey.get(cityKey(name));
}

const R_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: City, b: City): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
