/**
 * The OCR language data shipped with the app: `@tesseract.js-data/<lang>/4.0.0_best_int` (LSTM
 * only; 2 MB for Japanese, where the package's default is the 16 MB legacy file). tesseract.js
 * reads every language from one folder (`langPath`), and falls back to a CDN when it has none:
 * so the files are gathered into one local folder, and a missing language is an error here,
 * never a download.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import { packageRoot } from '../workers/lazy-package';

const VARIANT = '4.0.0_best_int';
/** Languages shipped (npm packages installed with the app). */
export const SHIPPED_LANGUAGES = ['jpn', 'eng', 'jpn_vert'] as const;

/** `jpn+eng` → ['jpn', 'eng'], checked against what is shipped. */
export function parseLanguages(langs: string): string[] {
  const list = langs
    .split('+')
    .map((l) => l.trim())
    .filter(Boolean);
  const unknown = list.filter((l) => !(SHIPPED_LANGUAGES as readonly string[]).includes(l));
  if (list.length === 0 || unknown.length > 0) {
    throw new GentenError('BAD_REQUEST', `OCR languages must be among ${SHIPPED_LANGUAGES.join(', ')} joined with '+' (got '${langs}')`);
  }
  return list;
}

/** The gzipped traineddata file of one shipped language. */
export function languageFile(lang: string): string {
  const root = packageRoot(`@tesseract.js-data/${lang}`);
  return path.join(root, VARIANT, `${lang}.traineddata.gz`);
}

const prepared = new Map<string, string>();

/**
 * A folder holding `<lang>.traineddata.gz` for each language (copies, made once per set of
 * files; the copies are small and work from inside an asar archive too). Pass it as `langPath`.
 * Default folder: under the system temp folder; `GENTEN_TESSDATA` names a ready folder instead.
 */
export function languageDataDir(langs: string[]): string {
  const ready = process.env.GENTEN_TESSDATA;
  if (ready) {
    const missing = langs.filter((l) => !fs.existsSync(path.join(ready, `${l}.traineddata.gz`)));
    if (missing.length > 0) throw new GentenError('INTERNAL', `OCR language data ${missing.join(', ')} missing from ${ready}`);
    return ready;
  }
  const files = SHIPPED_LANGUAGES.map((lang) => ({ lang, file: languageFile(lang) }));
  const key = createHash('sha256')
    .update(files.map(({ file }) => `${file}:${fs.statSync(file).size}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const cached = prepared.get(key);
  if (cached) return cached;
  const dir = path.join(os.tmpdir(), `genten-tessdata-${key}`);
  for (const { lang, file } of files) {
    const target = path.join(dir, `${lang}.traineddata.gz`);
    if (fs.existsSync(target) && fs.statSync(target).size === fs.statSync(file).size) continue;
    fs.mkdirSync(dir, { recursive: true });
    // Copy to a private name, then rename: several workers may prepare the folder at once.
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.copyFileSync(file, tmp);
    fs.renameSync(tmp, target);
  }
  prepared.set(key, dir);
  return dir;
}
