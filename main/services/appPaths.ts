import os from 'node:os';
import path from 'node:path';

/**
 * Where Gavel keeps its data when not told otherwise: the same folder Electron's `userData` resolves to
 * for this package (`gavel`), so browser mode and the desktop app share settings on one machine.
 * `GAVEL_DATA_DIR` overrides it (tests, several profiles side by side).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.GAVEL_DATA_DIR) return path.resolve(env.GAVEL_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'gavel');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'gavel');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'gavel');
}
