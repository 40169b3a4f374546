import os from 'node:os';
import path from 'node:path';

/**
 * The user's data folder, the same one Electron's app.getPath('userData') gives for "Genten":
 * %APPDATA%\Genten, ~/Library/Application Support/Genten, $XDG_CONFIG_HOME/Genten (~/.config/Genten).
 * GENTEN_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GENTEN_DATA_DIR) return path.resolve(env.GENTEN_DATA_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Genten');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Genten');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Genten');
  }
}

/** The library (LanceDB folder) inside the data folder, unless `--db` names another. */
export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultDataDir(env), 'library');
}

/** Where the app keeps the offline copy of a shared library: `<data>/offline/<bucket>/<prefix>`. */
export function defaultOfflineDir(location: { bucket: string; prefix: string }, dataDir: string = defaultDataDir()): string {
  return path.join(dataDir, 'offline', location.bucket, ...location.prefix.split('/').filter(Boolean));
}
