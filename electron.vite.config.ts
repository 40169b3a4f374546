/**
 * electron-vite build of the desktop app: main (ESM, with the indexing workers as their own entries
 * so that worker threads find out/main/parse-worker.js and analysis-worker.js), preload (CommonJS, one file, for
 * sandbox: true) and the renderer (the same Vite config as browser mode).
 * Output: out/main, out/preload, out/renderer.
 */
import path from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './src/renderer/vite.config';

const root = import.meta.dirname;
/** Output folder; GENTEN_OUT_DIR lets a test build elsewhere than the out/ the app runs from. */
const out = process.env.GENTEN_OUT_DIR ? path.resolve(process.env.GENTEN_OUT_DIR) : path.join(root, 'out');

export default defineConfig({
  main: {
    build: {
      outDir: path.join(out, 'main'),
      externalizeDeps: true,
      rolldownOptions: {
        // Every package stays in node_modules (LanceDB and the engine must share one apache-arrow;
        // native modules cannot be bundled), whether or not package.json names it directly.
        external: [/^(?![./\\]|[A-Za-z]:[\\/]|\0)/],
        input: {
          index: path.join(root, 'src/main/electron/main.ts'),
          'parse-worker': path.join(root, 'src/main/core/indexer/parse-worker.ts'),
          'analysis-worker': path.join(root, 'src/main/core/indexer/analysis-worker.ts'),
          'ocr-worker': path.join(root, 'src/main/core/indexer/ocr-worker.ts'),
        },
        // Chunks beside the entries, not in chunks/: workerScript finds a worker next to the module that starts it
        // (the indexer, loaded lazily, is a chunk).
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: path.join(out, 'preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: path.join(root, 'src/main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, outDir: path.join(out, 'renderer'), rolldownOptions: { input: path.join(root, 'src/renderer/index.html') } },
  },
});
