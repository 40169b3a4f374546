/**
 * Makes the Office-made PDF fixtures of tests/fixtures/office/ the way offices make them: Japanese
 * .docx files written with the `docx` package (justified and distributed paragraphs, letter-spaced
 * headings, a two-column section, a table, a text box, ruby, vertical writing), converted to PDF by
 * LibreOffice, and beside each the text it holds in reading order (the ground truth, without the
 * running header and footer, ruby readings left out).
 *   npm run fixtures:office [-- names…]   (needs `apt-get install libreoffice-writer-nogui fonts-ipafont`)
 * Then an Excel workbook and a PowerPoint deck saved by LibreOffice (fixtures/office-files.ts, needs
 * libreoffice-calc-nogui and libreoffice-impress-nogui), and the Japanese web pages of fixtures/browser-pages.ts, printed by Chromium into tests/fixtures/browser
 * (needs /usr/bin/chromium).
 * The PDFs, .docx files and ground truths are committed: tests and CI never need LibreOffice or Chromium.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  ImportedXmlComponent,
  Packer,
  PageNumber,
  PageTextDirectionType,
  Paragraph,
  type ParagraphChild,
  SectionType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  Textbox,
  WidthType,
  type ISectionOptions,
} from 'docx';
import { printBrowserPages } from './fixtures/browser-pages';
import { makeOfficeFiles } from './fixtures/office-files';

const OUT = path.resolve('tests/fixtures/office');
const BROWSER_OUT = path.resolve('tests/fixtures/browser');
const only = process.argv.slice(2);
const FONT = 'IPAMincho';
const GOTHIC = 'IPAGothic';
/** 10.5 pt, Word's Japanese default (half-points). */
const BODY_SIZE = 21;

interface Fixture {
  name: string;
  sections: ISectionOptions[];
  /** Text in reading order, one paragraph (or table row, cells tab-separated) a line. */
  truth: string[];
}

const run = (text: string, options: { size?: number; spacing?: number; bold?: boolean; font?: string } = {}) =>
  new TextRun({
    text,
    font: { ascii: options.font ?? FONT, eastAsia: options.font ?? FONT, hAnsi: options.font ?? FONT },
    size: options.size ?? BODY_SIZE,
    characterSpacing: options.spacing,
    bold: options.bold,
  });

const para = (
  text: string,
  alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.JUSTIFIED,
  extra: { firstLine?: boolean; size?: number; spacing?: number; bold?: boolean; font?: string; line?: number } = {},
) =>
  new Paragraph({
    alignment,
    indent: extra.firstLine ? { firstLine: 210 } : undefined,
    spacing: { after: 60, line: extra.line },
    children: [run(text, extra)],
  });

/** A heading spread over a fixed width (Word's 均等割り付け) or set with wide letter spacing. */
const heading = (text: string, how: 'distributed' | 'spaced' | 'plain' = 'plain') =>
  new Paragraph({
    alignment: how === 'distributed' ? AlignmentType.DISTRIBUTE : AlignmentType.LEFT,
    indent: how === 'distributed' ? { left: 2400, right: 2400 } : undefined,
    spacing: { before: 240, after: 120 },
    children: [run(text, { size: 28, bold: true, font: GOTHIC, spacing: how === 'spaced' ? 120 : undefined })],
  });

/** Running header and page-number footer, as in-house rules have them. */
const running = (title: string) => ({
  headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(title, { size: 18 })] })] }) },
  footers: {
    default: new Footer({
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'], size: 18 })] })],
    }),
  },
});

const A4 = { size: { width: 11906, height: 16838 }, margin: { top: 1701, bottom: 1701, left: 1418, right: 1418, header: 851, footer: 992 } };

// ------------------------------------------------------------------------------------------ texts

const ARTICLES: Array<[string, string[]]> = [
  [
    '第1条（目的）',
    [
      'この規則は、株式会社原典工業（以下「会社」という。）の従業員の就業に関する事項を定めるものであり、従業員は、この規則及び関係法令を遵守し、互いに協力して職務に精励しなければならない。',
    ],
  ],
  [
    '第2条（適用範囲）',
    [
      'この規則は、会社に雇用される正社員に適用する。契約社員、パートタイマー及び嘱託社員の就業に関する事項については、別に定める規程によるものとし、当該規程に定めのない事項についてはこの規則を準用する。',
    ],
  ],
  [
    '第3条（採用手続）',
    [
      '会社は、就職希望者のうちから選考試験を行い、これに合格した者を採用する。採用された者は、採用の日から二週間以内に、住民票記載事項証明書、身元保証書及び会社が指定するその他の書類を提出しなければならない。',
    ],
  ],
  [
    '第4条（試用期間）',
    [
      '新たに採用した者については、採用の日から三か月間を試用期間とする。ただし、会社が特に認めたときは、この期間を短縮し、又は設けないことがある。試用期間は勤続年数に通算する。',
    ],
  ],
  [
    '第5条（服務の基本原則）',
    [
      '従業員は、会社の指示命令に従い、職場の秩序を維持しながら誠実に職務を遂行しなければならない。品質マネジメントシステム ISO 9001 の手順書に定める記録は、定められた様式により作成し、保存する。',
    ],
  ],
  [
    '第6条（機密の保持）',
    [
      '従業員は、在職中及び退職後においても、業務上知り得た会社、取引先及び顧客の機密を他に漏らしてはならない。設備の異常コード E-203 が表示されたときは、直ちに作業を中止し、所属長に報告しなければならない。',
    ],
  ],
  [
    '第7条（年次有給休暇）',
    [
      '会社は、六か月間継続勤務し、所定労働日の八割以上出勤した従業員に対して、十日の年次有給休暇を与えなければならない。前条の年次有給休暇の日数のうち五日を超える部分については、労使協定により計画的に付与することがある。',
    ],
  ],
  [
    '第8条（就業規則の届け出）',
    ['会社は、この規則を変更したときは、従業員の過半数を代表する者の意見を聴き、その意見書を添付して、所轄の労働基準監督署長に届け出なければならない。'],
  ],
  [
    '第9条（安全衛生）',
    [
      '従業員は、安全衛生に関する法令及び会社の指示を守り、災害の防止に努めなければならない。保護具の着用が定められた作業場所では、作業の開始前に保護具の状態を点検し、異常があるときは使用してはならない。',
    ],
  ],
  [
    '第10条（健康診断）',
    [
      '会社は、従業員に対し、採用の際及び毎年一回、定期に健康診断を行う。深夜業に従事する者については、六か月以内ごとに一回、定期に健康診断を行うものとし、従業員は正当な理由なくこれを拒んではならない。',
    ],
  ],
  [
    '第11条（懲戒の種類）',
    [
      '懲戒は、その情状に応じ、けん責、減給、出勤停止、降格及び懲戒解雇の区分により行う。減給は、一回の額が平均賃金の一日分の半額を超えず、総額が一賃金支払期における賃金総額の十分の一を超えない範囲で行う。',
    ],
  ],
  [
    '第12条（退職）',
    [
      '従業員が自己の都合により退職しようとするときは、少なくとも三十日前までに退職願を提出しなければならない。退職を申し出た者は、退職の日までの間に必要な業務の引継ぎを完了し、貸与された物品を返還しなければならない。',
    ],
  ],
];

const ENGLISH = 'Safety valves must be inspected every six months, and the results recorded in the maintenance log.';

/** Articles as numbered headings and paragraphs; `line`: line spacing in 240ths (360 = 1.5 lines). */
function articleParagraphs(
  alignment: (typeof AlignmentType)[keyof typeof AlignmentType],
  articles = ARTICLES,
  line?: number,
): { children: Paragraph[]; truth: string[] } {
  const children: Paragraph[] = [];
  const truth: string[] = [];
  for (const [title, body] of articles) {
    children.push(para(title, AlignmentType.LEFT, { font: GOTHIC, line }));
    truth.push(title);
    for (const text of body) {
      children.push(para(text, alignment, { firstLine: true, line }));
      truth.push(text);
    }
  }
  return { children, truth };
}

// ------------------------------------------------------------------------------------------ fixtures

function justified(): Fixture {
  const body = articleParagraphs(AlignmentType.JUSTIFIED, ARTICLES, 360);
  const children = [heading('就業規則'), ...body.children, para(ENGLISH, AlignmentType.JUSTIFIED, { line: 360 })];
  return {
    name: 'justified',
    sections: [{ properties: { page: A4 }, ...running('株式会社原典工業　就業規則'), children }],
    truth: ['就業規則', ...body.truth, ENGLISH],
  };
}

function distributed(): Fixture {
  const body = articleParagraphs(AlignmentType.DISTRIBUTE, ARTICLES.slice(0, 5));
  const short = '以上';
  const children = [heading('服務規律'), ...body.children, para(short, AlignmentType.DISTRIBUTE)];
  return { name: 'distributed', sections: [{ properties: { page: A4 }, children }], truth: ['服務規律', ...body.truth, short] };
}

function letterSpaced(): Fixture {
  const titles = ['就業規則の届け出', '安全衛生管理規程', '情報セキュリティ基本方針'];
  const children: Paragraph[] = [];
  const truth: string[] = [];
  titles.forEach((title, i) => {
    children.push(heading(title, i === 1 ? 'distributed' : 'spaced'));
    truth.push(title);
    const [, [text]] = ARTICLES[i + 5] ?? ARTICLES[i];
    children.push(para(text, AlignmentType.JUSTIFIED, { firstLine: true }));
    truth.push(text);
  });
  // A letter-spaced run inside a paragraph, as a form label: 「氏　　名」 set with spacing instead of spaces.
  children.push(new Paragraph({ children: [run('氏名', { spacing: 420 }), run('：山田太郎')] }));
  truth.push('氏名：山田太郎');
  return { name: 'letter-spaced', sections: [{ properties: { page: A4 }, children }], truth };
}

function twoColumn(): Fixture {
  const intro = '本書は、設備保全の担当者が日常点検で確認する事項をまとめたものである。';
  const columns = articleParagraphs(AlignmentType.JUSTIFIED, ARTICLES.slice(2, 8));
  const outro = '附則　この規則は、二〇二五年四月一日から施行する。';
  return {
    name: 'two-column',
    sections: [
      { properties: { page: A4 }, children: [heading('設備保全の手引き'), para(intro)] },
      { properties: { type: SectionType.CONTINUOUS, column: { count: 2, space: 567 } }, children: columns.children },
      { properties: { type: SectionType.CONTINUOUS, column: { count: 1 } }, children: [para(outro)] },
    ],
    truth: ['設備保全の手引き', intro, ...columns.truth, outro],
  };
}

function table(): Fixture {
  const rows = [
    ['区分', '休暇の日数', '備考'],
    ['年次有給休暇', '勤続六か月で十日', '一時間単位の取得は年五日まで'],
    ['慶弔休暇', '本人の結婚のとき五日', '申請書に証明書類を添付して所属長に提出する'],
    ['特別休暇', '会社が必要と認めた日数', ''],
  ];
  const before = '休暇の種類と日数は、次の表のとおりとする。';
  const after = '表に定めのない休暇については、その都度会社が定める。';
  const cell = (text: string, width: number) => new TableCell({ width: { size: width, type: WidthType.DXA }, children: [para(text, AlignmentType.LEFT)] });
  const widths = [2200, 3000, 3800];
  const t = new Table({
    width: { size: 9000, type: WidthType.DXA },
    columnWidths: widths,
    rows: rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, widths[i])) })),
  });
  return {
    name: 'table',
    sections: [{ properties: { page: A4 }, children: [heading('第9条（休暇）'), para(before), t, para(after)] }],
    truth: ['第9条（休暇）', before, ...rows.map((r) => r.filter(Boolean).join('\t')), after],
  };
}

function textBox(): Fixture {
  const body = articleParagraphs(AlignmentType.JUSTIFIED, ARTICLES.slice(0, 3));
  const box = ['【注意】', '試用期間中の者にも、この規則を適用する。'];
  const textbox = new Textbox({
    alignment: AlignmentType.LEFT,
    style: {
      width: '150pt',
      height: '70pt',
      position: 'absolute',
      positionHorizontal: 'right',
      positionHorizontalRelative: 'margin',
      positionVertical: 'absolute',
      positionVerticalRelative: 'margin',
      marginTop: '420pt',
      wrapStyle: 'square',
    },
    children: box.map((text) => para(text, AlignmentType.LEFT)),
  });
  const closing = '以上の規定は、全従業員に周知するものとする。';
  return {
    name: 'text-box',
    sections: [
      {
        properties: { page: A4 },
        children: [heading('総則'), ...body.children, new Paragraph({ children: [textbox as unknown as ParagraphChild] }), para(closing)],
      },
    ],
    truth: ['総則', ...body.truth, closing, ...box],
  };
}

/** Ruby as Word writes it (w:ruby); the docx package has no class for it. */
function ruby(base: string, reading: string): ParagraphChild {
  const rPr = `<w:rPr><w:rFonts w:ascii="${FONT}" w:eastAsia="${FONT}" w:hAnsi="${FONT}"/><w:sz w:val="${BODY_SIZE}"/></w:rPr>`;
  const xml =
    `<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/><w:hps w:val="10"/><w:hpsRaise w:val="20"/><w:hpsBaseText w:val="${BODY_SIZE}"/><w:lid w:val="ja-JP"/></w:rubyPr>` +
    `<w:rt><w:r><w:rPr><w:rFonts w:ascii="${FONT}" w:eastAsia="${FONT}" w:hAnsi="${FONT}"/><w:sz w:val="10"/></w:rPr><w:t>${reading}</w:t></w:r></w:rt>` +
    `<w:rubyBase><w:r>${rPr}<w:t>${base}</w:t></w:r></w:rubyBase></w:ruby></w:r>`;
  return ImportedXmlComponent.fromXmlString(xml) as unknown as ParagraphChild;
}

function rubyFixture(): Fixture {
  const lines: Array<Array<string | [string, string]>> = [
    ['太宰治の小説「', ['走', 'はし'], 'れメロス」は、友情と信実を描いた短編である。'],
    ['従業員は、', ['稟議', 'りんぎ'], '書により決裁を受けた後に、', ['捺印', 'なついん'], 'した契約書を保管しなければならない。'],
    ['危険物の', ['貯蔵', 'ちょぞう'], '及び取扱いについては、消防法の定めるところによる。'],
  ];
  const children = [
    heading('ルビの例'),
    ...lines.map(
      (parts) =>
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: { after: 120 },
          children: parts.map((p) => (typeof p === 'string' ? run(p) : ruby(p[0], p[1]))),
        }),
    ),
  ];
  return {
    name: 'ruby',
    sections: [{ properties: { page: A4 }, children }],
    truth: ['ルビの例', ...lines.map((parts) => parts.map((p) => (typeof p === 'string' ? p : p[0])).join(''))],
  };
}

function vertical(): Fixture {
  const texts = ['就業規則', ...ARTICLES.slice(0, 3).flatMap(([t, b]) => [t, ...b])];
  const children = texts.map((text, i) => para(text, AlignmentType.JUSTIFIED, i === 0 ? { font: GOTHIC, size: 28 } : {}));
  return {
    name: 'vertical',
    sections: [{ properties: { page: { ...A4, textDirection: PageTextDirectionType.TOP_TO_BOTTOM_RIGHT_TO_LEFT } }, children }],
    truth: texts,
  };
}

/** A longer set of company rules with everything at once: what the user trial indexes. */
function companyRules(): Fixture {
  const truth: string[] = [];
  const children: Array<Paragraph | Table> = [];
  children.push(heading('就業規則', 'spaced'));
  truth.push('就業規則');
  for (let chapter = 0; chapter < 4; chapter++) {
    const title = ['第1章　総則', '第2章　服務規律', '第3章　休暇', '第4章　安全衛生及び懲戒'][chapter];
    children.push(heading(title, 'distributed'));
    truth.push(title);
    const body = articleParagraphs(AlignmentType.JUSTIFIED, ARTICLES.slice(chapter * 3, chapter * 3 + 3));
    children.push(...body.children);
    truth.push(...body.truth);
  }
  const rows = [
    ['勤続年数', '付与日数'],
    ['六か月', '十日'],
    ['一年六か月', '十一日'],
    ['二年六か月', '十二日'],
  ];
  const widths = [3000, 3000];
  children.push(
    new Table({
      width: { size: 6000, type: WidthType.DXA },
      columnWidths: widths,
      rows: rows.map(
        (r) =>
          new TableRow({
            children: r.map((c, i) => new TableCell({ width: { size: widths[i], type: WidthType.DXA }, children: [para(c, AlignmentType.LEFT)] })),
          }),
      ),
    }),
  );
  truth.push(...rows.map((r) => r.join('\t')));
  const closing = '附則　この規則は、二〇二五年四月一日から施行する。';
  children.push(para(closing));
  truth.push(closing);
  return { name: 'company-rules', sections: [{ properties: { page: A4 }, ...running('株式会社原典工業　就業規則'), children }], truth };
}

// ------------------------------------------------------------------------------------------ main

const fixtures = [justified(), distributed(), letterSpaced(), twoColumn(), table(), textBox(), rubyFixture(), vertical(), companyRules()].filter(
  (f) => !only.length || only.includes(f.name),
);
fs.mkdirSync(OUT, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-office-'));
try {
  for (const fixture of fixtures) {
    const doc = new Document({
      creator: 'Genten tests',
      title: fixture.name,
      styles: { default: { document: { run: { font: { ascii: FONT, eastAsia: FONT, hAnsi: FONT }, size: BODY_SIZE } } } },
      sections: fixture.sections,
    });
    const docx = path.join(OUT, `${fixture.name}.docx`);
    fs.writeFileSync(docx, await Packer.toBuffer(doc));
    // A private profile: a user's LibreOffice settings must not change the output, nor a running instance take the job.
    execFileSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', OUT, docx], {
      stdio: 'pipe',
      timeout: 120_000,
    });
    fs.writeFileSync(path.join(OUT, `${fixture.name}.truth.txt`), fixture.truth.join('\n') + '\n');
    console.log(`${fixture.name}: ${fs.statSync(path.join(OUT, `${fixture.name}.pdf`)).size} bytes`);
  }
  printBrowserPages(BROWSER_OUT, only, work);
  await makeOfficeFiles(OUT, only, work);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
