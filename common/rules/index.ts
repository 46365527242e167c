export * from './types';
export * from './cities';
export { assessCase, expectedParcelWeightG, shipTimeoutCount, toMillis } from './engine';
export { ageBeyond, keepSide } from './figures';
export * from './lifecycle';
export * from './decision';
export * from './refs';
export { normaliseText, contactKinds, priceClaims } from './text';
