import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The user's data folder, the same one Electron's app.getPath('userData') gives for "Genten":
 * %APPDATA%\Genten, ~/Library/Application Support/Genten, $XDG_CONFIG_HOME/Genten (~/.config/Genten).
 * GENTEN_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GENTEN_DATA_DIR) return path.resolve(env.GENTEN_DATA_DIR);
  return platformDataDir(env);
}

/** The platform's data folder for Genten, without the GENTEN_DATA_DIR override. */
export function platformDataDir(env: NodeJS.ProcessEnv = process.env): string {
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

/**
 * The folder of Genten's package.json: the repository when run from source (src/…) or from the built
 * CLI (out/cli/…), the app folder when packaged. Found by walking up, so bundling, which moves code
 * into other folders, does not change it.
 */
export function packageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}

let packagedResources: string | undefined;

/**
 * The packaged app's resources folder (Electron's process.resourcesPath), set once at start by the
 * Electron host when app.isPackaged; undefined when running from source. A documented module
 * singleton: a bundled main cannot find resources relative to its own file.
 */
export function usePackagedResourcesDir(dir: string): void {
  packagedResources = path.resolve(dir);
}

export function packagedResourcesDir(): string | undefined {
  return packagedResources;
}

/** Where the app keeps the offline copy of a shared library: `<data>/offline/<bucket>/<prefix>`. */
export function defaultOfflineDir(location: { bucket: string; prefix: string }, dataDir: string = defaultDataDir()): string {
  return path.join(dataDir, 'offline', location.bucket, ...location.prefix.split('/').filter(Boolean));
}
