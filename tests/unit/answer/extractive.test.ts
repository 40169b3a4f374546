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

  it('keeps every step of a procedure, in order, when the answer is in it', () => {
    const manual = [
      hit(
        '3.2 E-203 冷却ファン異常\nE-203 は冷却ファンの回転数低下を示す。次の手順で対処する。\n(1) 主電源を切り、ファンが完全に停止するまで待つ。\n(2) 吸気フィルターとファンガードのほこりを清掃する。\n(3) ファンを手で回し、引っかかりがないことを確認する。\n(4) 再起動しても E-203 が消えない場合は、ファンモーターを交換する（部品番号 FM-500）。',
      ),
    ];
    const result = buildExtractiveAnswer({ question: 'E-203 エラーが出たらどうすればいい？', passages: manual, analyze: simpleAnalyze });
    expect(result.answer.split('\n').slice(1)).toEqual([
      '- E-203 は冷却ファンの回転数低下を示す。次の手順で対処する。 [1]',
      '- (1) 主電源を切り、ファンが完全に停止するまで待つ。 [1]',
      '- (2) 吸気フィルターとファンガードのほこりを清掃する。 [1]',
      '- (3) ファンを手で回し、引っかかりがないことを確認する。 [1]',
      '- (4) 再起動しても E-203 が消えない場合は、ファンモーターを交換する（部品番号 FM-500）。 [1]',
    ]);
  });

  it('quotes whole sentences: not cut inside brackets or at a line the PDF wrapped', () => {
    const contract = [
      hit(
        '第1条（目的）\n甲は、甲の工場設備の保守点検業務（以下「本業務」という。）を乙に委託し、乙はこれを受託する。\n第6条（再委託）\n2 乙が前項の承諾を得て再委託したときは、乙は再委託先に本契約と同等の義務を負わ\nせ、再委託先の行為について甲に対し一切の責任を負う。',
      ),
    ];
    const result = buildExtractiveAnswer({ question: '再委託先の行為の責任と本業務の委託', passages: contract, analyze: simpleAnalyze });
    const lines = result.answer.split('\n').slice(1);
    expect(lines).toContain('- 甲は、甲の工場設備の保守点検業務（以下「本業務」という。）を乙に委託し、乙はこれを受託する。 [1]');
    expect(lines).toContain(
      '- 2 乙が前項の承諾を得て再委託したときは、乙は再委託先に本契約と同等の義務を負わせ、再委託先の行為について甲に対し一切の責任を負う。 [1]',
    );
    expect(lines.some((l) => l.startsWith('- を乙に') || l.startsWith('- せ、'))).toBe(false);
  });

  it('answers from a sheet with the row that holds the answer, not the rows run together', () => {
    const sheet = [
      hit(
        '月次点検表\n点検項目：圧力計の指示値　担当：田中　結果：良　備考：0.52 MPa\n点検項目：非常停止ボタン　担当：佐藤　結果：要修理　備考：E-203 表示、部品手配中\n点検項目：給油状態　担当：田中　結果：良',
        { path: '/docs/inspection.xlsx', section: '月次点検表!B1:F6' },
      ),
    ];
    const result = buildExtractiveAnswer({ question: '非常停止ボタンの点検結果は？', passages: sheet, analyze: simpleAnalyze, maxSentences: 1 });
    expect(result.sentences.map((s) => s.text)).toEqual(['点検項目：非常停止ボタン　担当：佐藤　結果：要修理　備考：E-203 表示、部品手配中']);
  });

  it('answers a question about a slide’s title with the points under it, in order', () => {
    const slide = [
      hit('今年度の重点目標\n計画保全の比率を 80% に引き上げる\n突発停止を前年比 30% 削減する\n点検記録を電子化する', {
        path: '/docs/plan.pptx',
        page: 2,
        pageEnd: 2,
      }),
    ];
    const result = buildExtractiveAnswer({ question: '今年度の重点目標は？', passages: slide, analyze: simpleAnalyze });
    expect(result.sentences.map((s) => s.text)).toEqual(['計画保全の比率を 80% に引き上げる', '突発停止を前年比 30% 削減する', '点検記録を電子化する']);
    // In a PDF, a short title line does not make the lines under it an answer.
    const pdf = [hit('今年度の重点目標\n計画保全の比率を 80% に引き上げる')];
    expect(buildExtractiveAnswer({ question: '今年度の重点目標は？', passages: pdf, analyze: simpleAnalyze }).sentences).toEqual([]);
  });
});
