/** Worker thread: OCR of one page at a time (ocr/page-reader.ts), with its own tesseract engine. */
import { PageReader, type OcrPageTask } from '../ocr/page-reader';
import type { OcrPageResult } from '../ocr/types';
import { serveTasks } from '../workers/serve';

const reader = new PageReader();
serveTasks<OcrPageTask, OcrPageResult>((task) => reader.read(task));
