/**
 * ISO-8601 → epoch ms for the fixed shape platform timestamps take (`YYYY-MM-DDTHH:mm:ss[.fff](Z|±HH:MM)`),
 * much cheaper than Date.parse (docs/performance.md); anything else falls back to Date.parse. The
 * rules parse dozens of timestamps per bundle, against the domain bench's per-bundle budget.
 */
const d2 = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;

export function isoMs(s: string): number {
  if (
    s.length < 20 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    (s.charCodeAt(10) !== 84 && s.charCodeAt(10) !== 116) ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  )
    return Date.parse(s);
  const y = d2(s, 0) * 100 + d2(s, 2);
  const mo = d2(s, 5);
  const d = d2(s, 8);
  let i = 19;
  let frac = 0;
  if (s.charCodeAt(i) === 46) {
    i++;
    let scale = 100;
    for (let k = s.charCodeAt(i) - 48; k >= 0 && k <= 9; k = s.charCodeAt(i) - 48) {
      frac += k * scale;
      scale /= 10;
      i++;
    }
  }
  let offsetMin = 0;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== s.length) return Date.parse(s);
  } else if (z === 43 || z === 45) {
    if (s.length !== i + 6 || s.charCodeAt(i + 3) !== 58) return Date.parse(s);
    offsetMin = d2(s, i + 1) * 60 + d2(s, i + 4);
    if (z === 43) offsetMin = -offsetMin;
  } else return Date.parse(s);
  // days from civil (H. Hinnant), proleptic Gregorian
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * ((mo + 9) % 12) + 2) / 5) + d - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return ((days * 24 + d2(s, 11)) * 60 + d2(s, 14) + offsetMin) * 60_000 + d2(s, 17) * 1000 + Math.floor(frac);
}
