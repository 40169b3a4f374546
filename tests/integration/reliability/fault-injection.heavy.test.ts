/**
 * Proof by fault injection, with the real CLI, worker threads and LanceDB (heavy: its own tier,
 * `*.heavy.test.ts`):
 * - SIGKILL `genten index` at 20 random moments across a 200-file job (files changing between
 *   kills), then run it again: every file is indexed exactly once with its latest content,
 *   `genten check` is clean and search finds every file.
 * - A fuzz run: 500 files mutated from small PDF, DOCX, HTML and text seeds (bit flips,
 *   truncations, inserted junk): every file ends indexed or failed with a code, no crash, no
 *   hang, memory bounded. The counts are printed.
 * Random choices come from a seeded generator; the seed is printed (GENTEN_FAULT_SEED repeats a run).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/shared/errors';
import { LanceStore } from '../../../src/main/core/store/lancedb';
import { runCli, spawnCli } from '../../helpers/cli';
import { makeDocx, makeHtml, makePdf } from '../../helpers/fixtures';
import { watchPeakRss } from '../../helpers/peak-rss';
import { makeTempDir } from '../../helpers/temp';
import { mulberry32 as random } from '../../helpers/tiny-gguf';

const SEED = Number(process.env.GENTEN_FAULT_SEED ?? Date.now() % 1_000_000);

const temp = makeTempDir('genten-faults-');
afterAll(() => temp.cleanup());

async function json(args: string[], timeoutMs = 240_000) {
  const result = await runCli(args, { timeoutMs });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe(`fault injection (seed ${SEED})`, () => {
  it('SIGKILL at 20 random moments across a 200-file job: every file indexed exactly once, check clean, search works', async () => {
    const rand = random(SEED);
    const docs = path.join(temp.dir, 'docs');
    const db = path.join(temp.dir, 'lib');
    const version = new Map<string, number>();
    const token = (i: number, v: number) => `ZK${i}-${v}`; // an identifier: kept whole by the analyser
    const textOf = (i: number, v: number) =>
      Array.from({ length: 30 }, (_, j) => `第${j + 1}条 装置${i}号機の点検${j}。部品コード${token(i, v)}を確認し記録する。`).join('\n');
    const files: string[] = [];
    for (let i = 0; i < 200; i++) {
      const file = path.join(docs, i < 5 ? `m${i}.pdf` : i < 10 ? `m${i}.docx` : i % 2 ? `m${i}.md` : `m${i}.txt`);
      files.push(file);
    }
    const write = async (i: number, v: number) => {
      version.set(files[i], v);
      const file = files[i];
      if (file.endsWith('.pdf')) await makePdf(file, [[`装置${i}号機 ${token(i, v)}`, textOf(i, v).slice(0, 400)], [`第2頁 ${token(i, v)}`]]);
      else if (file.endsWith('.docx')) await makeDocx(file, [{ style: 'Heading1', text: `装置${i}号機` }, { text: textOf(i, v) }]);
      else fs.writeFileSync(file, (file.endsWith('.md') ? `# 装置${i}号機\n\n` : '') + textOf(i, v));
    };
    for (let i = 0; i < files.length; i++) await write(i, 0);

    // How long the whole job takes here (start-up included), on a scratch library: the kills are
    // spread over that span, so that they land in start-up, scanning, parsing and commits alike.
    const measured = performance.now();
    await json(['index', docs, '--db', path.join(temp.dir, 'lib-measure'), '--json']);
    const span = performance.now() - measured;

    let finishedBeforeKill = 0;
    const committed: number[] = [];
    const moments: number[] = [];
    for (let k = 0; k < 20; k++) {
      const child = spawnCli(['index', docs, '--db', db, '--json']);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const moment = 200 + rand() * span;
      moments.push(Math.round(moment));
      const finished = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), moment))]);
      if (finished) finishedBeforeKill++;
      else child.kill('SIGKILL');
      await exited;
      if (fs.existsSync(path.join(db, 'documents.lance'))) {
        const store = await LanceStore.open(db);
        committed.push((await store.listDocuments()).length);
        store.dispose();
      } else committed.push(0);
      // Change a few files, so that later kills land in real work (and in re-indexing) too.
      for (let c = 0; c < 8; c++) {
        const i = Math.floor(rand() * files.length);
        await write(i, (version.get(files[i]) ?? 0) + 1);
      }
    }
    console.log(
      `kill test (seed ${SEED}): a whole run takes ${(span / 1000).toFixed(1)} s; 20 SIGKILLs at ${moments.join(', ')} ms; ${finishedBeforeKill} runs finished before their kill; documents listed after each kill: ${committed.join(', ')}`,
    );

    const final = await json(['index', docs, '--db', db, '--json']);
    expect(final.failed).toEqual([]);
    expect(final.documents).toBe(200);
    const store = await LanceStore.open(db);
    const rows = await store.listDocuments();
    const counts = await store.chunkCountsByDocument();
    store.dispose();
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.path)).size).toBe(200);
    for (const row of rows) {
      expect(row.status, row.path).toBe('indexed');
      expect(row.hash, row.path).toBe(createHash('sha256').update(fs.readFileSync(row.path)).digest('hex')); // its latest content
      expect(counts.get(row.id), row.path).toBe(row.chunks); // its chunks once, no leftovers of an older version
    }
    expect([...counts.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
    expect(await json(['check', '--db', db, '--json'])).toEqual({ ok: true, documents: 200, chunks: final.chunks, problems: [] });
    const queries = [0, 3, 7, 42, 99, 150, 199].map((i) => ({ file: files[i], query: token(i, version.get(files[i])!) }));
    const lines = queries.map((q, n) => JSON.stringify({ id: n, query: q.query })).join('\n');
    fs.writeFileSync(path.join(temp.dir, 'queries.jsonl'), lines);
    const answers = (await runCli(['search', '--queries', path.join(temp.dir, 'queries.jsonl'), '--db', db, '-k', '1'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const [n, q] of queries.entries()) expect(answers[n].hits[0]?.path, q.query).toBe(q.file);
  }, 900_000);

  it('fuzz: 500 mutated PDF, DOCX, HTML and text files each end indexed or failed with a code, without a crash or a hang', async () => {
    const rand = random(SEED + 1);
    const seedsDir = path.join(temp.dir, 'seeds');
    const fuzz = path.join(temp.dir, 'fuzz');
    fs.mkdirSync(fuzz, { recursive: true });
    await makePdf(
      path.join(seedsDir, 'seed.pdf'),
      [
        ['保守マニュアル', 'E-203 が表示されたら冷却ファンを確認する。'],
        ['第2章', 'M6×20 のボルトは 9 N·m で締める。'],
      ],
      { title: '保守' },
    );
    await makeDocx(path.join(seedsDir, 'seed.docx'), [
      { style: 'Heading1', text: '第12条 再委託' },
      { text: '乙は甲の事前の書面による承諾なく再委託してはならない。' },
    ]);
    makeHtml(
      path.join(seedsDir, 'seed.html'),
      '<h1>点検</h1><p>月に一度ベルトを点検する。<script>alert(1)</script></p><table><tr><td>E-203</td></tr></table>',
      { title: '点検' },
    );
    fs.writeFileSync(path.join(seedsDir, 'seed.txt'), '就業規則\n第1条 目的\nこの規則は従業員の労働条件を定める。\n'.repeat(20));
    const seeds = ['pdf', 'docx', 'html', 'txt'].map((ext) => ({ ext, bytes: fs.readFileSync(path.join(seedsDir, `seed.${ext}`)) }));
    const kinds: Record<string, number> = {};
    for (let i = 0; i < 500; i++) {
      const seed = seeds[i % seeds.length];
      const bytes = Buffer.from(seed.bytes);
      let out: Buffer = bytes;
      const kind = ['flip', 'truncate', 'flip+truncate', 'insert'][Math.floor(rand() * 4)];
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      if (kind.includes('flip')) {
        const flips = 1 + Math.floor(rand() * 32);
        for (let f = 0; f < flips; f++) out[Math.floor(rand() * out.length)] ^= 1 << Math.floor(rand() * 8);
      }
      if (kind.includes('truncate')) out = out.subarray(0, Math.floor(rand() * out.length));
      if (kind === 'insert') {
        const at = Math.floor(rand() * out.length);
        const junk = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 4096) }, () => Math.floor(rand() * 256)));
        out = Buffer.concat([out.subarray(0, at), junk, out.subarray(at)]);
      }
      fs.writeFileSync(path.join(fuzz, `fuzz-${String(i).padStart(3, '0')}.${seed.ext}`), out);
    }

    const started = performance.now();
    const child = spawnCli(['index', fuzz, '--db', path.join(temp.dir, 'lib-fuzz'), '--json', '--file-timeout', '30']);
    const peak = watchPeakRss(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const hang = setTimeout(() => child.kill('SIGKILL'), 480_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(hang);
    const peakRss = peak();
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout);
    const byCode: Record<string, number> = {};
    for (const f of summary.failed) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    const byType: Record<string, { indexed: number; failed: number }> = {};
    const failedPaths = new Set(summary.failed.map((f: { path: string }) => f.path));
    for (const name of fs.readdirSync(fuzz)) {
      const ext = path.extname(name).slice(1);
      byType[ext] ??= { indexed: 0, failed: 0 };
      byType[ext][failedPaths.has(path.join(fuzz, name)) ? 'failed' : 'indexed']++;
    }
    console.log(
      `fuzz (seed ${SEED}): 500 files (${JSON.stringify(kinds)}) in ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MB: ` +
        `indexed ${summary.indexed}, failed ${summary.failed.length} ${JSON.stringify(byCode)}; by type ${JSON.stringify(byType)}`,
    );
    expect(summary.indexed + summary.failed.length).toBe(500);
    for (const f of summary.failed) {
      expect(ERROR_CODES, f.path).toContain(f.code);
      expect(f.code, `${f.path}: ${f.message}`).not.toBe('INTERNAL');
      expect(f.message, f.path).toContain(path.basename(f.path));
    }
    expect(peakRss).toBeLessThan(2 * 1024 ** 3);
    expect(JSON.parse((await runCli(['check', '--db', path.join(temp.dir, 'lib-fuzz'), '--json'])).stdout)).toMatchObject({
      ok: true,
      documents: summary.indexed,
    });
  }, 600_000);
});
