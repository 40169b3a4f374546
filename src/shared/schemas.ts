/**
 * zod schemas for every request that crosses a process boundary (Electron IPC, HTTP). Hosts parse
 * with `parseRequest`, which turns a failure into a BAD_REQUEST Result with a readable message.
 * Pure: no node:*, no DOM, no electron.
 */
import { z } from 'zod';
import type { GentenApi } from './api';
import { EVENT_NAMES, type API_METHOD_NAMES } from './bridge';
import type { Result } from './errors';

/** A path picked by the user; the host decides whether it may be read. */
const pathString = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\u0000'), 'path contains a NUL character');
const id = z.string().min(1).max(200);
const collection = z.string().trim().min(1).max(100);

const runId = z.string().regex(/^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/, 'not a review id');
const checklistSource = z.union([
  z.object({ shipped: z.string().min(1).max(100) }).strict(),
  z.object({ path: pathString }).strict(),
  z.object({ text: z.string().trim().min(1).max(200_000), name: z.string().max(200).optional() }).strict(),
]);

export const chatTurnSchema = z.object({ question: z.string().max(20_000), answer: z.string().max(100_000) }).strict();

/** An OpenAI-compatible server; accepted only from the host (see GentenService.setAnswerServer). */
export const answerServerSchema = z
  .object({
    baseUrl: z
      .string()
      .url()
      .regex(/^https?:\/\//i)
      .max(2000),
    model: z.string().trim().min(1).max(200),
    apiKey: z.string().max(500).optional(),
  })
  .strict();

export const requestSchemas = {
  listDocuments: z.undefined().or(z.object({}).strict()),
  status: z.undefined().or(z.object({}).strict()),
  startIndex: z.object({ paths: z.array(pathString).min(1).max(10_000), collection: collection.optional() }).strict(),
  cancelIndex: z.object({ jobId: id }).strict(),
  removeDocuments: z.object({ paths: z.array(pathString).min(1).max(10_000) }).strict(),
  search: z
    .object({
      query: z.string().trim().min(1).max(2000),
      k: z.number().int().min(1).max(100).optional(),
      collection: collection.optional(),
      documentId: id.optional(),
    })
    .strict(),
  ask: z
    .object({ question: z.string().trim().min(1).max(4000), history: z.array(chatTurnSchema).max(50).optional(), collection: collection.optional() })
    .strict(),
  cancelAsk: z.object({ askId: id }).strict(),
  getPassage: z.object({ chunkId: id }).strict(),
  getDocumentText: z.object({ documentId: id }).strict(),
  listModels: z.undefined().or(z.object({}).strict()),
  getSettings: z.undefined().or(z.object({}).strict()),
  updateSettings: z
    .object({
      answerModel: pathString.nullable().optional(),
      answerServer: answerServerSchema.nullable().optional(),
      embeddingModel: pathString.nullable().optional(),
      language: z.enum(['ja', 'en', 'system']).optional(),
      answerStyle: z.enum(['auto', 'model', 'extractive']).optional(),
      library: z
        .string()
        .trim()
        .min(1)
        .max(4096)
        .refine((p) => !p.includes('\u0000'), 'contains a NUL character')
        .nullable()
        .optional(),
      ocr: z
        .object({ mode: z.enum(['off', 'auto', 'force']), langs: z.string().regex(/^(jpn|eng|jpn_vert)(\+(jpn|eng|jpn_vert))*$/) })
        .strict()
        .optional(),
    })
    .strict(),
  loadSamples: z.undefined().or(z.object({}).strict()),
  listChecklists: z.undefined().or(z.object({}).strict()),
  previewChecklist: z.object({ checklist: checklistSource }).strict(),
  startReview: z
    .object({ checklist: checklistSource, documentIds: z.array(id).max(1000).optional(), collection: collection.optional() })
    .strict()
    .refine((r) => (r.documentIds?.length ?? 0) > 0 || r.collection !== undefined, 'choose documents or a collection'),
  cancelReview: z.object({ runId }).strict(),
  resumeReview: z.object({ runId }).strict(),
  rerunReview: z.object({ runId }).strict(),
  listReviews: z.undefined().or(z.object({}).strict()),
  getReview: z.object({ runId }).strict(),
  markReviewItem: z
    .object({
      runId,
      itemId: z.string().min(1).max(200),
      documentId: id,
      mark: z.enum(['accepted', 'changed', 'rejected']).nullable(),
      note: z.string().max(10_000).optional(),
    })
    .strict(),
  exportReview: z.object({ runId, format: z.enum(['xlsx', 'docx', 'md', 'csv']), language: z.enum(['ja', 'en']).optional() }).strict(),
  compareDocuments: z.object({ standardId: id, draftId: id, again: z.boolean().optional() }).strict(),
  listComparisons: z.undefined().or(z.object({}).strict()),
  markComparison: z
    .object({
      standardId: id,
      draftId: id,
      itemId: z.string().regex(/^[0-9a-f]{16}(-[0-9]{1,4})?$/),
      mark: z.enum(['accepted', 'negotiate']).nullable().optional(),
      note: z.string().max(10_000).optional(),
    })
    .strict(),
  exportComparison: z.object({ standardId: id, draftId: id, format: z.enum(['xlsx', 'docx', 'md']) }).strict(),
  getPolicy: z.undefined().or(z.object({}).strict()),
  syncLibrary: z.undefined().or(z.object({}).strict()),
} satisfies Record<keyof GentenApi, z.ZodType>;

export type ApiMethod = keyof GentenApi;

export const API_METHODS = Object.keys(requestSchemas) as ApiMethod[];

// Every method of the contract has a schema, and the bridge's channel list names exactly these.
type MissingSchema = Exclude<(typeof API_METHOD_NAMES)[number], ApiMethod> | Exclude<ApiMethod, (typeof API_METHOD_NAMES)[number]>;
const completeness: [MissingSchema] extends [never] ? true : MissingSchema = true;
void completeness;

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

/** The request type of one API method (its single argument, or undefined). */
export type ApiRequest<M extends ApiMethod> = Parameters<GentenApi[M]> extends [infer R] ? R : undefined;

/** Validates one request; a failure becomes `{ ok: false, error: { code: 'BAD_REQUEST' } }`. */
export function parseRequest<M extends ApiMethod>(method: M, input: unknown): Result<ApiRequest<M>> {
  const parsed = requestSchemas[method].safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as ApiRequest<M> };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: { code: 'BAD_REQUEST', message: `Invalid ${method} request${where}: ${issue?.message ?? 'malformed'}` } };
}

/** Extra host operations of the Electron bridge (not part of GentenApi). */
export const pickPathsSchema = z.object({ kind: z.enum(['files', 'folder']) }).strict();
export const grantPathsSchema = z.array(pathString).min(1).max(10_000);
export const eventNameSchema = z.enum(EVENT_NAMES);
/** Upload: a file name, or a relative path inside an uploaded folder ('manuals/a.pdf'): no '..', no hidden parts. */
export const uploadNameSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (name) =>
      name.split('/').every((part) => part.length > 0 && part.length <= 255 && !part.startsWith('.') && !/[\\\u0000-\u001f]/.test(part)) &&
      name.split('/').length <= 32,
    'not a relative file path',
  );
