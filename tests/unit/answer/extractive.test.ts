import { describe, expect, it } from 'vitest';
import { buildExtractiveAnswer, EXTRACTED_LABEL } from '../../../src/main/core/answer/extractive';
import { hit, simpleAnalyze } from './fixtures';

const passages = [
  hit('第3章 服務規律。第11条 従業員は就業規則を遵守しなければならない。再委託には事前の書面承諾が必要である。'),
  hit('E-203 エラーが表示された場合は、冷却ファンを交換する。交換後に電源を再投入する。'),
  hit('再委託には事前の書面承諾が必要である。承諾は30日前までに申請する。'),
];

describe('buildExtractiveAnswer', () => {
  it('answers with the passage sentences that best match the question, each cited and labelled as extracted', () => {
    const result = buildExtractiveAnswer({ question: 'E-203 エラーの対処は？', passages, analyze: simpleAnalyze, maxSentences: 1 });
    expect(result.answer.split('\n')[0]).toBe(EXTRACTED_LABEL.ja);
    expect(result.sentences).toEqual([expect.objectContaining({ n: 2, text: 'E-203 エラーが表示された場合は、冷却ファンを交換する。' })]);
    expect(result.answer).toContain('- E-203 エラーが表示された場合は、冷却ファンを交換する。 [2]');
    expect(result.cited).toEqual([2]);
  });

  it('quotes sentences verbatim and lists a sentence repeated by overlapping chunks once', () => {
    const result = buildExtractiveAnswer({ question: '再委託に承諾は必要か', passages, analyze: simpleAnalyze });
    const texts = result.sentences.map((s) => s.text);
    expect(texts[0]).toBe('再委託には事前の書面承諾が必要である。');
    expect(new Set(texts).size).toBe(texts.length);
    for (const s of result.sentences) expect(passages[s.n - 1]!.text).toContain(s.text);
  });

  it('does not offer heading lines or titles as answers', () => {
    const contract = [hit('業務委託契約書\n第2章 再委託\n第12条（再委託）\n乙は、甲の書面による事前の承諾を得なければ、再委託してはならない。')];
    const result = buildExtractiveAnswer({ question: '再委託に事前承諾は必要か', passages: contract, analyze: simpleAnalyze });
    expect(result.sentences.map((s) => s.text)).toEqual(['乙は、甲の書面による事前の承諾を得なければ、再委託してはならない。']);
  });

  it('labels in English for an English question', () => {
    const result = buildExtractiveAnswer({ question: 'How to fix E-203?', passages, analyze: simpleAnalyze });
    expect(result.answer.startsWith(EXTRACTED_LABEL.en)).toBe(true);
  });

  it('says the documents do not say when no sentence shares a term with the question', () => {
    const result = buildExtractiveAnswer({ question: '有給休暇の日数は？', passages, analyze: simpleAnalyze });
    expect(result.answer).toBe('資料には記載がありません。');
    expect(result.cited).toEqual([]);
  });

  it('reads only the best passages and returns at most maxSentences', () => {
    const result = buildExtractiveAnswer({ question: '再委託 承諾 E-203', passages, analyze: simpleAnalyze, maxPassages: 2, maxSentences: 2 });
    expect(result.sentences.length).toBeLessThanOrEqual(2);
    expect(result.sentences.every((s) => s.n <= 2)).toBe(true);
  });
});
