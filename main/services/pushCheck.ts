/**
 * Main checks every queued mutation against the wire schema before it leaves. One that can never be
 * accepted (a malformed row from an older version, text PostgreSQL cannot store) is answered here as
 * `rejected` and set aside, so it cannot fail the batch it travels in; the rest go to the server in
 * their order.
 */
import { MutationSchema, type Mutation, type MutationResult, type PushResponse } from '@common/api';
import { unstorableText } from '@common/api/storableText';
import { formatPath } from '@common/domain';
import type { PushAnswer } from '@common/ipc/contract';

export type Checked = { valid: Mutation[]; refused: Map<number, MutationResult> };

/** Splits a batch into what may be sent and what is refused (by position), with the reason. */
export function checkMutations(mutations: readonly unknown[]): Checked {
  const valid: Mutation[] = [];
  const refused = new Map<number, MutationResult>();
  mutations.forEach((raw, i) => {
    const clientId = typeof (raw as { clientId?: unknown } | null)?.clientId === 'string' ? (raw as { clientId: string }).clientId : `#${i}`;
    const parsed = MutationSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = formatPath(issue?.path ?? []);
      refused.set(i, quarantined(clientId, path, issue?.message ?? 'invalid'));
      return;
    }
    const bad = unstorableText(parsed.data);
    if (bad) {
      refused.set(i, quarantined(clientId, formatPath(bad.path), bad.reason));
      return;
    }
    valid.push(parsed.data);
  });
  return { valid, refused };
}

function quarantined(clientId: string, path: string, message: string): MutationResult {
  return {
    clientId,
    status: 'rejected',
    reason: 'invalid_request',
    message: `not sent: ${path}: ${message}`,
    issues: [{ path, message }],
  };
}

/** Sends what passes the check and answers for every mutation, in the order given. */
export async function pushChecked(mutations: readonly unknown[], send: (valid: Mutation[]) => Promise<PushResponse>): Promise<PushAnswer> {
  const { valid, refused } = checkMutations(mutations);
  const answer = valid.length > 0 ? await send(valid) : { results: [] };
  const byId = new Map(answer.results.map((r) => [r.clientId, r]));
  const results: MutationResult[] = [];
  let v = 0;
  mutations.forEach((_raw, i) => {
    const own = refused.get(i);
    if (own) results.push(own);
    else {
      const sent = valid[v++]!;
      const r = byId.get(sent.clientId);
      if (r) results.push(r);
    }
  });
  return { results, quarantined: [...refused.values()].map((r) => r.clientId) };
}
