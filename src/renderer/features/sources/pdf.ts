/**
 * The only module that imports pdf.js. Loads a library document once (a few kept), with eval off
 * (strict CSP) and the CMaps and standard fonts shipped with the renderer (no network).
 */
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { fetchDocument } from './fetch-document';

export { TextLayer } from 'pdfjs-dist';
export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';

GlobalWorkerOptions.workerSrc = workerUrl;

const cache = new Map<string, Promise<PDFDocumentProxy>>();
const KEEP = 3;

export function loadPdf(url: string): Promise<PDFDocumentProxy> {
  const cached = cache.get(url);
  if (cached) {
    cache.delete(url);
    cache.set(url, cached);
    return cached;
  }
  const loading = (async () => {
    const data = new Uint8Array(await fetchDocument(url));
    const base = new URL('pdfjs/', document.baseURI).href;
    return getDocument({
      data,
      isEvalSupported: false,
      cMapUrl: `${base}cmaps/`,
      cMapPacked: true,
      standardFontDataUrl: `${base}standard_fonts/`,
      wasmUrl: `${base}wasm/`,
      iccUrl: `${base}iccs/`,
      enableXfa: false,
    }).promise;
  })();
  loading.catch(() => cache.delete(url));
  cache.set(url, loading);
  while (cache.size > KEEP) {
    const [oldest, doc] = cache.entries().next().value!;
    cache.delete(oldest);
    void doc.then((d) => d.destroy()).catch(() => undefined);
  }
  return loading;
}
