/**
 * Why a local write was refused: the decision outbox and the QA review outbox raise it alike, so
 * it lives apart from both (neither repository imports the other for it).
 */
export class OutboxError extends Error {
  constructor(
    readonly code: 'case_not_found' | 'already_decided' | 'not_undoable' | 'invalid_mutation',
    message: string,
  ) {
    super(message);
    this.name = 'OutboxError';
  }
}
