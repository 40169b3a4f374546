/**
 * The renderer's Vite config: one build for both hosts (Electron loads it from app://, browser
 * mode from `genten serve`). Relative base so that every URL inherits the server's token path.
 * electron.vite.config.ts reuses it as its `renderer` section.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

/**
 * pdf.js needs its CMaps (Japanese PDFs with non-embedded fonts), standard fonts, ICC profiles and
 * image decoders (JPEG 2000 in scanned manuals) as files next to the renderer.
 */
function pdfjsAssets(): Plugin {
  const pdfjs = path.join(root, 'node_modules', 'pdfjs-dist');
  return {
    name: 'genten-pdfjs-assets',
    apply: 'build',
    generateBundle() {
      for (const folder of ['cmaps', 'standard_fonts', 'wasm', 'iccs']) {
        const dir = path.join(pdfjs, folder);
        for (const file of fs.readdirSync(dir)) {
          this.emitFile({ type: 'asset', fileName: `pdfjs/${folder}/${file}`, source: fs.readFileSync(path.join(dir, file)) });
        }
      }
    },
  };
}

export const rendererConfig: UserConfig = {
  root: here,
  base: './',
  plugins: [react(), pdfjsAssets()],
  build: {
    outDir: path.join(root, 'out', 'renderer'),
    emptyOutDir: true,
    target: 'chrome128',
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1' },
};

export default defineConfig(rendererConfig);
