/**
 * Refreshes the pictures in the README and docs/ from the browser tests that take them:
 *
 *   npm run screenshots        # runs the review and browser-mode e2e tests in Chromium, then writes docs/screenshots/*.png
 *
 * Each picture is scaled down (960 px wide, smaller still if needed) so that it stays under 200 KB.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, loadImage } from '@napi-rs/canvas';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const MAX_BYTES = 200 * 1024;

/** docs/screenshots/<name>.png ← the screenshot a test takes (under test-results/). */
const PICTURES: Array<{ test: string; folder: string; pictures: Record<string, string> }> = [
  { test: 'tests/e2e/review.test.ts', folder: 'screenshots-review', pictures: { review: '06-row-opens-source.png', library: '02-samples-loaded.png' } },
  { test: 'tests/e2e/browser-mode.test.ts', folder: 'screenshots', pictures: { ask: '05-source-viewer-pdf-highlight.png' } },
];

async function shrink(source: string, target: string): Promise<number> {
  const image = await loadImage(fs.readFileSync(source));
  for (let width = 960; ; width = Math.round(width * 0.85)) {
    const height = Math.round((image.height * width) / image.width);
    const canvas = createCanvas(width, height);
    canvas.getContext('2d').drawImage(image, 0, 0, width, height);
    const png = canvas.toBuffer('image/png');
    if (png.length <= MAX_BYTES || width < 400) {
      fs.writeFileSync(target, png);
      return png.length;
    }
  }
}

fs.mkdirSync(OUT, { recursive: true });
for (const { test, folder, pictures } of PICTURES) {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', test], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, GENTEN_E2E: '1' },
  });
  for (const [name, file] of Object.entries(pictures)) {
    const bytes = await shrink(path.join(ROOT, 'test-results', folder, file), path.join(OUT, `${name}.png`));
    console.log(`docs/screenshots/${name}.png  ${Math.round(bytes / 1024)} KB  (from ${file})`);
  }
}
