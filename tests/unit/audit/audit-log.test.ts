/**
 * The audit log: records carry who, where, when, the app version and the policy hash; the chain
 * exposes an edited, a deleted and a reordered line; rotation keeps the chain across files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog, auditFiles, CURRENT_FILE, GENESIS, openAuditLog, sha256 } from '../../../src/main/core/audit/audit-log';
import { exportAuditLog, verifyAuditLog } from '../../../src/main/core/audit/verify';
import { Policy } from '../../../src/main/core/policy/policy';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-audit-');
afterAll(() => temp.cleanup());
let n = 0;
const freshDir = () => path.join(temp.dir, `log-${++n}`);

function writeSome(dir: string, count: number, options: Partial<ConstructorParameters<typeof AuditLog>[0]> = {}): AuditLog {
  const log = new AuditLog({ dir, policyHash: 'p'.repeat(64), ...options });
  for (let i = 0; i < count; i++) log.record({ type: 'test', i });
  return log;
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('audit log', () => {
  it('is off without a policy, on where policy says so, in the data folder or audit.dir', () => {
    expect(openAuditLog(Policy.none(), temp.dir)).toBeNull();
    const inData = openAuditLog(Policy.fromObject({ audit: { enabled: true } }), temp.dir);
    expect(inData?.dir).toBe(path.join(temp.dir, 'audit'));
    const elsewhere = openAuditLog(Policy.fromObject({ audit: { enabled: true, dir: path.join(temp.dir, 'elsewhere'), questions: 'full' } }), temp.dir);
    expect(elsewhere?.dir).toBe(path.join(temp.dir, 'elsewhere'));
    expect(elsewhere?.questions).toBe('full');
  });

  it('writes one JSON line per event with UTC time, user, host, app version, policy hash and the previous hash', () => {
    const dir = freshDir();
    const policy = Policy.fromObject({ audit: { enabled: true, dir } });
    const log = openAuditLog(policy, temp.dir)!;
    const first = log.record({ type: 'document.added', path: '/docs/a.pdf', sha256: 'ab', pages: 3 });
    const second = log.record({ type: 'refusal', action: 'models pull' });
    const records = lines(path.join(dir, CURRENT_FILE)).map((l) => JSON.parse(l));
    expect(records).toEqual([first, second]);
    expect(first).toMatchObject({
      seq: 1,
      prev: GENESIS,
      user: os.userInfo().username,
      host: os.hostname(),
      app: '0.1.0',
      policy: policy.hash,
      event: { type: 'document.added', pages: 3 },
    });
    expect(first.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(second).toMatchObject({ seq: 2, prev: first.hash });
    expect(verifyAuditLog(dir)).toEqual({ ok: true, records: 2, firstBad: null });
  });

  it('writes questions in full, as a hash, or not at all, as policy says', () => {
    const q = '再委託に事前承諾は必要か';
    expect(new AuditLog({ dir: freshDir(), policyHash: 'x', questions: 'full' }).question(q)).toEqual({ question: q });
    expect(new AuditLog({ dir: freshDir(), policyHash: 'x', questions: 'hash' }).question(q)).toEqual({ questionSha256: sha256(q) });
    expect(new AuditLog({ dir: freshDir(), policyHash: 'x', questions: 'none' }).question(q)).toEqual({});
  });

  it('verify finds an edited line', () => {
    const dir = freshDir();
    writeSome(dir, 5);
    const file = path.join(dir, CURRENT_FILE);
    const all = lines(file);
    all[2] = all[2].replace('"i":2', '"i":7');
    fs.writeFileSync(file, all.join('\n') + '\n');
    expect(verifyAuditLog(dir)).toEqual({
      ok: false,
      records: 2,
      firstBad: { file, line: 3, seq: 3, reason: expect.stringMatching(/changed after it was written/) },
    });
  });

  it('verify finds a deleted line', () => {
    const dir = freshDir();
    writeSome(dir, 5);
    const file = path.join(dir, CURRENT_FILE);
    const all = lines(file);
    all.splice(1, 1);
    fs.writeFileSync(file, all.join('\n') + '\n');
    expect(verifyAuditLog(dir)).toMatchObject({ ok: false, records: 1, firstBad: { line: 2, seq: 3, reason: expect.stringMatching(/chain is broken/) } });
  });

  it('verify finds reordered lines', () => {
    const dir = freshDir();
    writeSome(dir, 5);
    const file = path.join(dir, CURRENT_FILE);
    const all = lines(file);
    [all[3], all[4]] = [all[4], all[3]];
    fs.writeFileSync(file, all.join('\n') + '\n');
    expect(verifyAuditLog(dir)).toMatchObject({ ok: false, records: 3, firstBad: { line: 4, seq: 5 } });
  });

  it('verify finds a line whose hash was recomputed after an edit (the next record still points at the old one)', async () => {
    const { recordHash } = await import('../../../src/main/core/audit/audit-log');
    const dir = freshDir();
    writeSome(dir, 3);
    const file = path.join(dir, CURRENT_FILE);
    const all = lines(file).map((l) => JSON.parse(l));
    all[1].event.i = 99;
    const { hash: _old, ...body } = all[1];
    all[1].hash = recordHash(body);
    fs.writeFileSync(file, all.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(verifyAuditLog(dir)).toMatchObject({ ok: false, firstBad: { line: 3, seq: 3 } });
  });

  it('rotates by size and keeps the chain across files; a removed old file is detected', () => {
    const dir = freshDir();
    writeSome(dir, 40, { maxBytes: 2000 });
    const files = auditFiles(dir);
    expect(files.length).toBeGreaterThan(3);
    expect(path.basename(files[0])).toBe('audit-000001.jsonl');
    expect(path.basename(files.at(-1)!)).toBe(CURRENT_FILE);
    for (const f of files.slice(0, -1)) expect(fs.statSync(f).size).toBeLessThan(2000 + 600);
    // The first record of each file points at the last of the one before.
    const lastOfFirst = JSON.parse(lines(files[0]).at(-1)!);
    expect(JSON.parse(lines(files[1])[0]).prev).toBe(lastOfFirst.hash);
    expect(verifyAuditLog(dir)).toEqual({ ok: true, records: 40, firstBad: null });
    // A new writer (another process) continues the chain from the newest file.
    writeSome(dir, 1, { maxBytes: 2000 });
    expect(verifyAuditLog(dir)).toMatchObject({ ok: true, records: 41 });
    fs.rmSync(files[1]);
    expect(verifyAuditLog(dir)).toMatchObject({ ok: false, firstBad: { file: files[2], line: 1 } });
  });

  it('exports the records since a date, still verifiable as a chain', () => {
    const dir = freshDir();
    writeSome(dir, 4);
    const out = path.join(temp.dir, 'export', 'since.jsonl');
    const all = lines(path.join(dir, CURRENT_FILE)).map((l) => JSON.parse(l));
    const result = exportAuditLog(dir, { since: new Date(all[2].time), out });
    expect(result.records).toBeGreaterThanOrEqual(2);
    expect(result.last).toBe(4);
    expect(verifyAuditLog([out], { fromGenesis: false })).toMatchObject({ ok: true });
    expect(exportAuditLog(dir, { since: new Date(Date.now() + 86_400_000), out }).records).toBe(0);
  });

  it('refuses with POLICY and the reason when the log cannot be written', () => {
    const blocker = path.join(temp.dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const log = new AuditLog({ dir: path.join(blocker, 'audit'), policyHash: 'x' });
    expect(() => log.record({ type: 'ask' }, 'this question was not answered')).toThrow(
      expect.objectContaining({
        code: 'POLICY',
        message: expect.stringMatching(/audit log in .*not-a-folder.* cannot be written .*your organisation requires it, so this question was not answered/),
      }),
    );
    expect(() => log.tryRecord({ type: 'error' })).not.toThrow();
  });

  it('hashes a model file once per version', async () => {
    const log = new AuditLog({ dir: freshDir(), policyHash: 'x' });
    const file = path.join(temp.dir, 'm.gguf');
    fs.writeFileSync(file, 'GGUF model bytes');
    expect(await log.modelSha256(file)).toBe(sha256('GGUF model bytes'));
  });
});
