/**
 * Managed policy: read from the machine's sources (here injected: temp files, a fake reg.exe),
 * merged strictest-wins, failing closed on anything it cannot understand. Never reads /etc/genten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Policy } from '../../../src/main/core/policy/policy';
import { parseXmlPlist, readPlistFile } from '../../../src/main/core/policy/plist';
import { parseRegQuery, readPolicyRegistry, POLICY_REGISTRY_KEY } from '../../../src/main/core/policy/registry';
import { systemPolicySources } from '../../../src/main/core/policy/sources';
import { urlMatchesPrefix } from '../../../src/main/core/policy/parse';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-policy-');
afterAll(() => temp.cleanup());

function policyFile(name: string, content: unknown): string {
  const file = path.join(temp.dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const REG_OUTPUT = `
HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Genten
    modelDownloads    REG_SZ    deny
    maxFileSizeMB    REG_DWORD    0x64
    allowedModelDirs    REG_MULTI_SZ    C:\\Models\\0D:\\Shared Models
    dataDir    REG_EXPAND_SZ    D:\\GentenData

HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Genten\\answerServers
    allow    REG_MULTI_SZ    http://llm.intra:8080/v1

HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Genten\\audit
    enabled    REG_DWORD    0x1
    questions    REG_SZ    hash
`;

describe('policy sources', () => {
  it('names the places each platform manages', () => {
    expect(systemPolicySources('linux')).toEqual([{ kind: 'file', path: '/etc/genten/policy.json' }]);
    expect(systemPolicySources('darwin')).toEqual([
      { kind: 'plist', path: '/Library/Managed Preferences/jp.genten.app.plist' },
      { kind: 'file', path: '/Library/Application Support/Genten/policy.json' },
    ]);
    const win = systemPolicySources('win32', { ProgramData: 'E:\\PD' });
    expect(win[0]).toEqual({ kind: 'registry', key: 'HKLM\\SOFTWARE\\Policies\\Genten' });
    // The fixed folder is always read; a moved %ProgramData% only adds a source (which cannot loosen).
    expect(win.slice(1).map((s) => (s as { path: string }).path)).toEqual(['C:\\ProgramData\\Genten\\policy.json', 'E:\\PD\\Genten\\policy.json']);
  });

  it('reads a policy.json: values, sources, and the strict keys the user cannot change', async () => {
    const file = policyFile('good.json', {
      modelDownloads: 'deny',
      allowedModelDirs: ['/opt/models'],
      answerServers: { allow: ['http://llm.intra:8080/v1'] },
      serve: 'deny',
      ocr: 'off',
      maxFileSizeMB: 50,
      audit: { enabled: true, questions: 'none' },
    });
    const policy = await Policy.load({
      sources: [
        { kind: 'file', path: path.join(temp.dir, 'absent.json') },
        { kind: 'file', path: file },
      ],
    });
    expect(policy.effective()).toMatchObject({
      modelDownloads: 'deny',
      allowedModelDirs: ['/opt/models'],
      answerServers: { allow: ['http://llm.intra:8080/v1'] },
      serve: 'deny',
      ocr: 'off',
      maxFileSizeMB: 50,
      dataDir: null,
      audit: { enabled: true, questions: 'none' },
    });
    expect(policy.sourceOf('modelDownloads')).toBe(`file ${file}`);
    expect(policy.sourceOf('dataDir')).toBe('default');
    expect(policy.invalid).toEqual([]);
    const report = policy.report();
    expect(report.sources).toEqual([
      { source: `file ${path.join(temp.dir, 'absent.json')}`, found: false },
      { source: `file ${file}`, found: true },
    ]);
    expect(report.telemetry).toBe('none');
    expect(report.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(() => policy.assertModelDownloads()).toThrow(
      expect.objectContaining({ code: 'POLICY', message: expect.stringContaining('Model downloads are turned off by your organisation') }),
    );
    expect(() => policy.assertServe()).toThrow(expect.objectContaining({ code: 'POLICY' }));
    expect(policy.allowsModelFile('/opt/models/qwen.gguf')).toBe(true);
    expect(policy.allowsModelFile('/opt/models-evil/qwen.gguf')).toBe(false);
    expect(policy.allowsModelFile('/home/me/qwen.gguf')).toBe(false);
    expect(policy.allowsAnswerServer('http://llm.intra:8080/v1')).toBe(true);
    expect(policy.allowsAnswerServer('http://llm.intra:8080/v1/')).toBe(true);
    expect(policy.allowsAnswerServer('http://llm.intra:8080/v10')).toBe(false);
    expect(policy.allowsAnswerServer('http://evil.example/v1')).toBe(false);
  });

  it('no policy anywhere: nothing is locked, the audit log is off', async () => {
    const policy = await Policy.load({ sources: [{ kind: 'file', path: path.join(temp.dir, 'none.json') }] });
    expect(policy.report().managed).toBe(false);
    expect(policy.effective()).toMatchObject({
      modelDownloads: 'allow',
      allowedModelDirs: null,
      answerServers: null,
      serve: 'allow',
      ocr: 'auto',
      audit: { enabled: false },
    });
    expect(() => policy.assertModelDownloads()).not.toThrow();
  });

  it('fails closed on a file that is not JSON: every key at its strictest, with a warning', async () => {
    const file = policyFile('broken.json', '{ "modelDownloads": "allow", ');
    const policy = await Policy.load({ sources: [{ kind: 'file', path: file }] });
    expect(policy.effective()).toMatchObject({
      modelDownloads: 'deny',
      allowedModelDirs: [],
      answerServers: { allow: [] },
      serve: 'deny',
      ocr: 'off',
      maxFileSizeMB: 0,
      audit: { enabled: true, questions: 'hash' },
    });
    expect(policy.effective().dataDir).toEqual(expect.any(String));
    expect(policy.invalid).toHaveLength(1);
    expect(policy.warnings()[0]).toMatch(/broken\.json.*cannot be read.*strictest/);
    expect(policy.report().sources[0]).toMatchObject({ found: true, error: expect.any(String) });
    expect(() => policy.assertModelFile('/opt/models/a.gguf')).toThrow(
      expect.objectContaining({ code: 'POLICY', message: expect.stringMatching(/Local models are turned off/) }),
    );
  });

  it('an invalid value takes that key strictest; unknown keys and telemetry are reported', async () => {
    const file = policyFile('partly.json', {
      modelDownloads: 'sometimes',
      serve: 'allow',
      allowedModelDirs: ['relative/dir', '/opt/ok'],
      answerServers: ['http://x'],
      maxFileSizeMB: -3,
      audit: { enabled: 'yes', questions: 'all' },
      telemetry: 'off',
      colour: 'blue',
    });
    const policy = await Policy.load({ sources: [{ kind: 'file', path: file }] });
    const v = policy.effective();
    expect(v.modelDownloads).toBe('deny');
    expect(v.serve).toBe('allow');
    expect(v.allowedModelDirs).toEqual(['/opt/ok']);
    expect(v.answerServers).toEqual({ allow: [] });
    expect(v.maxFileSizeMB).toBe(0);
    expect(v.audit).toMatchObject({ enabled: true, questions: 'hash' });
    const keys = policy.invalid.map((i) => i.key);
    expect(keys).toEqual(expect.arrayContaining(['modelDownloads', 'allowedModelDirs', 'answerServers', 'maxFileSizeMB', 'audit', 'telemetry', 'colour']));
    expect(policy.invalid.find((i) => i.key === 'telemetry')?.reason).toMatch(/no telemetry/);
  });

  it('several sources: the strictest value wins, so no source can loosen another', async () => {
    const machine = policyFile('machine.json', { modelDownloads: 'deny', allowedModelDirs: ['/opt/models'], maxFileSizeMB: 20, dataDir: '/srv/genten' });
    const other = policyFile('other.json', {
      modelDownloads: 'allow',
      allowedModelDirs: ['/opt', '/home'],
      maxFileSizeMB: 500,
      serve: 'deny',
      dataDir: '/tmp/elsewhere',
      audit: { enabled: false },
    });
    const policy = await Policy.load({
      sources: [
        { kind: 'file', path: machine },
        { kind: 'file', path: other },
      ],
    });
    const v = policy.effective();
    expect(v.modelDownloads).toBe('deny');
    expect(v.allowedModelDirs).toEqual(['/opt/models']);
    expect(v.maxFileSizeMB).toBe(20);
    expect(v.serve).toBe('deny');
    expect(v.dataDir).toBe('/srv/genten');
    expect(policy.sourceOf('serve')).toBe(`file ${other}`);
    expect(policy.sourceOf('dataDir')).toBe(`file ${machine}`);
    // dataDir: GENTEN_DATA_DIR (the requested folder) cannot move it, nor can --db leave it.
    expect(policy.dataDir('/home/me/genten')).toBe('/srv/genten');
    expect(() => policy.assertLibraryDir('/home/me/lib')).toThrow(expect.objectContaining({ code: 'POLICY' }));
    expect(() => policy.assertLibraryDir('/srv/genten/library')).not.toThrow();
  });

  it('URL prefixes match at a boundary', () => {
    expect(urlMatchesPrefix('http://llm.intra:8080/v1', 'http://llm.intra')).toBe(true);
    expect(urlMatchesPrefix('http://llm.intra.evil.com/v1', 'http://llm.intra')).toBe(false);
    expect(urlMatchesPrefix('HTTP://LLM.INTRA/v1', 'http://llm.intra/')).toBe(true);
    expect(urlMatchesPrefix('https://llm.intra/v1', 'http://llm.intra')).toBe(false);
  });
});

describe('Windows registry (HKLM\\SOFTWARE\\Policies\\Genten)', () => {
  it('parses reg query output: strings, DWORDs, multi-strings, subkeys', () => {
    expect(parseRegQuery(REG_OUTPUT)).toEqual({
      modelDownloads: 'deny',
      maxFileSizeMB: 100,
      allowedModelDirs: ['C:\\Models', 'D:\\Shared Models'],
      dataDir: 'D:\\GentenData',
      answerServers: { allow: ['http://llm.intra:8080/v1'] },
      audit: { enabled: 1, questions: 'hash' },
    });
  });

  it('reads the key through reg.exe (injected here) and treats a missing key as no policy', async () => {
    const calls: string[][] = [];
    const policy = await Policy.load({
      sources: [{ kind: 'registry', key: POLICY_REGISTRY_KEY }],
      runReg: async (args) => {
        calls.push(args);
        return { code: 0, stdout: REG_OUTPUT, stderr: '' };
      },
    });
    expect(calls[0]).toEqual(['query', POLICY_REGISTRY_KEY, '/s', '/reg:64']);
    expect(policy.effective()).toMatchObject({
      modelDownloads: 'deny',
      maxFileSizeMB: 100,
      allowedModelDirs: ['C:\\Models', 'D:\\Shared Models'],
      dataDir: 'D:\\GentenData',
      audit: { enabled: true, questions: 'hash' },
      answerServers: { allow: ['http://llm.intra:8080/v1'] },
    });
    expect(policy.sourceOf('audit')).toBe(`registry ${POLICY_REGISTRY_KEY}`);
    await expect(
      readPolicyRegistry(POLICY_REGISTRY_KEY, async () => ({
        code: 1,
        stdout: '',
        stderr: 'ERROR: The system was unable to find the specified registry key or value.',
      })),
    ).resolves.toBeNull();
    const failing = await Policy.load({
      sources: [{ kind: 'registry', key: POLICY_REGISTRY_KEY }],
      runReg: async () => ({ code: 5, stdout: '', stderr: 'ERROR: Access is denied.' }),
    });
    expect(failing.effective().modelDownloads).toBe('deny'); // fails closed
  });

  it.runIf(process.platform === 'win32')('reads the real registry with reg.exe', async () => {
    // No policy key on a test machine: reg.exe answers "not found", which is no policy.
    const value = await readPolicyRegistry('HKLM\\SOFTWARE\\Policies\\GentenTestKeyThatDoesNotExist');
    expect(value).toBeNull();
  });
  if (process.platform !== 'win32') it.skip('reads the real registry with reg.exe (Windows only: there is no registry on ' + process.platform + ')', () => {});
});

describe('macOS managed preferences (plist)', () => {
  const XML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>modelDownloads</key><string>deny</string>
  <key>maxFileSizeMB</key><integer>200</integer>
  <key>allowedModelDirs</key><array><string>/Library/Genten/Models</string></array>
  <key>answerServers</key><dict><key>allow</key><array/></dict>
  <key>audit</key><dict><key>enabled</key><true/><key>questions</key><string>full</string><key>dir</key><string>/Library/Logs/Genten &amp; Audit</string></dict>
</dict>
</plist>`;

  it('parses an XML plist into the policy', async () => {
    const file = policyFile('jp.genten.app.plist', XML);
    const policy = await Policy.load({ sources: [{ kind: 'plist', path: file }] });
    expect(policy.effective()).toMatchObject({
      modelDownloads: 'deny',
      maxFileSizeMB: 200,
      allowedModelDirs: ['/Library/Genten/Models'],
      answerServers: { allow: [] },
      audit: { enabled: true, questions: 'full', dir: '/Library/Logs/Genten & Audit' },
    });
    expect(policy.sourceOf('modelDownloads')).toBe(`plist ${file}`);
  });

  it('a binary plist needs plutil (macOS); elsewhere it fails closed with the reason', async () => {
    const file = policyFile('binary.plist', 'bplist00\u0000\u0001');
    await expect(readPlistFile(file, 'linux')).rejects.toThrow(/plutil/);
    const policy = await Policy.load({ sources: [{ kind: 'plist', path: file }], platform: 'linux' });
    expect(policy.effective().modelDownloads).toBe('deny');
    expect(policy.warnings()[0]).toMatch(/binary plist/);
  });

  it('rejects malformed XML', () => {
    expect(() => parseXmlPlist('<plist><dict><key>a</key></dict></plist>')).toThrow(/malformed/);
    expect(() => parseXmlPlist('<html></html>')).toThrow(/not a property list/);
  });
});
