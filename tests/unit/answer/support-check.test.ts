import { describe, expect, it } from 'vitest';
import { checkSupport, containsIdentifier, extractIdentifiers, normalizeForMatch, answerSentences } from '../../../src/main/core/answer/support-check';
import { mapCitationMarkers } from '../../../src/main/core/answer/citations';
import { splitSentences } from '../../../src/main/core/text/sentences';
import { hit, simpleAnalyze } from './fixtures';

const contract = hit(
  '第12条第3項 乙は、甲の事前の書面による承諾を得た場合に限り、本業務を第三者に再委託することができる。承諾の申請は30日前までに行う。本契約は2024年4月1日から効力を生じる。',
  { title: '業務委託契約書' },
);
const manual = hit('Error E-203 means the cooling fan stopped. Replace the fan unit with part M6×20 screws. Firmware v4.0 fixes the alarm.', {
  title: 'Manual',
});
const passages = [contract, manual];
const check = (answer: string, options: { minCoverage?: number } = {}) => checkSupport(answer, passages, { analyze: simpleAnalyze, ...options });

describe('answerSentences', () => {
  it('splits Japanese at 。 and keeps markers after the end mark with their sentence', () => {
    expect(answerSentences('再委託には承諾が必要です。[1] 申請は30日前までです[1]。').map((s) => s.text)).toEqual([
      '再委託には承諾が必要です。[1]',
      '申請は30日前までです[1]。',
    ]);
  });

  it('does not split inside 3.5 or v4.0, nor after a list number, but does at ". " and line breaks', () => {
    expect(answerSentences('1. Install v4.0 first. It weighs 3.5 kg [2].\n- Then restart').map((s) => s.text)).toEqual([
      '1. Install v4.0 first.',
      'It weighs 3.5 kg [2].',
      '- Then restart',
    ]);
  });

  it('splits as chunks do: "Fig. 3" and "e.g. the" stay in one sentence, markers after a period stay with it', () => {
    const text = 'See Fig. 3 for the fan [1]. Use e.g. the M6 screws.[2] Then restart [1].\n[2]';
    expect(answerSentences(text).map((s) => s.text)).toEqual(['See Fig. 3 for the fan [1].', 'Use e.g. the M6 screws.[2]', 'Then restart [1].\n[2]']);
    const plain = 'See Fig. 3 for the fan. Use e.g. the M6 screws. 「承諾する。」と述べた。Dr. Sato agreed.';
    expect(answerSentences(plain).map((s) => s.text)).toEqual(splitSentences(plain).map((s) => plain.slice(s.start, s.end)));
  });

  it('gives offsets into the original text', () => {
    const text = '  一文目。二文目！';
    for (const s of answerSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('identifiers', () => {
  it('finds clause numbers, codes, dates, versions and plain numbers', () => {
    expect(extractIdentifiers('第12条第3項により E-203 は 2024年4月1日 から v4.0 で ISO 9001 と M6×20、30日以内')).toEqual([
      '第12条第3項',
      'E-203',
      '2024年4月1日',
      'v4.0',
      'ISO 9001',
      'M6×20',
      '30',
    ]);
  });

  it('normalises full-width forms (NFKC) before comparing', () => {
    expect(extractIdentifiers('第１２条第３項とＥ－２０３')).toEqual(['第12条第3項', 'E-203']);
  });

  it('does not match a number inside a longer number or code', () => {
    const text = normalizeForMatch('期限は300日、型式 E-2031');
    expect(containsIdentifier(text, '30')).toBe(false);
    expect(containsIdentifier(text, 'E-203')).toBe(false);
    expect(containsIdentifier(text, '300')).toBe(true);
  });
});

describe('checkSupport', () => {
  it('accepts sentences whose terms and numbers are in the passages they cite', () => {
    const report = check('再委託には甲の事前の書面による承諾が必要です[1]。承諾の申請は30日前までに行います[1]。');
    expect(report.unsupported).toEqual([]);
    expect(report.sentences.every((s) => s.supported && s.reason === 'supported')).toBe(true);
    expect(report.sentences[0]!.citations).toEqual([1]);
  });

  it('flags a sentence whose number is not in its cited passage', () => {
    const report = check('承諾の申請は60日前までに行います[1]。');
    expect(report.unsupported).toEqual(['承諾の申請は60日前までに行います。']);
    expect(report.sentences[0]!.reason).toBe('identifier-missing');
    expect(report.sentences[0]!.missingIdentifiers).toEqual(['60']);
  });

  it('flags a clause number that is wrong, even when the words match', () => {
    const report = check('第12条第4項により、再委託には事前の書面による承諾が必要です[1]。');
    expect(report.sentences[0]!.supported).toBe(false);
    expect(report.sentences[0]!.missingIdentifiers).toEqual(['第12条第4項']);
  });

  it('accepts full-width digits that match after NFKC', () => {
    expect(check('第１２条第３項により、再委託には承諾が必要です［1］。').unsupported).toEqual([]);
  });

  it('checks identifiers only against the passages the sentence cites', () => {
    const report = check('Error E-203 means the cooling fan stopped [1].');
    expect(report.sentences[0]!.supported).toBe(false);
    expect(check('Error E-203 means the cooling fan stopped [2].').unsupported).toEqual([]);
  });

  it('flags a sentence whose content is mostly not in its sources', () => {
    const report = check('The warranty covers water damage and shipping costs for five years [2].');
    expect(report.sentences[0]!.reason).toBe('low-overlap');
    expect(report.sentences[0]!.coverage).toBeLessThan(0.6);
    expect(report.unsupported).toHaveLength(1);
  });

  it('flags a sentence that cites nothing', () => {
    const report = check('Replace the fan unit. Firmware v4.0 fixes the alarm [2].');
    expect(report.sentences.map((s) => s.reason)).toEqual(['no-citation', 'supported']);
    expect(report.unsupported).toEqual(['Replace the fan unit.']);
  });

  it('flags a sentence whose only citation was invented (dropped before the check)', () => {
    const mapped = mapCitationMarkers('Replace the fan unit [7].', passages.length);
    expect(mapped.invalid).toEqual([7]);
    expect(check(mapped.answer).unsupported).toEqual(['Replace the fan unit.']);
  });

  it('ignores citation numbers outside the passages even if left in the text', () => {
    const report = check('Replace the fan unit [7].');
    expect(report.sentences[0]!.citations).toEqual([]);
    expect(report.sentences[0]!.supported).toBe(false);
  });

  it('does not flag "the documents do not say" or sentences with nothing to check', () => {
    const report = check('資料には記載がありません。\nThe documents do not say.\n---');
    expect(report.unsupported).toEqual([]);
    expect(report.sentences.every((s) => s.reason === 'not-a-claim')).toBe(true);
  });

  it('picks the passage sentence that best supports the claim as its quote', () => {
    const report = check('承諾の申請は30日前までに行います[1]。');
    expect(report.quotes.get(1)).toBe('承諾の申請は30日前までに行う。');
  });

  it('flags a passage sentence copied with a fact changed, not a paraphrase of it', () => {
    const passage = hit('日本で梅雨がないのは北海道と小笠原諸島である。梅雨は東アジアの広い範囲で見られる。');
    const changed = checkSupport('日本で梅雨がないのは北海道と沖縄諸島である。[1]', [passage], { analyze: simpleAnalyze });
    expect(changed.sentences[0]).toMatchObject({ supported: false, reason: 'changed-quote' });
    const paraphrase = checkSupport('北海道と小笠原諸島には梅雨がない。[1]', [passage], { analyze: simpleAnalyze });
    expect(paraphrase.unsupported).toEqual([]);
  });

  it('lets the caller set how much overlap is enough', () => {
    const answer = 'The cooling fan and the power board stopped [2].';
    expect(check(answer, { minCoverage: 0.3 }).unsupported).toEqual([]);
    expect(check(answer, { minCoverage: 0.9 }).unsupported).toHaveLength(1);
  });
});
