import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEFAULT_POLICY } from '@common/policy';
import { cleanBundleInput } from './fixtures/bundles';
import type { CaseBundleInput, ComplaintKind, Decision } from '@common/domain';
import type { Role } from '@common/api';
import { buildApp } from '../server/app';
import { openDatabase, type Database } from '../server/db/database';
import { pgSkipReason, startPgCluster, type PgCluster } from '../server/db/pgCluster';

/** Test support: an app on PGlite (in memory) or on a throwaway PostgreSQL cluster. */
export type Engine = 'pglite' | 'postgres';
export type TestEnv = { app: FastifyInstance; database: Database; close: () => Promise<void> };

/** Why the PostgreSQL variants are skipped here (null: they run); throws where PostgreSQL is required (CI). */
export const PG_SKIP_REASON = pgSkipReason();

let cluster: PgCluster | undefined;
let clusterUsers = 0;
let dbCounter = 0;

/** A fresh database on the shared per-file cluster (one CREATE DATABASE per env, cheap). */
export async function freshPgUrl(): Promise<{ url: string; release: () => void }> {
  cluster ??= await startPgCluster();
  clusterUsers++;
  const name = `t${process.pid}_${++dbCounter}`;
  const admin = await openRaw(cluster.url);
  await admin.query(`create database ${name}`);
  await admin.end();
  const base = cluster.url.replace(/\/postgres$/, `/${name}`);
  return {
    url: base,
    release: () => {
      clusterUsers--;
      if (clusterUsers === 0 && cluster) {
        cluster.stop();
        cluster = undefined;
      }
    },
  };
}

async function openRaw(url: string) {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

export async function makeEnv(engine: Engine, opts: { url?: string } = {}): Promise<TestEnv> {
  let release = () => {};
  let database: Database;
  if (engine === 'postgres') {
    let url = opts.url;
    if (!url) {
      const fresh = await freshPgUrl();
      url = fresh.url;
      release = fresh.release;
    }
    database = await openDatabase({ url });
  } else database = await openDatabase({});
  const app = await buildApp({ db: database.db, engine: database.engine, policy: DEFAULT_POLICY, logger: false, background: false });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
      release();
    },
  };
}

export const USERS: Record<string, { password: string; role: Role }> = {
  arb1: { password: 'password-arb1', role: 'arbitrator' },
  arb2: { password: 'password-arb2', role: 'arbitrator' },
  sup1: { password: 'password-sup1', role: 'supervisor' },
  admin: { password: 'password-admin', role: 'admin' },
};

export type Session = { token: string; userId: string; role: Role };

export async function seedUsers(app: FastifyInstance, names: string[] = Object.keys(USERS)): Promise<Record<string, Session>> {
  const out: Record<string, Session> = {};
  for (const name of names) {
    const u = USERS[name] ?? { password: `password-${name}`, role: 'arbitrator' as const };
    const view = await app.gavel.deps.auth.createUser({ username: name, displayName: name, role: u.role, password: u.password }, null);
    const res = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: name, password: u.password } });
    const body = res.json<{ accessToken: string }>();
    out[name] = { token: body.accessToken, userId: view.id, role: u.role };
  }
  return out;
}

export function call(app: FastifyInstance, s: Session | null, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, headers: s ? { authorization: `Bearer ${s.token}` } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** A valid bundle (the domain's clean fixture) with its own externalId, kind and priority. */
export function bundle(i: number, over: { kind?: ComplaintKind; priority?: 'low' | 'normal' | 'high' | 'urgent'; dueAt?: string } = {}): CaseBundleInput {
  const b = cleanBundleInput();
  b.case.externalId = `EXT-${i}`;
  b.case.id = `c-${i}`;
  if (over.kind) b.case.kind = over.kind;
  if (over.priority) b.case.priority = over.priority;
  if (over.dueAt) b.case.dueAt = over.dueAt;
  return b;
}

/** A decision the default policy accepts for the fixture's kind. */
export function decisionFor(kind: ComplaintKind, userId: string, mutationId: string): Decision {
  const rc = DEFAULT_POLICY.reasonCodes[kind].find((r) => r.verdicts.includes('rejected'));
  return {
    verdict: 'rejected',
    remedies: ['no_action'],
    reasonCodes: rc ? [rc.code] : [],
    note: 'test decision',
    citedEvidence: [],
    decidedBy: userId,
    decidedAt: new Date().toISOString(),
    policyVersion: DEFAULT_POLICY.version,
    mutationId,
  };
}
