/**
 * Each policy key enforced where a user meets it: the CLI (in process, the policy injected through
 * code), browser mode (the HTTP server over the real service) and the Electron IPC gateway (with
 * the electron mock); and the audit records of index, ask and refusals on a real library
 * (LanceDB, kuromoji). No test reads the machine's /etc/genten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../../src/shared/api';
import { HOST_CHANNELS } from '../../../src/shared/bridge';
import { GentenService } from '../../../src/main/api/service';
import { CURRENT_FILE, sha256, type AuditRecord } from '../../../src/main/core/audit/audit-log';
import { main } from '../../../src/main/cli/main';
import { Policy } from '../../../src/main/core/policy/policy';
import { startServer } from '../../../src/main/server/server';
import { setupIpc } from '../../../src/main/electron/ipc';
import { PathGrants } from '../../../src/main/electron/path-grants';
import { electronMock } from '../../unit/electron/electron-mock';
import { GENTEN_BIN, GENTEN_NODE_ARGS, runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

vi.mock('electron', () => import('../../unit/electron/electron-mock'));

const temp = makeTempDir('genten-enforce-');
const dataDir = path.join(temp.dir, 'data');
const docs = path.join(temp.dir, 'docs');
const allowedModels = path.join(temp.dir, 'approved-models');
const outsideModel = path.join(temp.dir, 'downloads', 'rogue.gguf');
const auditDir = path.join(temp.dir, 'audit-log');
const STRICT = {
  modelDownloads: 'deny',
  allowedModelDirs: [allowedModels],
  answerServers: { allow: ['http://llm.intra:8080/v1'] },
  serve: 'deny',
  dataDir,
  audit: { enabled: true, dir: auditDir, questions: 'hash' },
};
const CATALOGUE_ID = (JSON.parse(fs.readFileSync(path.resolve('resources/models-catalogue.json'), 'utf8')) as { models: Array<{ id: string }> }).models[0].id;

function capture() {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true), isTTY: false } as unknown as NodeJS.WriteStream, text: () => text };
}

async function cli(args: string[], policy: Policy) {
  const out = capture();
  const err = capture();
  const code = await main(args, { stdout: out.stream, stderr: err.stream }, { policy });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** The next of these events, whichever comes first. */
function nextEvent(
  service: GentenService,
  ...names: Array<'ingest:done' | 'ingest:error' | 'answer:done' | 'answer:error'>
): Promise<{ name: string; payload: unknown }> {
  return new Promise((resolve) => {
    const stop = service.events.onAny((name, payload) => {
      if (!(names as string[]).includes(name)) return;
      stop();
      resolve({ name, payload });
    });
  });
}

function auditRecords(dir = auditDir): AuditRecord[] {
  const file = path.join(dir, CURRENT_FILE);
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditRecord)
    : [];
}

beforeAll(() => {
  fs.mkdirSync(docs, { recursive: true });
  fs.mkdirSync(allowedModels, { recursive: true });
  fs.mkdirSync(path.dirname(outsideModel), { recursive: true });
  fs.writeFileSync(outsideModel, 'GGUF');
  fs.writeFileSync(
    path.join(docs, 'manual.md'),
    '# 保守マニュアル\n\n## E-203\n\nE-203 エラーが表示されたら、冷却ファンの回転を確認し、フィルターを清掃してから再起動する。\n',
  );
});
afterAll(() => temp.cleanup());

describe('CLI (genten …) under a strict policy', () => {
  const policy = Policy.fromObject(STRICT);

  it('genten models pull is refused: POLICY, one clear line, and a refusal record', async () => {
    const run = await cli(['models', 'pull', CATALOGUE_ID], policy);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^genten: Model downloads are turned off by your organisation\. \(policy: injected\) \(POLICY\)\n$/);
    expect(fs.existsSync(path.join(dataDir, 'models'))).toBe(false);
    expect(auditRecords().at(-1)?.event).toMatchObject({ type: 'refusal', action: 'genten models pull', code: 'POLICY' });
  });

  it('models use / ask --model outside the allowed folders, and a server not on the list, are refused', async () => {
    const use = await cli(['models', 'use', outsideModel], policy);
    expect(use).toMatchObject({ code: 1, stderr: expect.stringMatching(/rogue\.gguf is not in a model folder your organisation allows .*\(POLICY\)/) });
    const server = await cli(['models', 'server', 'http://evil.example/v1', '--model', 'x'], policy);
    expect(server).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Answer servers are limited by your organisation to http:\/\/llm\.intra:8080\/v1.*\(POLICY\)/),
    });
    expect(fs.existsSync(path.join(dataDir, 'settings.json'))).toBe(false);
  });

  it('genten serve is refused before anything opens', async () => {
    const run = await cli(['serve', '--port', '0'], policy);
    expect(run).toMatchObject({ code: 1, stderr: expect.stringMatching(/Browser mode \(genten serve\) is turned off by your organisation.*\(POLICY\)/) });
  });

  it('a library outside the policy data folder is refused', async () => {
    const run = await cli(['index', docs, '--db', path.join(temp.dir, 'elsewhere')], policy);
    expect(run).toMatchObject({ code: 1, stderr: expect.stringMatching(/keeps Genten's data in .*data.*\(POLICY\)/) });
    expect(fs.existsSync(path.join(temp.dir, 'elsewhere'))).toBe(false);
  });

  it('index and ask write their audit records; audit verify says the chain is intact', async () => {
    const index = await cli(['index', docs, '--json'], policy);
    expect(index.code, index.stderr).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'library'))).toBe(true); // the policy's data folder
    const ask = await cli(['ask', 'E-203 の対処は？', '--json'], policy);
    expect(ask.code, ask.stderr).toBe(0);
    const answer = JSON.parse(ask.stdout) as Answer;
    const askedWithModel = await cli(['ask', 'E-203', '--model', outsideModel], policy);
    expect(askedWithModel).toMatchObject({ code: 1, stderr: expect.stringContaining('(POLICY)') });

    const events = auditRecords().map((r) => r.event);
    const manual = path.join(docs, 'manual.md');
    expect(events).toContainEqual(expect.objectContaining({ type: 'index.start', paths: [docs] }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'document.added', path: manual, sha256: sha256(fs.readFileSync(manual, 'utf8')), pages: 1 }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'index.done', indexed: 1 }));
    const asked = events.find((e) => e.type === 'ask')!;
    expect(asked).toEqual({ type: 'ask', askId: expect.any(String), questionSha256: sha256('E-203 の対処は？') });
    expect(JSON.stringify(events)).not.toContain('E-203 の対処は？');
    expect(events).toContainEqual({
      type: 'answer',
      askId: asked.askId,
      mode: 'extractive',
      model: 'extractive',
      citations: answer.citations.map((c) => ({ n: c.n, path: c.path, page: c.page, pageEnd: c.pageEnd, chunkId: c.chunkId })),
      unsupported: 0,
    });
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'refusal', action: 'genten ask' });

    const verify = await cli(['audit', 'verify', '--json'], policy);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toEqual({ ok: true, records: auditRecords().length, firstBad: null });

    const out = path.join(temp.dir, 'exported.jsonl');
    const exported = await cli(['audit', 'export', '--since', '2000-01-01', '--out', out, '--json'], policy);
    expect(JSON.parse(exported.stdout)).toMatchObject({ records: auditRecords().length, out });
    expect(await cli(['audit', 'export', '--since', 'yesterday', '--out', out], policy)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--since takes a date/),
    });
  });

  it('a review run and its report are audited: checklist and documents by hash, the model, the report file and hash', async () => {
    const checklist = path.join(temp.dir, 'checklist.md');
    fs.writeFileSync(checklist, '# 点検\n\n- E-203 エラーの対処は定められているか\n');
    const report = path.join(temp.dir, 'review.md');
    const refused = await cli(['review', checklist, '--doc', path.join(docs, 'manual.md'), '--model', outsideModel], policy);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('(POLICY)') });
    const run = await cli(['review', checklist, '--doc', path.join(docs, 'manual.md'), '--out', report, '--json'], policy);
    expect(run.code, run.stderr).toBe(0);
    const { items } = JSON.parse(run.stdout) as { items: Array<{ status: string }> };

    const events = auditRecords().map((r) => r.event);
    const started = events.find((e) => e.type === 'review.run')!;
    expect(started).toMatchObject({
      action: 'start',
      checklist: { path: checklist, sha256: sha256(fs.readFileSync(checklist, 'utf8')), items: 1 },
      documents: [{ path: path.join(docs, 'manual.md'), sha256: sha256(fs.readFileSync(path.join(docs, 'manual.md'), 'utf8')) }],
      model: 'extractive',
    });
    expect(events).toContainEqual(expect.objectContaining({ type: 'review.done', runId: started.runId, state: 'done', answered: items.length }));
    expect(events).toContainEqual({ type: 'export', runId: started.runId, file: report, sha256: sha256(fs.readFileSync(report, 'utf8')) });
    expect((await cli(['audit', 'verify', '--json'], policy)).code).toBe(0);
  });

  it('audit verify exits 1 and names the line after an edit by hand', async () => {
    const file = path.join(auditDir, CURRENT_FILE);
    const original = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, original.replace('"indexed":1', '"indexed":0'));
      const run = await cli(['audit', 'verify'], policy);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^BROKEN: the record was changed after it was written .*\n {2}at .*audit\.jsonl:\d+ \(record \d+\)/);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('genten policy --json: effective values, the source of each key, invalid entries', async () => {
    const broken = path.join(temp.dir, 'policy.json');
    fs.writeFileSync(broken, JSON.stringify({ modelDownloads: 'maybe', telemetry: 'off' }));
    const loaded = await Policy.load({
      sources: [
        { kind: 'file', path: path.join(temp.dir, 'missing.json') },
        { kind: 'file', path: broken },
      ],
    });
    const run = await cli(['policy', '--json'], loaded);
    const report = JSON.parse(run.stdout);
    expect(report.values.modelDownloads).toBe('deny');
    expect(report.keys).toContainEqual({ key: 'modelDownloads', value: 'deny', source: `file ${broken}`, managed: true });
    expect(report.keys).toContainEqual({ key: 'serve', value: 'allow', source: 'default', managed: false });
    expect(report.invalid.map((i: { key: string }) => i.key)).toEqual(['modelDownloads', 'telemetry']);
    expect(report.sources).toEqual([
      { source: `file ${path.join(temp.dir, 'missing.json')}`, found: false },
      { source: `file ${broken}`, found: true },
    ]);
    const human = await cli(['policy'], loaded);
    expect(human.stdout).toMatch(/modelDownloads +"deny" +← file .*policy\.json/);
    expect(human.stdout).toMatch(/Invalid entries/);
    expect(human.stdout).toMatch(/Telemetry: none/);
    // Every other command warns about the invalid entries.
    const other = await cli(['audit', 'verify', '--json'], loaded);
    expect(other.stderr).toMatch(/genten: warning: policy file .*modelDownloads/);
  });
});

describe('the real genten executable', () => {
  it('tests replace the machine policy by none (never /etc/genten), through a preloaded module', async () => {
    const run = await runCli(['policy', '--json'], { env: { GENTEN_DATA_DIR: dataDir } });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ managed: false, sources: [], invalid: [] });
    expect(GENTEN_NODE_ARGS[0]).toBe('--import');
  });

  it('reads a policy file from the place it is given and refuses a download, exit 1 and one line', () => {
    const file = path.join(temp.dir, 'machine', 'policy.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ modelDownloads: 'deny' }));
    const preload = path.join(temp.dir, 'machine', 'sources.mjs');
    fs.writeFileSync(preload, `globalThis[Symbol.for('genten.test.policySources')] = [{ kind: 'file', path: ${JSON.stringify(file)} }];\n`);
    const run = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, GENTEN_BIN, 'models', 'pull', CATALOGUE_ID], {
      env: { ...process.env, GENTEN_DATA_DIR: path.join(temp.dir, 'cli-data') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`genten: Model downloads are turned off by your organisation. (policy: file ${file}) (POLICY)\n`);
  });
});

describe('browser mode (HTTP) and the Electron IPC gateway over the real service', () => {
  const libraryDir = path.join(dataDir, 'library-app');
  const policy = Policy.fromObject(STRICT);
  let service: GentenService;

  beforeAll(async () => {
    service = await GentenService.open({ libraryDir, dataDir, policy });
  });
  afterAll(async () => service?.dispose());

  it('HTTP: a forbidden model is 403 POLICY, an answer server is never set over HTTP; getPolicy reports what is locked', async () => {
    const server = await startServer({ backend: service, port: 0 });
    try {
      const post = async (method: string, body: unknown) => {
        const response = await fetch(`${server.url}api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as { ok: boolean; value?: any; error?: { code: string; message: string } } };
      };
      expect(await post('updateSettings', { answerModel: outsideModel })).toMatchObject({
        status: 403,
        body: { ok: false, error: { code: 'POLICY', message: expect.stringMatching(/not in a model folder your organisation allows/) } },
      });
      // Over HTTP the answer server is never set, allowed or not (only the CLI or the desktop app's confirmation sets it);
      // the host path refuses one the policy forbids and takes one it allows.
      expect(await post('updateSettings', { answerServer: { baseUrl: 'http://llm.intra:8080/v1', model: 'qwen' } })).toMatchObject({
        status: 400,
        body: { error: { code: 'BAD_REQUEST' } },
      });
      expect(() => service.assertAnswerServerAllowed('http://evil.example/v1')).toThrow(expect.objectContaining({ code: 'POLICY' }));
      await expect(service.setAnswerServer({ baseUrl: 'http://evil.example/v1', model: 'x' })).rejects.toMatchObject({ code: 'POLICY' });
      await expect(service.setAnswerServer({ baseUrl: 'http://llm.intra:8080/v1', model: 'qwen' })).resolves.toMatchObject({
        answerServer: { baseUrl: 'http://llm.intra:8080/v1' },
      });
      await service.setAnswerServer(null);
      const report = await post('getPolicy', {});
      expect(report.body.value.managed).toBe(true);
      expect(report.body.value.keys.find((k: { key: string }) => k.key === 'modelDownloads')).toEqual({
        key: 'modelDownloads',
        value: 'deny',
        source: 'injected',
        managed: true,
      });
      expect(report.body.value.values.audit.dir).toBe(auditDir);
      // A model set before the policy (a hand-edited settings file) is refused when asked.
      fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ answerModel: outsideModel }));
      const stale = await GentenService.open({ libraryDir, dataDir, policy });
      const staleServer = await startServer({ backend: stale, port: 0 });
      try {
        const ask = await fetch(`${staleServer.url}api/ask`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ question: 'E-203' }),
        });
        expect(ask.status).toBe(403);
        expect(await ask.json()).toMatchObject({ ok: false, error: { code: 'POLICY' } });
        // Nor is it offered or loaded for embeddings.
        expect((await stale.listModels()).ok).toBe(true);
      } finally {
        await staleServer.close();
        await stale.dispose();
        fs.rmSync(path.join(dataDir, 'settings.json'));
      }
    } finally {
      await server.close();
    }
  });

  it('IPC: a model picked in the dialog outside the allowed folders, or a server off the list, is refused with POLICY', async () => {
    electronMock.reset();
    const contents = { mainFrame: { url: 'app://genten/index.html' }, isDestroyed: () => false, send: vi.fn(), id: 1 };
    const confirmAnswerServer = vi.fn(async () => true);
    const dispose = setupIpc({
      service,
      grants: new PathGrants(),
      dialogs: { pickPaths: async () => [], pickModelFile: async () => outsideModel, confirmAnswerServer },
      getWebContents: () => contents as never,
      trustedOrigins: ['app://genten'],
    });
    const invoke = (channel: string, arg?: unknown) =>
      electronMock.ipcMainHandlers.get(channel)!({ sender: contents, senderFrame: contents.mainFrame }, arg) as Promise<{
        ok: boolean;
        value?: any;
        error?: { code: string; message: string };
      }>;
    try {
      await expect(invoke(HOST_CHANNELS.pickModelFile)).resolves.toEqual({ ok: true, value: outsideModel });
      await expect(invoke('genten:updateSettings', { answerModel: outsideModel })).resolves.toMatchObject({ ok: false, error: { code: 'POLICY' } });
      // The answer server is set only through the host's confirmation, and one off the list is refused before the user is asked.
      await expect(invoke(HOST_CHANNELS.requestAnswerServer, { baseUrl: 'https://llm.intra.evil.com/v1', model: 'x' })).resolves.toMatchObject({
        ok: false,
        error: { code: 'POLICY' },
      });
      expect(confirmAnswerServer).not.toHaveBeenCalled();
      const report = await invoke('genten:getPolicy');
      expect(report).toMatchObject({ ok: true, value: { managed: true, telemetry: 'none', values: { serve: 'deny', modelDownloads: 'deny' } } });
      const refusals = auditRecords()
        .filter((r) => r.event.type === 'refusal')
        .map((r) => r.event.action);
      expect(refusals).toContain('updateSettings');
      expect(refusals).toContain('setAnswerServer');
    } finally {
      dispose();
    }
  });

  it('service: index and ask are audited; with a log that cannot be written they are refused', async () => {
    const before = auditRecords().length;
    const indexed = nextEvent(service, 'ingest:done', 'ingest:error');
    expect((await service.startIndex({ paths: [docs] })).ok).toBe(true);
    expect(await indexed).toMatchObject({ name: 'ingest:done' });
    const answered = nextEvent(service, 'answer:done', 'answer:error');
    expect((await service.ask({ question: '冷却ファン' })).ok).toBe(true);
    expect(await answered).toMatchObject({ name: 'answer:done' });
    const events = auditRecords()
      .slice(before)
      .map((r) => r.event.type);
    expect(events).toEqual(['index.start', 'document.added', 'index.done', 'ask', 'answer']);

    // The log's folder becomes a file: the next question is refused, not answered unlogged.
    const blocked = path.join(temp.dir, 'blocked');
    fs.writeFileSync(blocked, 'not a folder');
    const strictService = await GentenService.open({
      libraryDir,
      dataDir,
      policy: Policy.fromObject({ ...STRICT, audit: { enabled: true, dir: path.join(blocked, 'audit') } }),
    });
    try {
      const refused = await strictService.ask({ question: '冷却ファン' });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'POLICY', message: expect.stringMatching(/audit log in .*blocked.* cannot be written.*so this question was not answered/) },
      });
      const failed = nextEvent(strictService, 'ingest:done', 'ingest:error');
      expect((await strictService.startIndex({ paths: [docs] })).ok).toBe(true);
      expect(await failed).toMatchObject({
        name: 'ingest:error',
        payload: { error: { code: 'POLICY', message: expect.stringMatching(/so indexing was refused/) } },
      });
    } finally {
      await strictService.dispose();
    }
  });
});
