import { describe, expect, it } from 'vitest';
import { CITIES, cityKey, distanceKm, lookupCity } from './cities';

describe('city table', () => {
  it('has at least 100 distinct cities with plausible coordinates inside China', () => {
    expect(CITIES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CITIES.map((c) => c.zh)).size).toBe(CITIES.length);
    for (const c of CITIES) {
      expect(c.lat).toBeGreaterThan(18);
      expect(c.lat).toBeLessThan(54);
      expect(c.lon).toBeGreaterThan(73);
      expect(c.lon).toBeLessThan(135);
    }
  });
  it('matches names with 市, in pinyin, and refuses ambiguous pinyin', () => {
    expect(lookupCity('北京市')?.zh).toBe('北京');
    expect(lookupCity('Shen Zhen')?.zh).toBe('深圳');
    expect(lookupCity('taizhou')).toBeUndefined();
    expect(cityKey('泰州市')).toBe('泰州');
    expect(lookupCity('深圳宝安')?.zh).toBe('深圳');
    expect(lookupCity('北京市朝阳区')?.zh).toBe('北京');
    expect(lookupCity('某某镇')).toBeUndefined();
    expect(lookupCity('吉林省长春市')).toBeUndefined();
  });
  it('gives known great-circle distances (±3%)', () => {
    const km = (a: string, b: string) => distanceKm(lookupCity(a)!, lookupCity(b)!);
    expect(km('北京', '上海')).toBeGreaterThan(1067 * 0.97);
    expect(km('北京', '上海')).toBeLessThan(1067 * 1.03);
    expect(km('广州', '深圳')).toBeGreaterThan(100);
    expect(km('广州', '深圳')).toBeLessThan(110);
    expect(km('乌鲁木齐', '上海')).toBeGreaterThan(3250 * 0.97);
    expect(km('乌鲁木齐', '上海')).toBeLessThan(3250 * 1.03);
  });
});
