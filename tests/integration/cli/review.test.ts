/** `genten review` as a script runs it: --json in its documented shape, --out reports, --model, and clear errors. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';
import { writeTinyGguf } from '../../helpers/tiny-gguf';

describe('genten review (real child process)', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'lib');
  const env = { GENTEN_DATA_DIR: path.join(temp.dir, 'data') };
  const rules = path.join(docs, 'rules.md');
  const checklist = path.join(temp.dir, 'check.csv');

  beforeAll(async () => {
    fs.mkdirSync(docs);
    fs.writeFileSync(
      rules,
      '# 業務委託規程\n\n## 第12条 再委託\n\n乙は、甲の書面による事前の承諾を得なければ、業務を第三者に再委託してはならない。\n\n## 第13条 秘密保持\n\n乙は、業務上知り得た秘密を第三者に漏らしてはならない。\n',
    );
    fs.writeFileSync(
      checklist,
      'id,question,category\nR1,再委託に事前の承諾は必要か,再委託\nR2,秘密保持の定めはあるか,秘密保持\nR3,準拠法は定められているか,準拠法\n',
    );
    expect((await runCli(['index', docs, '--db', db], { env })).code).toBe(0);
  });
  afterAll(() => temp.cleanup());

  it('--json prints {checklist, documents, items, model, startedAt, seconds} with each item per document', async () => {
    const result = await runCli(['review', checklist, '--doc', rules, '--db', db, '--json'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(['checklist', 'documents', 'items', 'model', 'startedAt', 'seconds']);
    expect(json).toMatchObject({ checklist, documents: [rules], model: null });
    expect(Number.isNaN(Date.parse(json.startedAt))).toBe(false);
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(['R1', 'R2', 'R3']);
    for (const item of json.items) {
      expect(Object.keys(item)).toEqual(['id', 'question', 'document', 'status', 'answer', 'citations', 'unsupported', 'timings']);
      expect(item.document).toBe(rules);
      expect(['found', 'not_found', 'needs_review']).toContain(item.status);
      for (const c of item.citations) expect(Object.keys(c)).toEqual(['n', 'path', 'title', 'page', 'pageEnd', 'section', 'quote', 'chunkId']);
      expect(Object.keys(item.timings)).toEqual(['retrieveMs', 'answerMs', 'totalMs', 'tokens', 'tokensPerSecond']);
    }
    // The run is saved in the library.
    expect(fs.readdirSync(path.join(db, 'reviews')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  it('--model answers with the GGUF and the .docx report records the model file and its hash; --out writes .md', async () => {
    const model = path.join(temp.dir, 'tiny.gguf');
    await writeTinyGguf(model, { contextLength: 4096 });
    const out = path.join(temp.dir, 'out', 'memo.docx');
    const result = await runCli(['review', checklist, '--doc', rules, '--db', db, '--model', model, '--out', out, '--json'], { env, timeoutMs: 240_000 });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.model).toBe(model);
    const hash = createHash('sha256').update(fs.readFileSync(model)).digest('hex');
    const xml = await (await JSZip.loadAsync(fs.readFileSync(out))).file('word/document.xml')!.async('string');
    expect(xml).toContain(`${model} (SHA-256 ${hash})`);
    expect(xml).toContain(createHash('sha256').update(fs.readFileSync(checklist)).digest('hex'));

    const md = path.join(temp.dir, 'report.md');
    const human = await runCli(['review', checklist, '--doc', rules, '--db', db, '--out', md], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Report: ${md}`);
    expect(fs.readFileSync(md, 'utf8')).toContain('## R1 再委託に事前の承諾は必要か');
  }, 300_000);

  it('a document not in the library, a bad checklist and a wrong report type are clear errors, with nothing written', async () => {
    const outside = path.join(temp.dir, 'other.pdf');
    const missing = await runCli(['review', checklist, '--doc', outside, '--db', db], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${outside} is not in the library: index it first`);
    const dup = path.join(temp.dir, 'dup.csv');
    fs.writeFileSync(dup, 'id,question\nA,一つ目\nA,二つ目\n');
    const bad = await runCli(['review', dup, '--doc', rules, '--db', db], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('dup.csv: row 3: the id "A" is used twice (first at row 2)');
    const pdfOut = await runCli(['review', checklist, '--doc', rules, '--db', db, '--out', path.join(temp.dir, 'r.pdf')], { env });
    expect(pdfOut.code).toBe(1);
    expect(pdfOut.stderr).toContain('r.pdf: a report is .xlsx, .docx, .md or .csv.');
    const usage = await runCli(['review', checklist, '--db', db], { env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('review needs --doc FILE');
    expect(fs.readdirSync(path.join(db, 'reviews')).filter((f) => f.endsWith('.json'))).toHaveLength(3);
  });

  it('a base model (no chat template) is neither loaded nor recorded: the review answers by extraction, as the ask default does', async () => {
    const base = path.join(temp.dir, 'tiny-base.gguf');
    await writeTinyGguf(base, { contextLength: 4096, base: true });
    const result = await runCli(['review', checklist, '--doc', rules, '--db', db, '--model', base], { env, timeoutMs: 240_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('Using');
    expect(result.stdout).toContain('model: none (extractive)');
  }, 300_000);

  it("--style model (or the settings' answer style) asks that base model anyway, as genten ask does", async () => {
    const base = path.join(temp.dir, 'tiny-base-asked.gguf');
    await writeTinyGguf(base, { contextLength: 4096, base: true });
    const result = await runCli(['review', checklist, '--doc', rules, '--db', db, '--model', base, '--style', 'model'], { env, timeoutMs: 240_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Using ${base}`);
    expect(result.stdout).toContain('model: tiny-base-asked.gguf');
  }, 300_000);
});
