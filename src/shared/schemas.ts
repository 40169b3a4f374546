/**
 * zod schemas for every request that crosses a process boundary (Electron IPC, HTTP). Hosts parse
 * with `parseRequest`, which turns a failure into a BAD_REQUEST Result with a readable message.
 * Pure: no node:*, no DOM, no electron. zod/mini, not zod: the same checks in 40 KB instead of
 * 460 KB, which every `genten search` compiled before reading its settings.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { GentenApi } from './api';
import { EVENT_NAMES, type API_METHOD_NAMES } from './bridge';
import type { Result } from './errors';

// zod/mini leaves messages to a locale: the English one, as full zod has by default.
z.config(en());

/** A string of `min`..`max` characters (after trimming when `trim`). */
const text = (min: number, max: number, options: { trim?: boolean } = {}) =>
  options.trim ? z.string().check(z.trim(), z.minLength(min), z.maxLength(max)) : z.string().check(z.minLength(min), z.maxLength(max));
const noNul = (message: string) => z.refine<string>((p) => !p.includes('\u0000'), message);
/** Nothing, or an empty object: methods without arguments. */
const noArguments = () => z.union([z.undefined(), z.strictObject({})]);

/** A path picked by the user; the host decides whether it may be read. */
const pathString = text(1, 4096).check(noNul('path contains a NUL character'));
const id = text(1, 200);
const collection = text(1, 100, { trim: true });

const runId = z.string().check(z.regex(/^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/, 'not a review id'));
const checklistSource = z.union([
  z.strictObject({ shipped: text(1, 100) }),
  z.strictObject({ path: pathString }),
  z.strictObject({ text: text(1, 200_000, { trim: true }), name: z.optional(z.string().check(z.maxLength(200))) }),
]);

export const chatTurnSchema = z.strictObject({ question: z.string().check(z.maxLength(20_000)), answer: z.string().check(z.maxLength(100_000)) });

/** An OpenAI-compatible server; accepted only from the host (see GentenService.setAnswerServer). */
export const answerServerSchema = z.strictObject({
  baseUrl: z.url().check(z.regex(/^https?:\/\//i), z.maxLength(2000)),
  model: text(1, 200, { trim: true }),
  apiKey: z.optional(z.string().check(z.maxLength(500))),
});
/** A server to set, or null to stop using one (the Electron bridge's requestAnswerServer). */
export const answerServerOrNullSchema = z.nullable(answerServerSchema);

const int = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));
const list = <T extends z.ZodMiniType>(item: T, min: number, max: number) => z.array(item).check(z.minLength(min), z.maxLength(max));

export const requestSchemas = {
  listDocuments: noArguments(),
  status: noArguments(),
  startIndex: z.strictObject({ paths: list(pathString, 1, 10_000), collection: z.optional(collection) }),
  cancelIndex: z.strictObject({ jobId: id }),
  removeDocuments: z.strictObject({ paths: list(pathString, 1, 10_000) }),
  search: z.strictObject({
    query: text(1, 2000, { trim: true }),
    k: z.optional(int(1, 100)),
    collection: z.optional(collection),
    documentId: z.optional(id),
  }),
  ask: z.strictObject({ question: text(1, 4000, { trim: true }), history: z.optional(list(chatTurnSchema, 0, 50)), collection: z.optional(collection) }),
  cancelAsk: z.strictObject({ askId: id }),
  getPassage: z.strictObject({ chunkId: id }),
  getDocumentText: z.strictObject({ documentId: id }),
  listModels: noArguments(),
  getSettings: noArguments(),
  updateSettings: z.strictObject({
    answerModel: z.optional(z.nullable(pathString)),
    answerServer: z.optional(z.nullable(answerServerSchema)),
    embeddingModel: z.optional(z.nullable(pathString)),
    language: z.optional(z.enum(['ja', 'en', 'system'])),
    answerStyle: z.optional(z.enum(['auto', 'model', 'extractive'])),
    library: z.optional(z.nullable(text(1, 4096, { trim: true }).check(noNul('contains a NUL character')))),
    ocr: z.optional(
      z.strictObject({ mode: z.enum(['off', 'auto', 'force']), langs: z.string().check(z.regex(/^(jpn|eng|jpn_vert)(\+(jpn|eng|jpn_vert))*$/)) }),
    ),
  }),
  loadSamples: noArguments(),
  listChecklists: noArguments(),
  previewChecklist: z.strictObject({ checklist: checklistSource }),
  startReview: z
    .strictObject({ checklist: checklistSource, documentIds: z.optional(list(id, 0, 1000)), collection: z.optional(collection) })
    .check(z.refine((r) => (r.documentIds?.length ?? 0) > 0 || r.collection !== undefined, 'choose documents or a collection')),
  cancelReview: z.strictObject({ runId }),
  resumeReview: z.strictObject({ runId }),
  rerunReview: z.strictObject({ runId }),
  listReviews: noArguments(),
  getReview: z.strictObject({ runId }),
  markReviewItem: z.strictObject({
    runId,
    itemId: text(1, 200),
    documentId: id,
    mark: z.nullable(z.enum(['accepted', 'changed', 'rejected'])),
    note: z.optional(z.string().check(z.maxLength(10_000))),
  }),
  exportReview: z.strictObject({ runId, format: z.enum(['xlsx', 'docx', 'md', 'csv']), language: z.optional(z.enum(['ja', 'en'])) }),
  compareDocuments: z.strictObject({ standardId: id, draftId: id, again: z.optional(z.boolean()) }),
  listComparisons: noArguments(),
  markComparison: z.strictObject({
    standardId: id,
    draftId: id,
    itemId: z.string().check(z.regex(/^[0-9a-f]{16}(-[0-9]{1,4})?$/)),
    mark: z.optional(z.nullable(z.enum(['accepted', 'negotiate']))),
    note: z.optional(z.string().check(z.maxLength(10_000))),
  }),
  exportComparison: z.strictObject({ standardId: id, draftId: id, format: z.enum(['xlsx', 'docx', 'md']) }),
  getPolicy: noArguments(),
  syncLibrary: noArguments(),
} satisfies Record<keyof GentenApi, z.ZodMiniType>;

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
export const pickPathsSchema = z.strictObject({ kind: z.enum(['files', 'folder']) });
export const grantPathsSchema = list(pathString, 1, 10_000);
export const eventNameSchema = z.enum(EVENT_NAMES);
/** Upload: a file name, or a relative path inside an uploaded folder ('manuals/a.pdf'): no '..', no hidden parts. */
export const uploadNameSchema = text(1, 1024).check(
  z.refine<string>(
    (name) =>
      name.split('/').every((part) => part.length > 0 && part.length <= 255 && !part.startsWith('.') && !/[\\\u0000-\u001f]/.test(part)) &&
      name.split('/').length <= 32,
    'not a relative file path',
  ),
);
