import { describe, expect, it } from 'vitest';
import { addressMatch, addressTermsOf, chunkAddresses, parseNumeral, pathAddresses, provisionReferences } from '../../../src/main/core/text/provisions';

const addresses = (...labels: string[]) => [...pathAddresses(labels)];
/** The most specific address of each reference a question names. */
const named = (query: string) => provisionReferences(query).map((chain) => chain[chain.length - 1]);

describe('provision numbers', () => {
  it('reads kanji, Arabic and full-width numerals alike', () => {
    expect(parseNumeral('百六十八')).toBe(168);
    expect(parseNumeral('十二')).toBe(12);
    expect(parseNumeral('二十')).toBe(20);
    expect(parseNumeral('１２')).toBe(12);
    expect(parseNumeral('一〇')).toBe(10);
    expect(parseNumeral('第')).toBeNaN();
  });
});

describe('addresses of a section path (what a chunk is indexed with)', () => {
  it('gives the same address however the document writes the article number', () => {
    for (const label of [
      '第15条（秘密保持）',
      '第十五条（秘密保持）',
      '第１５条（秘密保持）',
      '（秘密保持）第１５条',
      'Article 15 Confidentiality',
      '## 第15条 秘密保持',
    ]) {
      expect(addresses(label.replace(/^## /, '')), label).toContain('§a15');
    }
  });

  it('reads ②, ２ (a 第2項 label) and 第二項 as paragraph 2 of the article', () => {
    expect(addresses('第5条（目的）', '②')).toContain('§a5.p2');
    expect(addresses('第5条（目的）', '第2項')).toContain('§a5.p2');
    expect(addresses('第五条', '第二項')).toContain('§a5.p2');
  });

  it('addresses items (号), branch articles (条の), chapters and schedules', () => {
    expect(addresses('第3章 服務規律', '第2条の13', '第3項', '三')).toEqual(expect.arrayContaining(['§ch3', '§a2-13', '§a2-13.p3', '§a2-13.p3.i3']));
    // 号 right under an article sits in its first paragraph.
    expect(addresses('第20条（休職）', '一')).toEqual(expect.arrayContaining(['§a20.i1', '§a20.p1.i1']));
    expect(addresses('別表第一（年次有給休暇の付与日数）')).toEqual(['§x1']);
  });

  it('addresses numbered contract clauses and EU-style article paragraphs', () => {
    expect(addresses('12.0 General Provisions', '12.3')).toEqual(['§n12', '§n12.3']);
    expect(addresses('Article V Principles', '(6)')).toEqual(expect.arrayContaining(['§a5', '§a5.p6']));
  });

  it('collects every provision a chunk holds', () => {
    expect(chunkAddresses([['第5条'], ['第5条', '②'], ['第6条']])).toEqual(expect.arrayContaining(['§a5', '§a5.p2', '§a6']));
  });
});

describe('references a question names', () => {
  it('turns 第5条第6項, 第十二条, 第2条の13第3号 and 別表第一 into addresses', () => {
    expect(provisionReferences('第5条第6項の内容は？')).toEqual([['§a5', '§a5.p6']]);
    expect(named('第十二条に違反した場合')).toEqual(['§a12']);
    expect(named('第２条の１３第３号')).toEqual(['§a2-13.i3']);
    expect(named('別表第一の日数')).toEqual(['§x1']);
    expect(named('第５条②')).toEqual(['§a5.p2']);
    expect(named('金融商品取引法第168条の罰則')).toEqual(['§a168']);
  });

  it('reads Article 5(6), Section 12.3 and clause 4.1, and not the word "party"', () => {
    expect(provisionReferences('What does Article 5(6) require?')).toEqual([['§a5', '§a5.p6']]);
    expect(named('Section 12.3')).toEqual(['§n12.3']);
    expect(provisionReferences('see clause 4.1')[0]).toEqual(['§n4', '§n4.1']);
    expect(provisionReferences('Is a party restricted from assigning this section to a third party?')).toEqual([]);
  });

  it('matches the most specific address fully and the enclosing article in part', () => {
    const refs = provisionReferences('第5条第2項');
    expect(addressMatch(refs, new Set(addresses('第5条', '②')))).toBe(1);
    expect(addressMatch(refs, new Set(addresses('第5条')))).toBe(0.5);
    expect(addressMatch(refs, new Set(addresses('第6条', '②')))).toBe(0);
    expect(addressTermsOf('agreement govern §a5 §a5.p2 law')).toEqual(new Set(['§a5', '§a5.p2']));
  });
});
