/**
 * Where the machine's policy lives, per platform: places a normal user cannot write, in the form
 * each platform's management tools write. Earlier sources take precedence for values that have no
 * "stricter" (dataDir, audit.dir, audit.questions); for everything else the strictest value of all
 * sources wins, so no source (nor a variable that moves one) can loosen another.
 */
import path from 'node:path';

export type PolicySourceSpec = { kind: 'registry'; key: string } | { kind: 'file'; path: string } | { kind: 'plist'; path: string };

/** The app's bundle id (electron-builder's appId): the name of its managed-preferences plist. */
export const BUNDLE_ID = 'jp.genten.app';

/**
 * Where tests of the real executables (the CLI, the packaged main) put the policy sources to use
 * instead of the machine's: a module they preload sets this global. Code, never the environment;
 * the packaged app's fuses refuse preloaded modules.
 */
export const TEST_POLICY_SOURCES = Symbol.for('genten.test.policySources');

/** The sources Policy.load() reads by default: the machine's, unless a test preloaded its own. */
export function machinePolicySources(): PolicySourceSpec[] {
  const injected = (globalThis as Record<symbol, unknown>)[TEST_POLICY_SOURCES];
  return Array.isArray(injected) ? (injected as PolicySourceSpec[]) : systemPolicySources();
}

export function describeSource(spec: PolicySourceSpec): string {
  return spec.kind === 'registry' ? `registry ${spec.key}` : `${spec.kind} ${spec.path}`;
}

/**
 * The machine-wide policy sources of `platform`. On Windows the fixed C:\ProgramData comes before
 * %ProgramData% (read too when it differs): a user who points the variable elsewhere only adds a
 * source, which can tighten but never loosen.
 */
export function systemPolicySources(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): PolicySourceSpec[] {
  switch (platform) {
    case 'win32': {
      const dirs = ['C:\\ProgramData', env.ProgramData].filter((d): d is string => typeof d === 'string' && d.length > 0);
      const unique = [...new Set(dirs.map((d) => path.win32.resolve(d).toLowerCase()))].map((lower) =>
        dirs.find((d) => path.win32.resolve(d).toLowerCase() === lower)!,
      );
      return [
        { kind: 'registry', key: 'HKLM\\SOFTWARE\\Policies\\Genten' },
        ...unique.map((d) => ({ kind: 'file' as const, path: path.win32.join(d, 'Genten', 'policy.json') })),
      ];
    }
    case 'darwin':
      return [
        { kind: 'plist', path: `/Library/Managed Preferences/${BUNDLE_ID}.plist` },
        { kind: 'file', path: '/Library/Application Support/Genten/policy.json' },
      ];
    default:
      return [{ kind: 'file', path: '/etc/genten/policy.json' }];
  }
}
