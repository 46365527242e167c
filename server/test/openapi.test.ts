/**
 * The published contract: /openapi.json as the server serves it passes a standard OpenAPI 3.1
 * validator, lists every route (health and readiness included), and is enough to generate a typed
 * client: openapi-typescript turns it into types that the TypeScript compiler accepts, and that
 * refuse a wrong use.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeList } from '@common/api/routes';
import { call, makeEnv, type TestEnv } from '../../testing/serverHarness';

type Doc = { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

describe('/openapi.json', () => {
  let env: TestEnv;
  let doc: Doc;
  beforeAll(async () => {
    env = await makeEnv('pglite');
    const res = await call(env.app, null, 'GET', '/openapi.json');
    expect(res.statusCode).toBe(200);
    doc = res.json<Doc>();
  });
  afterAll(async () => env?.close());

  it('passes a standard OpenAPI 3.1 validator (@apidevtools/swagger-parser)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('lists every route of the table, and health, readiness and itself', () => {
    for (const r of routeList) expect(doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
    for (const p of ['/healthz', '/readyz', '/openapi.json']) expect(doc.paths[p]?.get, p).toBeDefined();
    expect(doc.paths['/readyz']?.get?.responses?.['503']).toBeDefined();
  });

  it('generates a typed client (openapi-typescript) that compiles, and that refuses a wrong use', { timeout: 60_000 }, async () => {
    const types = astToString(await openapiTS(structuredClone(doc) as never));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-openapi-'));
    try {
      writeFileSync(path.join(dir, 'api.d.ts'), types);
      // A client a platform would write: typed calls by path and method.
      const client = `
import type { paths } from './api';
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer Rs } ? (Rs extends { 200: infer R } ? Json<R> : Rs extends { 201: infer R } ? Json<R> : never) : never;
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** Any HTTP transport (fetch, undici…): the types come from the document. */
export type Send = (method: string, url: string, headers: Record<string, string>) => Promise<unknown>;
export async function get<P extends keyof paths>(send: Send, base: string, token: string, p: P): Promise<Answer<P, 'get'>> {
  return (await send('GET', base + String(p), { authorization: 'Bearer ' + token })) as Answer<P, 'get'>;
}
declare const policy: Answer<'/v1/policies/{version}', 'get'>;
export const label: string = policy.catalogue.fake_shipment.remedies[0]!.zh;
export const version: string = policy.version;
declare const result: Answer<'/v1/import', 'post'>;
export const created: number = result.summary.created;
declare const push: Body<'/v1/sync/push', 'post'>;
export const kind: string | undefined = push.mutations[0]?.type;
declare const health: Answer<'/healthz', 'get'>;
export const status: 'ok' | 'unavailable' = health.status;
`;
      writeFileSync(path.join(dir, 'client.ts'), client);
      writeFileSync(path.join(dir, 'wrong.ts'), `import type { Answer } from './client';\ndeclare const p: Answer<'/v1/policies/{version}', 'get'>;\nexport const n: number = p.version;\n`);
      const program = ts.createProgram([path.join(dir, 'client.ts'), path.join(dir, 'wrong.ts')], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts'], types: [] });
      const diagnostics = (file: string) =>
        [...program.getSyntacticDiagnostics(program.getSourceFile(path.join(dir, file))), ...program.getSemanticDiagnostics(program.getSourceFile(path.join(dir, file)))].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(program.getGlobalDiagnostics()).toEqual([]);
      expect(diagnostics('api.d.ts')).toEqual([]);
      expect(diagnostics('client.ts')).toEqual([]);
      const wrong = diagnostics('wrong.ts');
      expect(wrong).toHaveLength(1);
      expect(wrong[0]).toMatch(/Type 'string' is not assignable to type 'number'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
