import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes `dir` and everything under it private to this user: folders 0700, files 0600. The data
 * folders hold case data, password hashes, tokens and the audit log; an umask of 0 (common in
 * containers and some desktops) would otherwise leave them readable and writable by every local
 * user. Existing trees are tightened too (an older install), never loosened; symlinks are left
 * alone. Returns how many entries were changed.
 */
export async function makePrivate(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let changed = 0;
  const walk = async (p: string): Promise<void> => {
    const st = await lstat(p);
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) {
      await chmod(p, want);
      changed++;
    }
    if (st.isDirectory()) for (const name of await readdir(p)) await walk(path.join(p, name));
  };
  await walk(dir);
  return changed;
}

/**
 * New files and folders this process creates are private from the start (0600 / 0700), whatever
 * the umask it inherited: PGlite, the media cache and the settings write their files with the
 * default mode. Called by each entry point that keeps data (the app's main process, the host, the
 * server on PGlite), never by library code.
 */
export function privateByDefault(): void {
  process.umask(0o077);
}
