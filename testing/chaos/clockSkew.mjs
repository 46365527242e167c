// Test-only clock skew for a Node process: `node --import testing/chaos/clockSkew.mjs` with
// GAVEL_TEST_CLOCK_SKEW_MS=<ms> shifts Date (now, the no-argument constructor) by that many
// milliseconds. Product code has no hook for this; the chaos runner preloads it into the host process
// only. Timers and performance.now() are monotonic and stay untouched, as on a machine whose
// wall clock is simply wrong.
const skew = Number(process.env.GAVEL_TEST_CLOCK_SKEW_MS ?? 0);
if (Number.isFinite(skew) && skew !== 0) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + skew);
      else super(...args);
    }
    static now() {
      return realNow() + skew;
    }
  }
  globalThis.Date = SkewedDate;
}
