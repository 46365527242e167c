/**
 * The backend's HTTP wire contract: zod schemas for every request and response body, shared by
 * server/ (validation, /openapi.json) and main/ (the app's transport). Pure: no node:, no DOM.
 * One module per area, matching server/routes/<area>.ts; the routes themselves are declared once,
 * as data, in ./routes.ts (imported from '@common/api/routes').
 */
export * from './shared';
export * from './auth';
export * from './cases';
export * from './import';
export * from './sync';
export * from './platform';
export * from './qa';
export * from './policies';
export * from './notices';
export * from './snippets';
export * from './demo';
export * from './precedents';
export * from './workforce';
export * from './timeline';
export * from './macros';
export * from './routing';
export * from './links';
