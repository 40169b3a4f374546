/**
 * The company's standard as a checklist's expected answers, in a real review (real index, kuromoji,
 * extractive answers): on the shipped sample (管轄 東京) the items hold; on a draft whose court is
 * 大阪 the 管轄 item is needs_review and says it differs from the standard.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/core/engine';
import { readDocumentText } from '../../../src/main/core/indexer/document-text';
import { loadChecklist } from '../../../src/main/core/review/checklist';
import { EXTRACTIVE_MODEL } from '../../../src/main/core/review/provenance';
import { ReviewStore } from '../../../src/main/core/review/review-store';
import { createRun, executeRun, resolveDocuments } from '../../../src/main/core/review/run-review';
import { makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

const SAMPLE = path.resolve('resources/samples/業務委託契約書.pdf');

describe('a checklist whose expected answers are the company standard', () => {
  const temp = makeTempDir('genten-expected-review-');
  const docs = path.join(temp.dir, 'docs');
  const standard = path.join(docs, '業務委託契約書.pdf');
  const draft = path.join(docs, '先方案.pdf');
  let engine: Engine;
  beforeAll(async () => {
    fs.mkdirSync(docs, { recursive: true });
    fs.copyFileSync(SAMPLE, standard);
    const text = (await readDocumentText(SAMPLE)).pages.map((p) => p.text.replace('東京地方裁判所', '大阪地方裁判所').split('\n'));
    await makePdf(draft, text);
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
    await engine.index({ paths: [docs] });
  }, 120_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('flags the item whose found clause differs from the standard, and only that one', async () => {
    const file = path.join(temp.dir, 'standard.csv');
    fs.writeFileSync(file, '番号,確認事項,期待値\nQ1,準拠法はどこか,日本法\nQ2,管轄裁判所はどこか,東京地方裁判所\n');
    const checklist = await loadChecklist(file);
    const documents = await resolveDocuments(engine, { paths: [standard, draft] });
    const run = createRun({ checklist, documents, model: EXTRACTIVE_MODEL });
    const finished = await executeRun(run, { engine, store: ReviewStore.forLibrary(engine.libraryDir) });
    const result = (item: string, doc: string) =>
      finished.results.find((r) => r.itemId === item && r.documentId === documents.find((d) => d.path === doc)!.id)!;
    expect(result('Q1', standard).status).toBe('found');
    expect(result('Q1', draft).status).toBe('found');
    expect(result('Q2', standard).status).toBe('found');
    expect(result('Q2', draft)).toMatchObject({ status: 'needs_review', reason: '自社基準（東京地方裁判所）と異なります: 該当条項にその記載がありません。' });
  }, 60_000);
});
