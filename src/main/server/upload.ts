/** POST /api/upload?name=F: a file sent by the browser, saved in the library's uploads folder. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { formatBytes } from '../../shared/display';
import { uploadNameSchema } from '../../shared/schemas';
import { isInside } from '../core/files/inside';
import { HttpError, sendJson } from './http';
import { numberedName, sanitizeUploadName } from './upload-name';

export interface UploadLimits {
  /** Largest upload accepted, in bytes. */
  maxBytes: number;
  /** An upload that sends nothing for this long is dropped (its partial file removed). */
  idleTimeoutMs: number;
}

export async function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, uploadsDir: string, limits: UploadLimits): Promise<void> {
  const { maxBytes, idleTimeoutMs } = limits;
  const parsed = uploadNameSchema.safeParse(url.searchParams.get('name') ?? '');
  if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', 'Give the file name as ?name=FILE (a file name or a relative path without "..").');
  const name = sanitizeUploadName(parsed.data.normalize('NFC'));
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw new HttpError(413, 'TOO_LARGE', `${name} is larger than the ${formatBytes(maxBytes)} upload limit.`);
  }
  const uploads = path.resolve(uploadsDir);
  const wanted = path.join(uploads, ...name.split('/'));
  if (!isInside(wanted, uploads, { orSame: false })) throw new HttpError(400, 'BAD_REQUEST', 'Not a relative file path.');
  fs.mkdirSync(path.dirname(wanted), { recursive: true });
  const partial = path.join(uploads, `.partial-${randomUUID()}`);
  let received = 0;
  let target = '';
  // A sender that stops sending (a closed laptop lid) must not hold a partial file forever.
  req.setTimeout(idleTimeoutMs, () =>
    req.destroy(new HttpError(408, 'BAD_REQUEST', `${name}: the upload stopped (nothing received for ${Math.round(idleTimeoutMs / 1000)} s).`)),
  );
  try {
    await pipeline(
      req,
      async function* limit(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          received += chunk.length;
          if (received > maxBytes) throw new HttpError(413, 'TOO_LARGE', `${name} is larger than the upload limit.`);
          yield chunk;
        }
      },
      fs.createWriteStream(partial, { flags: 'wx' }),
    );
    target = reserveName(wanted);
    fs.renameSync(partial, target); // over the empty file that reserved the name
  } catch (error) {
    if (target && fs.existsSync(partial)) fs.rmSync(target, { force: true }); // reserved, never filled
    fs.rmSync(partial, { force: true });
    throw error;
  }
  req.setTimeout(0);
  sendJson(res, 200, { ok: true, value: { path: target, size: received } });
}

/**
 * Claims a free name for an upload: `wanted`, else "name (2).ext", "name (3).ext"… An existing
 * upload is never overwritten: the name is taken by creating the file exclusively.
 */
function reserveName(wanted: string): string {
  for (let n = 1; n <= 10_000; n++) {
    const candidate = n === 1 ? wanted : path.join(path.dirname(wanted), numberedName(path.basename(wanted), n));
    try {
      fs.closeSync(fs.openSync(candidate, 'wx'));
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new HttpError(409, 'BAD_REQUEST', `${path.basename(wanted)}: too many uploads with this name.`);
}
