/**
 * Mainland China business days: Monday to Friday, minus public holidays, plus the official make-up
 * working days (调休补班) that fall on a weekend. The calendar is the `chinese-days` package's
 * published data file (State Council announcements, one entry per date), not code of ours: a new
 * year's schedule arrives by updating the package. Only its data is used, because the package's
 * functions read the weekday in the process's local time zone, which would shift every date by one
 * on a server west of Greenwich; here every date is a calendar day in China (UTC+8, no DST).
 */
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

type CalendarData = { holidays: Record<string, string>; workdays: Record<string, string> };
const cal = calendar as CalendarData;

const DAY_MS = 86_400_000;
/** China Standard Time is UTC+8 all year. */
const CN_OFFSET_MS = 8 * 3_600_000;

/** The years the calendar data covers (holidays announced); beyond them only weekends are known. */
export const BUSINESS_CALENDAR_YEARS: readonly number[] = [...new Set(Object.keys(cal.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);

/** Whether holidays and make-up days of `year` are known (the State Council publishes them each November). */
export function calendarCoversYear(year: number): boolean {
  return BUSINESS_CALENDAR_YEARS.includes(year);
}

/** Days since 1970-01-01 of the China calendar day that contains `ms`. */
const cnDayNumber = (ms: number): number => Math.floor((ms + CN_OFFSET_MS) / DAY_MS);
const ymdOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Whether a China calendar day (`YYYY-MM-DD`) is a working day. */
export function isBusinessDay(ymd: string): boolean {
  if (cal.workdays[ymd] !== undefined) return true;
  if (cal.holidays[ymd] !== undefined) return false;
  const weekday = new Date(`${ymd}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The deadline `n` business days after `from`: the end (24:00 China time) of the n-th business day
 * that follows the China calendar day `from` falls on. The day of the request itself never counts,
 * however early it was made, so every party gets n whole working days. n ≤ 0 gives the end of that day.
 */
export function businessDeadline(from: Date | number, n: number): Date {
  const start = cnDayNumber(typeof from === 'number' ? from : from.getTime());
  let day = start;
  let left = Math.max(0, Math.ceil(n));
  // The guard only stops a corrupt calendar file from looping forever (ten years of days).
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    day++;
    if (isBusinessDay(ymdOf(day))) left--;
  }
  return new Date((day + 1) * DAY_MS - CN_OFFSET_MS);
}
