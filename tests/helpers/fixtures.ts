/**
 * Real files for tests, written into a folder the test owns: PDFs (Japanese text in IPA Gothic,
 * encrypted, scanned-looking, corrupt), .docx, HTML, Markdown and legacy-encoded text.
 * Every function creates missing parent folders.
 */
import fs from 'node:fs';
import path from 'node:path';
import Encoding from 'encoding-japanese';
import JSZip from 'jszip';
import PDFDocument from 'pdfkit';

/** Where Debian's fonts-ipafont-gothic puts IPA Gothic (fixed-width, has every JIS X 0208 kanji). */
const IPA_GOTHIC_CANDIDATES = [
  '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf',
  '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf',
  '/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf',
];

/** Path of the IPA Gothic font; throws with the install command when it is missing. */
export function japaneseFontPath(): string {
  const found = [process.env.GENTEN_TEST_JA_FONT, ...IPA_GOTHIC_CANDIDATES].find((p) => p && fs.existsSync(p));
  if (!found) {
    throw new Error(
      'The Japanese test font (IPA Gothic) is missing: run `apt-get install -y fonts-ipafont-gothic`, ' +
        'or set GENTEN_TEST_JA_FONT to a .ttf with Japanese glyphs.',
    );
  }
  return found;
}

function ensureParent(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
}

export interface MakePdfOptions {
  /** Password needed to open the file (pdf.js then refuses it without one). Default: none. */
  userPassword?: string;
  /** Password for permissions only: the file opens without it. Default: none. */
  ownerPassword?: string;
  /** A running header written at the top of every page. Default: none. */
  header?: string;
  /** A running footer for each page (1-based), e.g. (page) => `- ${page} -`. Default: none. */
  footer?: (page: number) => string;
  /** Metadata Title. Default: none. */
  title?: string;
}

/** Writes a PDFKit document to `file` and resolves once it is on disk. */
function writePdf(file: string, options: PDFKit.PDFDocumentOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<void> {
  ensureParent(file);
  const doc = new PDFDocument({ size: 'A4', margin: 56, autoFirstPage: false, ...options });
  const done = new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file);
    out.on('finish', () => resolve());
    out.on('error', reject);
    doc.on('error', reject);
    doc.pipe(out);
  });
  draw(doc);
  doc.end();
  return done;
}

/**
 * A text PDF: one page per entry of `pages`, each line a paragraph, set in IPA Gothic (embedded,
 * with a ToUnicode map, so Japanese comes back out as text). Lines must fit on one page.
 */
export function makePdf(file: string, pages: string[][], options: MakePdfOptions = {}): Promise<void> {
  const font = japaneseFontPath();
  const { userPassword, ownerPassword, header, footer, title } = options;
  const encrypted = userPassword !== undefined || ownerPassword !== undefined;
  return writePdf(
    file,
    {
      ...(encrypted ? { userPassword, ownerPassword: ownerPassword ?? userPassword, pdfVersion: '1.7' as const } : {}),
      ...(title ? { info: { Title: title } } : {}),
    },
    (doc) => {
      doc.registerFont('ja', font);
      pages.forEach((lines, index) => {
        doc.addPage();
        doc.font('ja');
        const { width, height, margins } = doc.page;
        if (header) doc.fontSize(9).text(header, margins.left, 24, { lineBreak: false });
        doc.fontSize(12).text('', margins.left, margins.top);
        for (const line of lines) doc.text(line, { paragraphGap: 6 });
        if (footer) {
          // Text in the bottom margin would make PDFKit start a new page: lift the margin while writing it.
          const bottom = margins.bottom;
          doc.page.margins.bottom = 0;
          doc
            .fontSize(9)
            .text(footer(index + 1), margins.left, height - 36, { width: width - margins.left - margins.right, align: 'center', lineBreak: false });
          doc.page.margins.bottom = bottom;
        }
      });
    },
  );
}

/** A PDF whose pages are only drawings (boxes and lines standing in for a scanned image): no text layer. */
export function makeScannedPdf(file: string, options: { pages?: number } = {}): Promise<void> {
  const { pages = 1 } = options;
  return writePdf(file, {}, (doc) => {
    for (let page = 0; page < pages; page++) {
      doc.addPage();
      doc.rect(56, 56, 483, 730).fillOpacity(0.08).fill('#555');
      for (let y = 100; y < 760; y += 18)
        doc
          .rect(80, y, 300 + ((y * 7) % 130), 8)
          .fillOpacity(0.7)
          .fill('#222');
    }
  });
}

/**
 * A file that starts like a PDF but is not one: the header of a real PDF followed by noise, with
 * no readable objects or cross-reference table left. pdf.js refuses it (INVALID_FILE).
 */
export async function makeCorruptPdf(file: string): Promise<void> {
  ensureParent(file);
  let seed = 7;
  const noise = Buffer.alloc(4096, 0).map(() => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return 32 + (seed % 90);
  });
  fs.writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), noise]));
}

export interface DocxParagraph {
  /** Word's built-in heading styles; plain body text when absent. */
  style?: 'Heading1' | 'Heading2';
  text: string;
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A minimal but valid .docx (what Word needs: content types, relationships, document, styles). */
export async function makeDocx(file: string, paragraphs: DocxParagraph[]): Promise<void> {
  ensureParent(file);
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const body = paragraphs
    .map(({ style, text }) => {
      const props = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : '';
      return `<w:p>${props}<w:r><w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r></w:p>`;
    })
    .join('');
  const headingStyle = (id: string, name: string, level: number) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="${level}"/></w:pPr></w:style>`;

  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
      '</Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
  );
  zip.file(
    'word/_rels/document.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '</Relationships>',
  );
  zip.file(
    'word/styles.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="${W}">` +
      '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
      headingStyle('Heading1', 'heading 1', 0) +
      headingStyle('Heading2', 'heading 2', 1) +
      '</w:styles>',
  );
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`);
  fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** Writes `text` in a legacy Japanese encoding, as encoding-japanese converts it. */
function writeLegacy(file: string, text: string, to: 'SJIS' | 'EUCJP'): void {
  ensureParent(file);
  const codes = Encoding.convert(Encoding.stringToCode(text), { to, from: 'UNICODE', type: 'array' });
  fs.writeFileSync(file, Uint8Array.from(codes));
}

/** Shift_JIS (CP932), what Windows Notepad and Excel wrote for years. */
export function writeShiftJis(file: string, text: string): void {
  writeLegacy(file, text, 'SJIS');
}

/** EUC-JP, the old Unix encoding. */
export function writeEucJp(file: string, text: string): void {
  writeLegacy(file, text, 'EUCJP');
}

/** UTF-16 with a BOM (Notepad's "Unicode"); little-endian unless `bigEndian`. */
export function writeUtf16(file: string, text: string, options: { bigEndian?: boolean } = {}): void {
  ensureParent(file);
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  if (options.bigEndian) le.swap16();
  fs.writeFileSync(file, le);
}

export interface MakeHtmlOptions {
  /** <title>. Default: none. */
  title?: string;
  /** Encoding of the bytes, declared in <meta charset>. Default 'utf-8'. */
  charset?: 'utf-8' | 'shift_jis' | 'euc-jp';
}

/** An HTML page around `body` (markup, written as given). */
export function makeHtml(file: string, body: string, options: MakeHtmlOptions = {}): void {
  const { title, charset = 'utf-8' } = options;
  const html =
    `<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="${charset}">\n` +
    (title ? `<title>${xmlEscape(title)}</title>\n` : '') +
    `</head>\n<body>\n${body}\n</body>\n</html>\n`;
  if (charset === 'shift_jis') writeShiftJis(file, html);
  else if (charset === 'euc-jp') writeEucJp(file, html);
  else {
    ensureParent(file);
    fs.writeFileSync(file, html, 'utf8');
  }
}

/** A Markdown file (UTF-8), with YAML front matter when `frontMatter` is given. */
export function makeMarkdown(file: string, text: string, options: { frontMatter?: Record<string, string> } = {}): void {
  ensureParent(file);
  const { frontMatter } = options;
  const front = frontMatter
    ? `---\n${Object.entries(frontMatter)
        .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
        .join('\n')}\n---\n\n`
    : '';
  fs.writeFileSync(file, front + text, 'utf8');
}
