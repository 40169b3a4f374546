import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';
import { writeTinyGguf } from '../../helpers/tiny-gguf';

describe('genten ask and models (real child process, tiny GGUF)', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'lib');
  const dataDir = path.join(temp.dir, 'data');
  const env = { GENTEN_DATA_DIR: dataDir };
  const modelFile = path.join(dataDir, 'models', 'tiny-chat.gguf');

  beforeAll(async () => {
    fs.mkdirSync(docs);
    fs.mkdirSync(path.dirname(modelFile), { recursive: true });
    // A byte-level vocabulary spends ~3 tokens per Japanese character: give it a laptop-sized context.
    await writeTinyGguf(modelFile, { contextLength: 4096 });
    fs.writeFileSync(
      path.join(docs, 'rules.md'),
      '# 業務委託規程\n\n## 第12条 再委託\n\n乙は、甲の書面による事前の承諾を得なければ、業務を第三者に再委託してはならない。\n\n## 第13条 秘密保持\n\n乙は、業務上知り得た秘密を第三者に漏らしてはならない。\n',
    );
    const indexed = await runCli(['index', docs, '--db', db, '--json'], { env });
    expect(indexed.code).toBe(0);
  });
  afterAll(() => temp.cleanup());

  it('answers extractively with citations when no model is set', async () => {
    const result = await runCli(['ask', '再委託には事前の承諾が必要か', '--db', db, '--json'], { env });
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer.mode).toBe('extractive');
    expect(answer.model).toBeNull();
    expect(answer.answer).toContain('事前の承諾');
    expect(answer.citations[0]).toMatchObject({ n: 1, path: path.join(docs, 'rules.md'), page: 1 });
    expect(answer.citations[0].section).toContain('第12条');
    expect(answer.citations[0].quote.length).toBeGreaterThan(0);
    expect(typeof answer.timings.retrieveMs).toBe('number');
    expect(answer.timings).toMatchObject({ tokens: 0, tokensPerSecond: null });
  });

  it('lists the GGUF found in the models folder from its header, and sets it as the answer model', async () => {
    const listed = JSON.parse((await runCli(['models', 'list', '--json'], { env })).stdout);
    expect(listed.models).toEqual([expect.objectContaining({ path: modelFile, architecture: 'llama', hasChatTemplate: true, kind: 'chat' })]);
    expect(listed.catalogue.length).toBeGreaterThan(3);

    const used = await runCli(['models', 'use', 'tiny-chat'], { env });
    expect(used.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).answerModel).toBe(modelFile);
    const bad = await runCli(['models', 'use', path.join(docs, 'rules.md')], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a GGUF');
  });

  it('answers generatively with the set model, and only keeps citations to passages it was given', async () => {
    const result = await runCli(['ask', '再委託の条件は', '--db', db, '--json'], { env });
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer.mode).toBe('generative');
    expect(answer.model).toBeTruthy();
    expect(answer.timings.totalMs).toBeGreaterThan(0);
    expect(answer.timings.tokens).toBeGreaterThan(0);
    expect(answer.timings).toHaveProperty('tokensPerSecond');
    // The tiny model writes noise: whatever [n] it invents must not become a citation.
    for (const c of answer.citations) expect(c.path).toBe(path.join(docs, 'rules.md'));
    expect(Array.isArray(answer.unsupported)).toBe(true);
  });

  it('by default answers by extraction without loading a base model, and names it; --style model loads and asks it', async () => {
    const baseFile = path.join(temp.dir, 'tiny-base.gguf');
    await writeTinyGguf(baseFile, { contextLength: 4096, base: true });
    const auto = await runCli(['ask', '再委託の条件は', '--db', db, '--model', baseFile], { env });
    expect(auto.code).toBe(0);
    // "Using tiny-base.gguf…" is printed just before a model loads.
    expect(auto.stderr).not.toContain('Using');
    expect(auto.stdout).toContain('事前の承諾');
    expect(auto.stdout).toContain('tiny-base.gguf');
    const json = JSON.parse((await runCli(['ask', '再委託の条件は', '--db', db, '--model', baseFile, '--json'], { env })).stdout);
    expect(json).toMatchObject({ mode: 'extractive', modelSkipped: 'tiny-base.gguf' });

    const asked = await runCli(['ask', '再委託の条件は', '--db', db, '--model', baseFile, '--style', 'model'], { env });
    expect(asked.code).toBe(0);
    expect(asked.stderr).toContain('Using');
  });
});
