/**
 * The installer configuration, kept honest where installers cannot be built (no Electron binary,
 * no NSIS/WiX downloads): electron-builder.yml passes electron-builder's own schema; every path it
 * names exists after the build; the packaged entry (out/main) starts against a stub `electron`
 * and reads models, the catalogue, the renderer and IT's bundled policy from the packaged paths;
 * and `npm run dist` without Electron's binary ends in one sentence. Slow (a full build): kept out
 * of the unit tests.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { makeTempDir } from '../../helpers/temp';
import { writeTinyGguf } from '../../helpers/tiny-gguf';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(path.join(ROOT, 'package.json'));
const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

/** electron-builder's own validation: its JSON schema (app-builder-lib/scheme.json) plus its deprecation checks. */
async function validate(candidate: unknown): Promise<void> {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(c: unknown, logger: unknown): Promise<void>;
  };
  await validateConfiguration(candidate, { isEnabled: false, add() {} });
}

/** A glob as electron-builder's filters write them (`**`, `*`, `?`) → a RegExp over '/'-separated paths. */
function globRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Files under `root` matching `glob` (relative paths), searching only below its literal prefix; stops at `limit`. */
function matches(root: string, glob: string, limit = Infinity): string[] {
  const literal = glob.split('/').filter((p, i, all) => !/[*?]/.test(p) && i < all.length - 1);
  const regexp = globRegExp(glob);
  const found: string[] = [];
  const walk = (rel: string) => {
    if (found.length >= limit) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      // node_modules is a symbolic link in the staged app (as in the repository's own layout).
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && fs.statSync(path.join(root, child), { throwIfNoEntry: false })?.isDirectory());
      if (isDir) walk(child);
      else if (regexp.test(child)) found.push(child);
      if (found.length >= limit) return;
    }
  };
  const start = literal.join('/');
  if (fs.existsSync(path.join(root, start)) && fs.statSync(path.join(root, start)).isFile()) return regexp.test(start) ? [start] : [];
  walk(start);
  return found;
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own schema, which rejects a wrong value', async () => {
    await expect(validate(config)).resolves.toBeUndefined();
    await expect(validate({ ...config, msi: { ...config.msi, perMachine: 'yes' } })).rejects.toThrow(/msi\.perMachine should be a boolean/);
    await expect(validate({ ...config, nsis: { ...config.nsis, silentInstall: true } })).rejects.toThrow(/Invalid configuration/);
  });

  it('builds what IT rolls out: NSIS and MSI per machine (stable upgrade code), dmg and pkg, deb, rpm and AppImage', () => {
    const targets = (platform: string) => (config[platform].target as Array<string | { target: string }>).map((t) => (typeof t === 'string' ? t : t.target));
    expect(targets('win')).toEqual(['nsis', 'msi']);
    expect(targets('mac')).toEqual(['dmg', 'pkg']);
    expect(targets('linux')).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false });
    expect(config.msi).toMatchObject({
      perMachine: true,
      upgradeCode: expect.stringMatching(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/),
    });
    expect(config.pkg).toMatchObject({ installLocation: '/Applications' });
    expect(config.publish).toBeNull();
    expect(config.appId).toBe('jp.genten.app'); // the managed-preferences plist name (policy/sources.ts)
  });
});

describe('the packaged app (after the build)', () => {
  const temp = makeTempDir('genten-packaging-');
  const app = path.join(temp.dir, 'app'); // what app.asar holds
  const resources = path.join(temp.dir, 'resources'); // process.resourcesPath
  afterAll(() => temp.cleanup());

  /**
   * Runs the packaged entry (out/main) in plain Node against the stub electron, with a harness that
   * prints what the main process registered (HARNESS {…}) once its window and handlers exist.
   */
  async function runPackagedMain(machinePolicy: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const harness = path.join(temp.dir, 'harness.mjs');
    const stub = pathToFileURL(path.join(ROOT, 'tests', 'integration', 'packaging', 'stub-electron.mjs')).href;
    fs.writeFileSync(
      harness,
      `import { register } from 'node:module';
  register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(`export async function resolve(s, c, next) { return s === 'electron' ? { url: ${JSON.stringify(stub)}, shortCircuit: true } : next(s, c); }`)}));
  process.resourcesPath = ${JSON.stringify(resources)};
  globalThis[Symbol.for('genten.test.policySources')] = [{ kind: 'file', path: ${JSON.stringify(machinePolicy)} }];
  const started = Date.now();
  const timer = setInterval(async () => {
    const s = globalThis.__gentenStub;
    if (!s || !s.windows.length || !s.handlers.has('genten:getPolicy')) {
      if (Date.now() - started > 60000) { console.log('HARNESS ' + JSON.stringify({ error: 'the main process did not start' })); process.exit(2); }
      return;
    }
    clearInterval(timer);
    const win = s.windows[0];
    const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    const page = await s.protocols.get('app')(new Request('app://genten/index.html'));
    const result = {
      url: win.webContents.mainFrame.url,
      userData: s.paths.userData,
      preload: win.options.webPreferences.preload,
      policy: await s.handlers.get('genten:getPolicy')(event),
      models: await s.handlers.get('genten:listModels')(event),
      status: await s.handlers.get('genten:status')(event),
      page: { status: page.status, csp: page.headers.get('content-security-policy'), html: (await page.text()).slice(0, 400) },
    };
    console.log('HARNESS ' + JSON.stringify(result));
    process.exit(0);
  }, 100);
  `,
    );
    const childEnv = { ...process.env, ...env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
    const child = spawn(process.execPath, ['--import', pathToFileURL(harness).href, path.join(app, 'out', 'main', 'index.js')], {
      cwd: temp.dir,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stdout, stderr };
  }

  beforeAll(() => {
    fs.mkdirSync(app, { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
    const cli = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    const run = spawnSync(process.execPath, [cli, 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      env: { ...process.env, GENTEN_OUT_DIR: path.join(app, 'out'), ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    if (run.status !== 0) throw new Error(`electron-vite build failed:\n${run.stderr}${run.stdout}`);
    // extraResources, copied as electron-builder copies them.
    for (const entry of config.extraResources as Array<{ from: string; to: string; filter: string[] }>) {
      for (const glob of entry.filter) {
        for (const rel of matches(path.join(ROOT, entry.from), glob)) {
          const target = path.join(resources, entry.to, rel);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.copyFileSync(path.join(ROOT, entry.from, rel), target);
        }
      }
    }
  }, 300_000);

  it('every path electron-builder.yml names exists', () => {
    const missing: string[] = [];
    const need = (what: string, ok: boolean) => ok || missing.push(what);
    need(`directories.buildResources ${config.directories.buildResources}`, fs.existsSync(path.join(ROOT, config.directories.buildResources)));
    for (const glob of config.files as string[]) {
      if (glob.startsWith('!')) continue;
      need(`files ${glob}`, matches(app, glob, 1).length > 0);
    }
    for (const entry of config.extraResources as Array<{ from: string; filter: string[] }>) {
      need(`extraResources from ${entry.from}`, fs.existsSync(path.join(ROOT, entry.from)));
      for (const glob of entry.filter) need(`extraResources ${entry.from}/${glob}`, matches(path.join(ROOT, entry.from), glob, 1).length > 0);
    }
    for (const glob of config.asarUnpack as string[]) need(`asarUnpack ${glob}`, matches(app, glob, 1).length > 0);
    expect(missing).toEqual([]);
    // The worker entries the main process starts, and the three OCR languages.
    for (const file of ['out/main/index.js', 'out/main/parse-worker.js', 'out/main/analysis-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html'])
      expect(fs.existsSync(path.join(app, file)), file).toBe(true);
    expect(fs.readdirSync(path.join(resources, 'ocr')).sort()).toEqual(['eng.traineddata.gz', 'jpn.traineddata.gz', 'jpn_vert.traineddata.gz']);
    expect(fs.readdirSync(path.join(resources, 'samples')).length).toBeGreaterThanOrEqual(2);
  });

  it('out/main starts against a stub electron and loads models, the renderer and the bundled policy from the packaged paths', async () => {
    // IT's additions before building: a model in resources/models and a bundled policy.
    const model = await writeTinyGguf(path.join(resources, 'models', 'tiny-chat.gguf'));
    fs.writeFileSync(path.join(resources, 'policy.json'), JSON.stringify({ modelDownloads: 'deny', allowedModelDirs: [path.join(resources, 'models')] }));
    const machinePolicy = path.join(temp.dir, 'etc-genten', 'policy.json'); // injected: never the real /etc/genten
    const dataDir = path.join(temp.dir, 'user-data');
    // As the app runs once it has relaunched itself with glibc's arenas capped (the next test).
    const { code, stdout, stderr } = await runPackagedMain(machinePolicy, { GENTEN_DATA_DIR: dataDir, MALLOC_ARENA_MAX: '2' });
    const line = stdout.split('\n').find((l) => l.startsWith('HARNESS '));
    expect(line, `exit ${code}\n${stderr}\n${stdout}`).toBeDefined();
    const result = JSON.parse(line!.slice('HARNESS '.length));
    expect(code).toBe(0);
    expect(result.url).toBe('app://genten/index.html');
    expect(result.userData).toBe(dataDir);
    expect(result.preload).toBe(path.join(app, 'out', 'preload', 'index.cjs'));
    expect(result.page).toMatchObject({ status: 200, csp: expect.stringContaining("default-src 'none'") });
    expect(result.page.html).toContain('<!doctype html>');
    // The model IT bundled is found in the packaged resources folder…
    expect(result.models).toMatchObject({ ok: true, value: [expect.objectContaining({ path: fs.realpathSync(model), hasChatTemplate: true })] });
    // …and the bundled policy is read from there too, after the machine's (absent) one.
    expect(result.policy.value.sources).toEqual([
      { source: `file ${machinePolicy}`, found: false },
      { source: `file ${path.join(resources, 'policy.json')}`, found: true },
    ]);
    expect(result.policy.value.keys).toContainEqual({
      key: 'modelDownloads',
      value: 'deny',
      source: `file ${path.join(resources, 'policy.json')}`,
      managed: true,
    });
    expect(result.status).toMatchObject({ ok: true, value: { path: path.join(dataDir, 'library'), documents: 0 } });
  }, 120_000);

  it.runIf(process.platform === 'linux')(
    'on Linux, first relaunches itself once with MALLOC_ARENA_MAX=2 and opens no window',
    async () => {
      const env: NodeJS.ProcessEnv = { GENTEN_DATA_DIR: path.join(temp.dir, 'user-data-relaunch'), MALLOC_ARENA_MAX: undefined };
      const { code, stdout, stderr } = await runPackagedMain(path.join(temp.dir, 'etc-genten', 'policy.json'), env);
      const exit = stdout.split('\n').find((l) => l.startsWith('STUB-EXIT '));
      expect(exit, `exit ${code}\n${stderr}\n${stdout}`).toBeDefined();
      expect(JSON.parse(exit!.slice('STUB-EXIT '.length))).toEqual({ code: 0, relaunched: true, arenas: '2', windows: 0 });
      expect(code).toBe(0);
    },
    120_000,
  );
});

describe('npm run dist', () => {
  it('without Electron’s binary, fails with one clear sentence and no stack trace', () => {
    const empty = makeTempDir('genten-no-electron-');
    try {
      const run = spawnSync('npm', ['run', '--silent', 'dist'], {
        cwd: ROOT,
        // An Electron dist folder with no binary: the same as a machine where it was never downloaded.
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty.dir },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(run.status).toBe(1);
      const lines = run.stderr.split('\n').filter((l) => l.trim());
      expect(lines, run.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^npm run dist: no installer was built: Electron's binary is not installed .*\.$/);
      expect(run.stderr + run.stdout).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.join(ROOT, 'dist', 'electron-builder.log'))).toBe(false);
    } finally {
      empty.cleanup();
    }
  });
});
