// Lint: the layer boundaries of docs/architecture.md, enforced, plus TypeScript's recommended checks.
// Each heavy dependency is imported by one module only; `electron` only by the Electron host and the
// preload; the renderer never imports the main process; src/shared imports nothing platform-bound.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Heavy dependencies and the only files that may import them. */
const OWNERS = {
  electron: ['src/main/electron/**', 'src/main/preload/**'],
  '@lancedb/lancedb': ['src/main/core/store/lancedb.ts', 'src/main/core/store/lance-*.ts'],
  'apache-arrow': ['src/main/core/store/lancedb.ts', 'src/main/core/store/lance-*.ts'],
  'node-llama-cpp': ['src/main/core/llm/llama-*.ts', 'src/main/core/llm/gguf-header.ts'],
  kuromoji: ['src/main/core/analysis/kuromoji.ts', 'src/main/core/analysis/kuromoji-lattice.ts'],
  'pdf-parse': ['src/main/core/ingest/pdf.ts'],
  mammoth: ['src/main/core/ingest/docx.ts'],
  'tesseract.js': ['src/main/core/ocr/tesseract.ts'],
  'pdfjs-dist': ['src/renderer/features/sources/pdf.ts'],
};

const ownerMessage = (name) => `${name} is imported only by ${OWNERS[name].join(', ')} (see docs/architecture.md).`;
/** The package itself (exact name, so './kuromoji' is not caught) and its subpaths. */
const restriction = (name) => ({ regex: `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/.*)?$`, message: ownerMessage(name) });

/** One block per owner: everywhere else the dependency is restricted. */
function boundaryBlocks(extraPatterns) {
  const names = Object.keys(OWNERS);
  const everywhere = {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...names.map(restriction), ...extraPatterns] }] },
  };
  const owners = names.map((name) => ({
    files: OWNERS[name],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...names.filter((other) => other !== name && !OWNERS[other].some((g) => OWNERS[name].includes(g))).map(restriction), ...extraPatterns] },
      ],
    },
  }));
  return [everywhere, ...owners];
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // Full-width spaces in Japanese strings and patterns are deliberate.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipRegExps: true, skipTemplates: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The engine talks to untyped native and third-party shapes in a few places; each is commented.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-control-regex': 'off',
    },
  },
  // Plain JavaScript files run in Node (the TypeScript ones get their globals from @types/node).
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: Object.fromEntries(['process', 'console', 'performance', 'URL', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly'])),
    },
  },
  // CommonJS preloads (node --require) for tests.
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...boundaryBlocks([]),
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ignores: ['src/renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...Object.keys(OWNERS)
              .filter((n) => n !== 'pdfjs-dist')
              .map(restriction),
            { group: ['**/main/**', '../../main/*'], message: 'The renderer talks to the main process only through GentenApi (src/shared/api.ts).' },
            { group: ['node:*'], message: 'The renderer runs in a browser: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...Object.keys(OWNERS).map(restriction),
            { group: ['node:*'], message: 'src/shared is imported by the renderer too: no Node modules.' },
            { group: ['**/main/**', '**/renderer/**'], message: 'src/shared depends on nothing else in src.' },
          ],
        },
      ],
    },
  },
  // Hosts do not import each other, and the engine imports no host: code that two hosts share lives
  // in src/main/serving (or src/main/api, src/main/core).
  ...[
    ['src/main/core/**/*.ts', ['api', 'serving', 'server', 'electron', 'preload', 'cli']],
    ['src/main/electron/**/*.ts', ['server', 'cli']],
    ['src/main/server/**/*.ts', ['electron', 'preload', 'cli']],
    ['src/main/cli/**/*.ts', ['electron', 'preload']],
  ].map(([glob, banned]) => ({
    files: [glob],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `ImportDeclaration[source.value=/\\/main\\/(${banned.join('|')})\\/|^(\\.\\.\\/)+(${banned.join('|')})\\//]`,
          message: `${glob.split('/**')[0]} does not import ${banned.join(', ')} (see docs/architecture.md).`,
        },
      ],
    },
  })),
);
