export * from './types';
export * from './cities';
export { assessCase, expectedParcelWeightG, shipTimeoutCount, toMillis } from './engine';
export { ageBeyond, keepSide } from './figures';
export { FINDING_DATA, FindingSchema } from './findingData';
export * from './lifecycle';
export * from './decision';
export * from './refs';
export { normaliseText, contactKinds, contactRanges, priceClaims } from './text';
