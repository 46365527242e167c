/**
 * The disk is full (or the user's quota on it is used up). Named apart from other I/O failures
 * because the remedy is the user's, not ours: free some space; nothing already saved was lost.
 */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

export class DiskFullError extends Error {
  readonly code = 'disk_full';
  constructor(what: string, cause: unknown) {
    super(`The disk is full: ${what} could not be saved. Free some disk space and try again; nothing saved before was lost.`, { cause });
    this.name = 'DiskFullError';
  }
}
