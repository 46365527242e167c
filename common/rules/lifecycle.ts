import { isSeriousKind, type CaseStatus, type ComplaintKind } from '../domain/case';

/** Statuses in which the complainant may still withdraw: anything before a decision. */
export const WITHDRAWABLE_STATUSES: readonly CaseStatus[] = ['queued', 'claimed', 'awaiting_evidence'];

export function canWithdraw(status: CaseStatus): boolean {
  return WITHDRAWABLE_STATUSES.includes(status);
}

export type WithdrawResult = { ok: true; status: CaseStatus } | { ok: false; reason: string };

/**
 * The withdrawal rule: before a decision the case becomes `withdrawn`, except serious kinds
 * (counterfeit, false_advertising), which become `withdrawn_penalty_retained`: the complaint is
 * gone, but the penalty review against the merchant still needs a decision.
 */
export function withdraw(status: CaseStatus, kind: ComplaintKind): WithdrawResult {
  if (!canWithdraw(status)) return { ok: false, reason: `a case in status "${status}" can no longer be withdrawn` };
  return { ok: true, status: isSeriousKind(kind) ? 'withdrawn_penalty_retained' : 'withdrawn' };
}
