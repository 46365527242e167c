export * from './types';
export * from './cities';
export { assessCase, shipTimeoutCount, toMillis } from './engine';
export * from './lifecycle';
export * from './decision';
export * from './refs';
export { normaliseText, contactKinds, priceClaims } from './text';
export * from './snippets';
