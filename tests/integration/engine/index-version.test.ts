/**
 * A library indexed by an older build of Genten: a document whose row holds another analyser or
 * text pipeline version is read again on the next index run, even though its file is unchanged,
 * so that fixes to headings, cleaning and chunking reach libraries that already exist. One that a
 * newer build indexed is left as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION } from '../../../src/main/core/analysis/analyzer';
import { Engine } from '../../../src/main/core/engine';
import { INDEX_VERSION } from '../../../src/main/core/indexer/index-rows';
import { TEXT_VERSION } from '../../../src/main/core/text/text-version';
import { markIndexedBy } from '../../helpers/store-rows';
import { makeTempDir } from '../../helpers/temp';

const FIXTURE = path.join(__dirname, '../../fixtures/office/company-rules.pdf');
/** The section path an older build might have given every passage. */
const OLD_SECTION = '就業規則 > 第1章 総則';

describe('index runs over a library from an older text pipeline (real PDF, kuromoji, LanceDB)', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'library');
  let engine: Engine;

  beforeAll(async () => {
    fs.mkdirSync(docs);
    fs.copyFileSync(FIXTURE, path.join(docs, 'company-rules.pdf'));
    engine = await Engine.open({ libraryDir: db });
    expect((await engine.index({ paths: [docs] })).indexed).toBe(1);
  }, 120_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('does not read a document again when its file and both versions are unchanged', async () => {
    const summary = await engine.index({ paths: [docs] });
    expect(summary).toMatchObject({ indexed: 0, unchanged: 1, failed: [] });
    expect((await engine.status()).analyzerVersion).toBe(INDEX_VERSION);
  }, 120_000);

  it('reads a document indexed before the text version was stored once, replacing its passages', async () => {
    engine.dispose();
    // Rows written before: the analyser's version alone, and passages with the old sections.
    await markIndexedBy(db, ANALYZER_VERSION, (chunk) => ({ ...chunk, section: OLD_SECTION }));
    engine = await Engine.open({ libraryDir: db });
    expect((await engine.status()).analyzerVersion).toBe(ANALYZER_VERSION);
    expect((await engine.search('試用期間'))[0].section).toBe(OLD_SECTION);

    const progress: number[] = [];
    const summary = await engine.index({ paths: [docs], onProgress: (p) => progress.push(p.filesDone) });
    expect(summary).toMatchObject({ indexed: 1, unchanged: 0, failed: [], documents: 1 });
    expect(progress.at(-1)).toBe(1);
    const [hit] = await engine.search('試用期間');
    expect(hit.path).toBe(path.join(docs, 'company-rules.pdf'));
    expect(hit.section).toContain('第4条（試用期間）');
    expect(hit.text).toContain('試用期間');
    expect((await engine.status()).analyzerVersion).toBe(INDEX_VERSION);

    // Once: the next run finds it current.
    expect(await engine.index({ paths: [docs] })).toMatchObject({ indexed: 0, unchanged: 1 });
  }, 120_000);

  it('leaves a document a newer Genten indexed as it is, and the library its version (a shared library indexed by two versions in turn)', async () => {
    engine.dispose();
    const newer = `${ANALYZER_VERSION}+text-${TEXT_VERSION + 1}`;
    await markIndexedBy(db, newer, (chunk) => ({ ...chunk, section: 'newer sections' }));
    engine = await Engine.open({ libraryDir: db });
    expect(await engine.index({ paths: [docs] })).toMatchObject({ indexed: 0, unchanged: 1 });
    expect((await engine.search('試用期間'))[0].section).toBe('newer sections');
    expect((await engine.status()).analyzerVersion).toBe(newer);
    // An older one is read again, as above.
    engine.dispose();
    await markIndexedBy(db, `${ANALYZER_VERSION}+text-${TEXT_VERSION - 1}`);
    engine = await Engine.open({ libraryDir: db });
    expect(await engine.index({ paths: [docs] })).toMatchObject({ indexed: 1, unchanged: 0 });
  }, 120_000);
});
