/**
 * Search across languages in a library of Japanese and English documents (real Markdown files,
 * kuromoji, LanceDB in a temp folder). The embedder is a stand-in with the flaw of a small
 * multilingual model: it knows the topic (cross-site scripting or not) but also puts Japanese
 * texts nearer a Japanese question. The Japanese safety manual shares one word (対策) with the
 * question; the English guide answers it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingModelOf } from '../../../src/main/core/embeddings/model';
import { Engine } from '../../../src/main/core/engine';
import type { Embedder } from '../../../src/main/core/llm/types';
import { DEFAULT_FUSION, searchLibrary } from '../../../src/main/core/search/search';
import { makeTempDir } from '../../helpers/temp';

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Topic, something else, and a pull towards Japanese (each query and passage also differs a little by its length). */
const biasedEmbedder: Embedder = {
  name: 'biased-stand-in',
  dimensions: 4,
  embed: async (texts) => texts.map((text) => [/cross-site|クロスサイト/i.test(text) ? 1 : 0.05, (text.length % 7) / 20, 0.4, JAPANESE.test(text) ? 0.9 : 0]),
  dispose: async () => {},
};

const SAFETY = Array.from(
  { length: 12 },
  (_, i) =>
    `## ${i + 1}. ${['地震', '火災', '停電', '浸水', '落雷', '盗難'][i % 6]}対策（${i + 1}）\n\n設備ごとに担当者を決め、年に${i + 1}回点検する。対策の記録は総務部が保管する。\n`,
).join('\n');
const WEB = [
  '# Web application security guide',
  '## Cross-site scripting\n\nCross-site scripting (XSS) lets an attacker run script in the browser of another user. Escape untrusted data before placing it in HTML output.',
  ...Array.from({ length: 10 }, (_, i) => `## Topic ${i + 1}\n\nKeep servers patched and review access logs every ${i + 2} weeks.`),
].join('\n\n');

describe('a Japanese question over English and Japanese documents (stand-in embedder, LanceDB, kuromoji)', () => {
  const temp = makeTempDir();
  let engine: Engine;
  const asBefore = { ...DEFAULT_FUSION, vectorPool: 0, coverage: { floor: 0, full: 0 } };
  const search = async (query: string, fusion = DEFAULT_FUSION, documentId?: string) => {
    const [vector] = await biasedEmbedder.embed([query]);
    return searchLibrary(engine.store, await engine.getAnalyzer(), query, { k: 5, fusion, documentId, vectorLeg: { vector: vector! } });
  };

  beforeAll(async () => {
    const docs = path.join(temp.dir, 'docs');
    fs.mkdirSync(docs, { recursive: true });
    fs.writeFileSync(path.join(docs, '防災マニュアル.md'), `# 防災マニュアル\n\n${SAFETY}`);
    fs.writeFileSync(path.join(docs, 'web-security.md'), WEB);
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library'), embedding: embeddingModelOf(biasedEmbedder) });
    await engine.index({ paths: [docs] });
  }, 120_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('finds the English passage first, where ranking all candidates together put the passages sharing 対策 first', async () => {
    const [first] = await search('クロスサイトスクリプティングの対策');
    expect(first!.text).toContain('Cross-site scripting');
    const before = await search('クロスサイトスクリプティングの対策', asBefore);
    expect(before[0]!.path).toContain('防災マニュアル');
  });

  it('keeps a Japanese passage that says the whole question first', async () => {
    const [first] = await search('停電対策の点検は年に何回か');
    expect(first!.text).toContain('停電対策');
  });

  it('ranks as before among passages of one language (here: searching one document)', async () => {
    const manual = (await engine.documents()).find((d) => d.path.endsWith('防災マニュアル.md'))!.id;
    for (const query of ['クロスサイトスクリプティングの対策', '停電の記録']) {
      const hits = await search(query, DEFAULT_FUSION, manual);
      expect(hits.length).toBeGreaterThan(1);
      expect(hits).toEqual(await search(query, asBefore, manual));
    }
  });

  it('is BM25 alone without a vector leg: the partial match is all there is', async () => {
    const hits = await searchLibrary(engine.store, await engine.getAnalyzer(), 'クロスサイトスクリプティングの対策', { k: 5 });
    expect(hits.every((h) => h.path.endsWith('防災マニュアル.md'))).toBe(true);
  });
});
