import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDeadline, calendarCoversYear, isBusinessDay } from './businessDays';

const cst = (iso: string): Date => new Date(iso);

describe('mainland China business days', () => {
  it('knows the 2026 Spring Festival week and its make-up Saturdays', () => {
    // Holiday Sun 02-15 … Mon 02-23; make-up working days Sat 02-14 and Sat 02-28.
    expect(isBusinessDay('2026-02-14')).toBe(true);
    for (const d of ['2026-02-15', '2026-02-16', '2026-02-19', '2026-02-20', '2026-02-23']) expect(isBusinessDay(d), d).toBe(false);
    expect(isBusinessDay('2026-02-24')).toBe(true);
    expect(isBusinessDay('2026-02-28')).toBe(true);
    expect(isBusinessDay('2026-02-21')).toBe(false); // an ordinary Saturday inside the holiday
  });

  it('knows the 2026 National Day week and its make-up days', () => {
    for (let d = 1; d <= 7; d++) expect(isBusinessDay(`2026-10-0${d}`), `10-0${d}`).toBe(false);
    expect(isBusinessDay('2026-09-20')).toBe(true); // Sunday, make-up
    expect(isBusinessDay('2026-10-10')).toBe(true); // Saturday, make-up
    expect(isBusinessDay('2026-10-11')).toBe(false); // Sunday
  });

  it('counts three business days across the Spring Festival, the make-up Saturday first', () => {
    // Friday 02-13 afternoon: Sat 02-14 (make-up) is day 1, the holiday runs to Mon 02-23, Tue 02-24 is day 2, Wed 02-25 day 3.
    expect(businessDeadline(cst('2026-02-13T15:00:00+08:00'), 3).toISOString()).toBe(cst('2026-02-26T00:00:00+08:00').toISOString());
    // Calendar days would have said Monday 02-16, in the middle of the holiday.
    expect(businessDeadline(cst('2026-02-13T15:00:00+08:00'), 1).toISOString()).toBe(cst('2026-02-15T00:00:00+08:00').toISOString());
  });

  it('counts three business days across National Day, ending on the make-up Saturday', () => {
    // Wed 09-30: Oct 1–7 off, Thu 10-08 day 1, Fri 10-09 day 2, Sat 10-10 (make-up) day 3.
    expect(businessDeadline(cst('2026-09-30T10:00:00+08:00'), 3).toISOString()).toBe(cst('2026-10-11T00:00:00+08:00').toISOString());
    // 2025: Oct 1–8 off, Sat 10-11 make-up.
    expect(businessDeadline(cst('2025-09-30T18:00:00+08:00'), 3).toISOString()).toBe(cst('2025-10-12T00:00:00+08:00').toISOString());
  });

  it('judges the day in China time, whatever the offset the request carries', () => {
    // 2026-02-13T17:30Z is already Saturday 02-14 01:30 in China: the make-up Saturday is the request's own day.
    expect(businessDeadline(cst('2026-02-13T17:30:00Z'), 1).toISOString()).toBe(cst('2026-02-25T00:00:00+08:00').toISOString());
    expect(businessDeadline(cst('2026-02-13T15:59:59Z'), 1).toISOString()).toBe(cst('2026-02-15T00:00:00+08:00').toISOString());
  });

  it('ordinary weeks skip the weekend', () => {
    // Friday 2026-03-06 → Mon 09, Tue 10, Wed 11.
    expect(businessDeadline(cst('2026-03-06T09:00:00+08:00'), 3).toISOString()).toBe(cst('2026-03-12T00:00:00+08:00').toISOString());
  });

  it('says which years its holidays are known for', () => {
    expect(calendarCoversYear(2025)).toBe(true);
    expect(calendarCoversYear(2026)).toBe(true);
    expect(calendarCoversYear(1990)).toBe(false);
  });

  it('properties: the deadline ends a business day, is a China midnight, and never comes sooner than n calendar days', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-12-01T00:00:00Z') }), fc.integer({ min: 1, max: 10 }), (from, n) => {
        const due = businessDeadline(from, n);
        const lastDay = new Date(due.getTime() - 1 + 8 * 3_600_000).toISOString().slice(0, 10);
        expect(isBusinessDay(lastDay)).toBe(true);
        expect((due.getTime() + 8 * 3_600_000) % 86_400_000).toBe(0);
        expect(due.getTime() - from).toBeGreaterThan(n * 86_400_000 - 86_400_000);
      }),
    );
  });
});
