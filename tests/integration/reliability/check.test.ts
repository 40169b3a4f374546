/**
 * `genten check [--repair]` on a library damaged the ways an interrupted write damages it, made
 * with LanceDB directly: orphan passages, a document without passages, a missing full-text index
 * and a lock left by a writer that is gone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, describe, expect, it } from 'vitest';
import { LanceStore } from '../../../src/main/core/store/lancedb';
import { runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-check-');
afterAll(() => temp.cleanup());

describe('genten check', () => {
  it('finds orphan chunks, a missing search index, a document without chunks and a stale lock; --repair fixes them', async () => {
    const docs = path.join(temp.dir, 'docs');
    const db = path.join(temp.dir, 'lib');
    fs.mkdirSync(docs);
    for (const [name, text] of [
      ['a.txt', '第1条 ポンプP-101は毎日点検する。'],
      ['b.txt', '第2条 バルブV-7は月に一度清掃する。'],
      ['c.txt', '第3条 フィルターF-12は三か月ごとに交換する。'],
    ])
      fs.writeFileSync(path.join(docs, name), text);
    expect((await runCli(['index', docs, '--db', db, '--json'])).code).toBe(0);

    const clean = await runCli(['check', '--db', db, '--json']);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({ ok: true, documents: 3, chunks: 3, problems: [] });

    // Damage it.
    const conn = await lancedb.connect(db);
    const documents = await conn.openTable('documents');
    const chunks = await conn.openTable('chunks');
    const rows = await documents.query().toArray();
    const byName = (name: string) => rows.find((r) => String(r.path).endsWith(name))!;
    await documents.delete(`id = '${byName('a.txt').id}'`); // a's chunks are orphans now
    await chunks.delete(`documentId = '${byName('b.txt').id}'`); // b has no chunks
    for (const index of await chunks.listIndices()) if (index.columns.includes('terms')) await chunks.dropIndex(index.name);
    conn.close();
    fs.writeFileSync(
      path.join(db, 'genten.lock'),
      JSON.stringify({
        pid: 2 ** 22 + 17,
        host: os.hostname(),
        processStartedAt: new Date(0).toISOString(),
        acquiredAt: new Date(0).toISOString(),
        token: 'gone',
      }),
    );

    const found = await runCli(['check', '--db', db, '--json']);
    expect(found.code).toBe(1);
    const report = JSON.parse(found.stdout);
    expect(Object.keys(report).sort()).toEqual(['chunks', 'documents', 'ok', 'problems']);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p: { kind: string }) => p.kind).sort()).toEqual([
      'document-without-chunks',
      'missing-search-index',
      'orphan-chunks',
      'stale-lock',
    ]);
    for (const p of report.problems) expect(Object.keys(p).sort()).toEqual(['detail', 'kind']);

    // Other commands say so once, on stderr, and still work.
    const search = await runCli(['search', 'フィルター 交換', '--db', db, '--json']);
    expect(search.stderr).toContain('run genten check --repair');

    const repaired = await runCli(['check', '--repair', '--db', db]);
    expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain('repaired orphan-chunks');
    expect(repaired.stdout).toContain('No problems found.');
    const after = JSON.parse((await runCli(['check', '--db', db, '--json'])).stdout);
    expect(after).toEqual({ ok: true, documents: 2, chunks: 1, problems: [] });
    expect(fs.existsSync(path.join(db, 'genten.lock'))).toBe(false);

    // The document that lost its passages is indexed again by the next run of its folder, and a again.
    const rerun = JSON.parse((await runCli(['index', docs, '--db', db, '--json'])).stdout);
    expect(rerun).toMatchObject({ indexed: 2, unchanged: 1, documents: 3, chunks: 3 });
    const hits = JSON.parse((await runCli(['search', 'バルブ 清掃', '--db', db, '--json'])).stdout).hits;
    expect(hits[0].path).toBe(path.join(docs, 'b.txt'));
    expect(JSON.parse((await runCli(['check', '--db', db, '--json'])).stdout).ok).toBe(true);
  }, 360_000); // eleven CLI runs, each starting Node and tsx on a shared two-core machine

  it('an index run repairs orphan chunks a killed run left before it starts', async () => {
    const db = path.join(temp.dir, 'lib2');
    const docs = path.join(temp.dir, 'docs2');
    fs.mkdirSync(docs);
    fs.writeFileSync(path.join(docs, 'x.txt'), '冷却水の補充は週に一度行う。');
    const store = await LanceStore.open(db);
    // What a kill between the chunks commit and the document rows leaves: chunks, no row.
    const orphan = {
      id: 'ghost-1',
      documentId: 'ghost',
      ordinal: 0,
      text: '幽霊の文書',
      terms: '幽霊 文書',
      grams: '幽霊 霊の',
      pageStart: 1,
      pageEnd: 1,
      section: '',
      charStart: 0,
      charEnd: 5,
      path: '/nowhere/ghost.txt',
      title: 'ghost',
      collection: 'default',
    };
    await store.replaceDocuments([
      {
        document: {
          id: 'ghost',
          path: '/nowhere/ghost.txt',
          hash: 'h',
          size: 1,
          mtimeMs: 1,
          type: 'text',
          title: 'ghost',
          collection: 'default',
          pages: 1,
          chunks: 1,
          status: 'indexed',
          errorCode: '',
          errorMessage: '',
          indexedAt: '',
          analyzer: '',
        },
        chunks: [orphan],
      },
    ]);
    const conn = await lancedb.connect(db);
    await (await conn.openTable('documents')).delete("id = 'ghost'");
    conn.close();
    store.dispose();
    expect(JSON.parse((await runCli(['check', '--db', db, '--json'])).stdout).problems.map((p: { kind: string }) => p.kind)).toEqual(['orphan-chunks']);
    expect((await runCli(['index', docs, '--db', db, '--json'])).code).toBe(0);
    expect(JSON.parse((await runCli(['check', '--db', db, '--json'])).stdout)).toEqual({ ok: true, documents: 1, chunks: 1, problems: [] });
  }, 120_000);
});
