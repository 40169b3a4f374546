/**
 * One page of an image document (a scan or photo: PNG, JPEG, or a page of a TIFF, which browsers
 * cannot show, decoded here with utif2), drawn on a canvas with the cited passage highlighted
 * from the words OCR read.
 */
import { useEffect, useRef, useState } from 'react';
import UTIF from 'utif2';
import type { OcrPageView } from '../../../shared/api';
import { useI18n } from '../../lib/i18n';
import { ocrMarkBoxes } from './ocr-marks';
import { drawMarkBoxes } from './draw-mark-boxes';
import { DocumentError } from './DocumentError';
import { documentErrorCode, fetchDocument } from './fetch-document';

export interface ScanImageProps {
  url: string;
  page: number;
  passage: string;
  quote?: string;
  ocr?: OcrPageView;
  onDocument?: (info: { pages: number }) => void;
  onHighlight?: (found: boolean) => void;
  /** Times the pane's width (1: the image fits it). Default 1. */
  zoom?: number;
}

async function drawPage(bytes: ArrayBuffer, page: number, canvas: HTMLCanvasElement): Promise<number> {
  const head = new Uint8Array(bytes, 0, 4);
  const isTiff = (head[0] === 0x49 && head[1] === 0x49) || (head[0] === 0x4d && head[1] === 0x4d);
  if (isTiff) {
    const ifds = UTIF.decode(bytes).filter((ifd) => ifd.t256 !== undefined);
    const ifd = ifds[Math.min(Math.max(1, page), ifds.length) - 1];
    UTIF.decodeImage(bytes, ifd);
    const rgba = UTIF.toRGBA8(ifd);
    canvas.width = ifd.width as number;
    canvas.height = ifd.height as number;
    canvas
      .getContext('2d')!
      .putImageData(new ImageData(Uint8ClampedArray.from(rgba.subarray(0, canvas.width * canvas.height * 4)), canvas.width, canvas.height), 0, 0);
    return ifds.length;
  }
  const bitmap = await createImageBitmap(new Blob([bytes]));
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  bitmap.close();
  return 1;
}

export function ScanImage({ url, page, passage, quote = '', ocr, onDocument, onHighlight, zoom = 1 }: ScanImageProps) {
  const { t } = useI18n();
  const hostRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<{ code: string; detail: string } | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let cancelled = false;
    setState('loading');
    (async () => {
      const bytes = await fetchDocument(url);
      if (cancelled) return;
      const canvas = document.createElement('canvas');
      const pages = await drawPage(bytes, page, canvas);
      if (cancelled) return;
      onDocument?.({ pages });
      const layer = document.createElement('div');
      layer.className = 'ocr-layer';
      host.replaceChildren(canvas, layer);
      const found = ocr ? drawMarkBoxes(layer, ocrMarkBoxes(ocr, passage, quote)) : false;
      setState('ready');
      onHighlight?.(found);
      layer.querySelector('mark.pdf-quote, mark')?.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
    })().catch((e: unknown) => {
      if (cancelled) return;
      setError(documentErrorCode(e));
      setState('error');
    });
    return () => {
      cancelled = true;
    };
    // onDocument/onHighlight are notifications; re-rendering for them is not wanted.
  }, [url, page, passage, quote, ocr]);

  return (
    <div className="pdf-wrap">
      {state === 'loading' && <div className="pdf-loading">{t('viewer.loading')}</div>}
      {state === 'error' && error && <DocumentError {...error} />}
      <div className="scan-page" ref={hostRef} data-page={page} aria-busy={state === 'loading'} style={{ width: `${zoom * 100}%` }} />
    </div>
  );
}
