import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji from 'kuromoji';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMorphTokenizer, type MorphToken, type MorphTokenizer } from '../../../src/main/core/analysis/kuromoji';

type Tokenizer = kuromoji.Tokenizer<kuromoji.IpadicFeatures>;
let tokenizer: Tokenizer;
let fast: MorphTokenizer;
beforeAll(async () => {
  fast = await loadMorphTokenizer();
  const dicPath = path.join(path.dirname(createRequire(import.meta.url).resolve('kuromoji/package.json')), 'dict');
  tokenizer = await new Promise<Tokenizer>((resolve, reject) =>
    kuromoji.builder({ dicPath }).build((error, built) => (error ? reject(error) : resolve(built))),
  );
});

/** kuromoji's own tokenize, in the shape the analyser uses. */
function reference(text: string): MorphToken[] {
  return tokenizer.tokenize(text).map((t) => ({
    surface: t.surface_form,
    base: t.basic_form && t.basic_form !== '*' ? t.basic_form : t.surface_form,
    pos: t.pos,
    pos1: t.pos_detail_1,
  }));
}

const SAMPLES = [
  '再委託には事前の承諾が必要ですか？どこに書かれていますか',
  '受託者は、委託者の書面による事前の承諾を得なければ、本業務の全部又は一部を第三者に再委託してはならない。',
  // Unknown words grouped by character class: katakana, Latin, digits, long runs.
  'グーテンベルクプロジェクトのアーカイブはＡＢＣ１２３とabc123をサポートするスーパーウルトラメガロングカタカナワードです',
  'エラーコードE-203が表示された場合は、電源を切り、M6×20のボルトを締め直してください（v4.0以降）。',
  // Surrogate pairs (𠮷 is outside the BMP), emoji, symbols, mixed scripts and spaces.
  '𠮷野家で𩸽を食べた🍣 と言った。 「引用」や『書名』、【注意】※印 ① ② → ← ☆',
  'Chapter 3 Installation: run `make install` as root; see https://example.com/docs?id=42 for details.',
  '日本国憲法第九条は戦争の放棄を定めている。令和6年4月1日施行。ｶﾀｶﾅ半角もある',
  '\t改行\nを含む\r\nテキスト   連続空白',
];

describe("Genten's kuromoji (own dictionary assembly, linear lattice)", () => {
  it("gives exactly the tokens kuromoji's own builder and tokenizer give", () => {
    for (const text of SAMPLES) expect(fast(text), text).toEqual(reference(text));
    // Long unpunctuated text, where kuromoji's builder is quadratic.
    const long = SAMPLES.join('')
      .replace(/[、。．，？！]/g, '')
      .repeat(5);
    expect(fast(long)).toEqual(reference(long));
  });

  it('does not throw on a lone surrogate, which kuromoji itself cannot encode', () => {
    expect(() => fast('壊れた\ud800文字')).not.toThrow();
    expect(
      fast('壊れた\ud800文字')
        .map((t) => t.surface)
        .join(''),
    ).toBe('壊れた\ud800文字');
  });
});
