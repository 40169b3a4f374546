/**
 * Packages found from our own modules: loaded on first use, or located on disk.
 *
 * A package loaded on first use instead of when a thread starts. A parse worker reading PDFs
 * loaded the canvas, tesseract.js, utif2, htmlparser2 and encoding-japanese as it started, about
 * 0.3 s of CPU before its first page, for parsers it may never run. An `import` at the top of a
 * module cannot wait: esbuild hoists every module's package imports to the top of a worker's
 * bundle. So the modules that use such a package ask for it here, where they use it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

// Not named `require`: the Electron build adds its own to the chunk, and two would clash.
const nodeRequire = createRequire(import.meta.url);

export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= nodeRequire(name) as T);
}

/** The folder of an installed package (its package.json's), looked up from `from`'s folder when given (a dependency of that package). */
export function packageRoot(name: string, options: { from?: string } = {}): string {
  const paths = options.from ? [path.dirname(nodeRequire.resolve(options.from))] : undefined;
  return path.dirname(nodeRequire.resolve(`${name}/package.json`, paths ? { paths } : undefined));
}
