import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../../helpers/fixtures';
import { runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';

describe('genten CLI (a real child process)', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'manuals');
  const db = path.join(temp.dir, 'lib');

  beforeAll(async () => {
    fs.mkdirSync(docs);
    await makePdf(path.join(docs, 'maintenance.pdf'), [
      ['第1章 点検', '1.1 日常点検', '始業前に油圧ポンプの油量を確認する。'],
      ['第2章 異常時の対応', '2.1 E-203 エラー', 'E-203 が表示された場合は、冷却ファンを点検し、フィルターを清掃する。'],
    ]);
    fs.writeFileSync(path.join(docs, 'faq.txt'), 'Q. 再委託に事前承諾は必要か。\nA. 必要です。契約書第12条第3項を参照してください。');
  });
  afterAll(() => temp.cleanup());

  it('index --json prints one summary object', async () => {
    const result = await runCli(['index', docs, '--db', db, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ indexed: 2, unchanged: 0, removed: 0, failed: [], documents: 2, pages: 3 });
    expect(summary.chunks).toBeGreaterThanOrEqual(2);
    expect(typeof summary.seconds).toBe('number');
  });

  it('search --json returns ranked chunks with document, page and section', async () => {
    const result = await runCli(['search', 'E-203 の対処', '--db', db, '--json', '-k', '3']);
    expect(result.code).toBe(0);
    const { query, hits } = JSON.parse(result.stdout);
    expect(query).toBe('E-203 の対処');
    expect(hits[0]).toMatchObject({ rank: 1, path: path.join(docs, 'maintenance.pdf'), page: 2, pageEnd: 2 });
    expect(hits[0].section).toContain('E-203');
    expect(hits[0].text).toContain('冷却ファン');
    expect(Object.keys(hits[0]).sort()).toEqual(['chunkId', 'page', 'pageEnd', 'path', 'rank', 'score', 'section', 'text', 'title']);
  });

  it('search prints passages for people, with the page', async () => {
    const result = await runCli(['search', '第12条第3項', '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('faq');
    expect(result.stdout).toContain('p.1');
    expect(result.stdout).toContain('【第12条第3項】');
  });

  it('search --queries answers one JSON line per query', async () => {
    const queries = path.join(temp.dir, 'q.jsonl');
    fs.writeFileSync(queries, [JSON.stringify({ id: 'a', question: '油量の確認' }), JSON.stringify({ id: 'b', query: '再委託' })].join('\n'));
    const result = await runCli(['search', '--queries', queries, '--db', db, '--json']);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 'b']);
    expect(lines[0].hits[0].page).toBe(1);
    expect(lines[1].hits[0].path).toBe(path.join(docs, 'faq.txt'));
  });

  it('status --json and remove', async () => {
    const status = JSON.parse((await runCli(['status', '--db', db, '--json'])).stdout);
    expect(status).toMatchObject({ documents: 2, pages: 3, path: db, failed: [] });
    expect(status.sizeBytes).toBeGreaterThan(0);
    const removed = await runCli(['remove', path.join(docs, 'faq.txt'), '--db', db]);
    expect(removed.code).toBe(0);
    expect(JSON.parse((await runCli(['status', '--db', db, '--json'])).stdout).documents).toBe(1);
  });

  it('bad arguments and a missing library give one line and the usage, not a stack', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^genten: unknown command "frobnicate"\n\nUsage: genten/);
    const badK = await runCli(['search', 'x', '-k', 'many', '--db', db]);
    expect(badK.code).toBe(2);
    const missing = await runCli(['search', 'x', '--db', path.join(temp.dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No library at');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(temp.dir, 'nope'))).toBe(false);
  });

  it('refuses a library that another live process is writing to', async () => {
    fs.writeFileSync(path.join(db, 'genten.lock'), String(process.pid));
    const locked = await runCli(['index', docs, '--db', db]);
    fs.rmSync(path.join(db, 'genten.lock'));
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('LIBRARY_LOCKED');
  });
});
