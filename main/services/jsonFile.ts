import type * as fsp from 'node:fs/promises';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Read JSON, or undefined when the file does not exist. Malformed JSON throws. */
export async function readJsonFile(filePath: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as unknown;
}

/** The file operations an atomic write needs; tests pass a disk that fills up. */
export type WriteFs = Pick<typeof fsp, 'writeFile' | 'rename' | 'rm' | 'mkdir'>;
const realFs: WriteFs = { writeFile, rename, rm, mkdir };

/** Temp files of atomic writes end in `.tmp`; a crash (or a full disk) mid-write can leave one. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Write via a temp file and rename, so a crash mid-write never leaves a truncated settings file.
 * A write that fails (a full disk) removes its temp file: the old file is untouched, and nothing
 * half-written stays behind. Private to this user (0600 in a 0700 folder), like everything in the
 * app's data folder.
 */
export async function writeJsonFileAtomic(filePath: string, value: unknown, fs: WriteFs = realFs): Promise<void> {
  await fs.mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
  const tmp = `${filePath}.${process.pid}.${Date.now()}${TEMP_SUFFIX}`;
  try {
    await fs.writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    await fs.rename(tmp, filePath);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Removes temp files a previous run left behind in `dir` (not recursively): a write that was cut
 * short by a crash or a power cut never got to rename or remove its temp file. Returns what went.
 */
export async function removeTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const gone: string[] = [];
  for (const name of names) {
    if (!name.endsWith(TEMP_SUFFIX)) continue;
    await rm(path.join(dir, name), { force: true, recursive: false }).then(
      () => gone.push(name),
      () => undefined,
    );
  }
  return gone;
}
