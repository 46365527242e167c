import { describe, expect, it } from 'vitest';
import { makeReviewPair } from '../../testing/fixtures/qa';
import {
  buildCalibrationPack,
  CALIBRATION_PACK_VERSION,
  csvCell,
  PAIR_CSV_COLUMNS,
  pairsToCsv,
  parseCalibrationPack,
  toCsv,
} from './export';

/** A small RFC 4180 reader, to check that what we write reads back to the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('CSV', () => {
  it('quotes commas, quotes and newlines, and round-trips them', () => {
    const nasty = ['a,b', 'say "hi"', 'line1\nline2', 'cr\rhere', '王静'];
    const text = toCsv(
      ['x'],
      nasty.map((v) => [v]),
    );
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(
      parseCsv(text)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(nasty);
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });
  it('defuses cells a spreadsheet would run as formulas (= + - @ tab CR)', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    // Numbers are numbers: a negative number is not a formula.
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(null)).toBe('');
  });
  it('one row per pair with the comparison, and an injected name neutralised', () => {
    const pairs = [
      makeReviewPair({
        arbitratorName: '=cmd|" /C calc"!A0',
        review: { verdict: 'rejected', remedies: ['no_action'], reasonCodes: ['R9'] },
      }),
      makeReviewPair({}),
    ];
    const rows = parseCsv(pairsToCsv(pairs));
    expect(rows[0]).toEqual([...PAIR_CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const col = (name: (typeof PAIR_CSV_COLUMNS)[number]) => PAIR_CSV_COLUMNS.indexOf(name);
    expect(rows[1]![col('arbitrator_name')]).toBe(`'=cmd|" /C calc"!A0`);
    expect(rows[1]![col('errors')]).toBe('wrong_verdict|wrong_remedy|wrong_reason');
    expect(rows[1]![col('agree')]).toBe('false');
    expect(rows[2]![col('agree')]).toBe('true');
    expect(rows[2]![col('plan_id')]).toBe('plan-1');
  });
});

describe('calibration pack', () => {
  const pairs = [
    makeReviewPair({
      review: { verdict: 'partially_upheld', remedies: ['refund_buyer'], reasonCodes: ['Q_DEFECT'] },
    }),
    makeReviewPair({}),
    makeReviewPair({
      golden: true,
      planId: null,
      review: { verdict: 'upheld', remedies: ['refund_buyer', 'warn'], reasonCodes: ['Q_DEFECT'] },
    }),
  ];
  it('holds only the disagreements, with what differed, and a version', () => {
    const pack = buildCalibrationPack(pairs, '2026-11-23T10:00:00+08:00');
    expect(pack.version).toBe(CALIBRATION_PACK_VERSION);
    expect(pack.pairsConsidered).toBe(3);
    expect(pack.items.map((i) => i.errors)).toEqual([['wrong_verdict'], ['wrong_remedy']]);
    expect(pack.items[1]!.remedyDiff).toEqual({ missing: ['warn'], extra: [] });
  });
  it('round-trips through JSON and refuses other versions or broken files, naming the field', () => {
    const text = JSON.stringify(buildCalibrationPack(pairs, '2026-11-23T10:00:00+08:00'));
    const back = parseCalibrationPack(text);
    expect(back.ok && back.pack.items).toHaveLength(2);
    const v2 = parseCalibrationPack(text.replace('"version":1', '"version":2'));
    expect(v2).toMatchObject({ ok: false });
    expect(!v2.ok && v2.error).toMatch(/^version:/);
    const badVerdict = parseCalibrationPack(text.replace('"partially_upheld"', '"maybe"'));
    expect(!badVerdict.ok && badVerdict.error).toMatch(/^items\.0\.review\.verdict:/);
    expect(parseCalibrationPack('{')).toMatchObject({ ok: false });
  });
});
