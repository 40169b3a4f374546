/** Word .docx: mammoth turns it into HTML (heading styles → h1–h6), then the HTML converter makes text. */
import type { Parser } from './types';
import { fileError } from './errors';
import { htmlToText } from './html';
import { singlePageDocument } from './text';
import { checkZipBomb } from './zip-guard';

/** On top of mammoth's defaults (Heading 1–6 in English and as style ids): Word's Title style is the outermost heading. */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='タイトル'] => h1:fresh",
  "p[style-name='見出し 1'] => h1:fresh",
  "p[style-name='見出し 2'] => h2:fresh",
  "p[style-name='見出し 3'] => h3:fresh",
];

export const parseDocx: Parser = async (data, path) => {
  checkZipBomb(data, path); // before anything is inflated
  let html: string;
  // Loaded on the first Word file: most libraries are PDFs, and every indexing thread starts faster.
  const { default: mammoth } = await import('mammoth');
  try {
    // Images are dropped: only text is indexed, and inlining them as data URIs costs memory.
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) },
      { styleMap: STYLE_MAP, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw fileError('INVALID_FILE', path, `is not a readable Word document (${reason}): it may be damaged or not really a .docx.`);
  }
  return singlePageDocument('docx', htmlToText(html), path);
};
