/**
 * A minimal S3 client (AWS Signature V4, path-style addressing) for what LanceDB does not do for
 * us: the `files/` blobs, listing and copying a library for `genten sync`, and a first request
 * that turns a wrong key or an unreachable server into one clear sentence. LanceDB itself does
 * the tables. Every message it makes names the endpoint and bucket, never a secret.
 */
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { GentenError } from '../../../shared/errors';
import type { S3Settings } from './storage-options';

export interface S3Object {
  key: string;
  size: number;
  etag: string;
}

export interface S3ClientOptions {
  /** Seconds before a request with no answer fails. Default 15. */
  timeoutSeconds?: number;
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 encoding as SigV4 wants it; `/` kept in keys. */
function encode(text: string, keepSlash = false): string {
  const out = encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? out.replaceAll('%2F', '/') : out;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export class S3Client {
  readonly endpoint: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly settings: S3Settings,
    readonly bucket: string,
    options: S3ClientOptions = {},
  ) {
    this.endpoint = settings.endpoint ?? `https://s3.${settings.region}.amazonaws.com`;
    this.timeoutMs = (options.timeoutSeconds ?? 15) * 1000;
    if (this.endpoint.startsWith('http://') && !settings.allowHttp) {
      throw new GentenError('BAD_REQUEST', `The storage endpoint ${this.endpoint} is plain http: set AWS_ALLOW_HTTP=true to allow it.`);
    }
  }

  /** Where the messages say the library is: endpoint and bucket, no secrets. */
  get where(): string {
    return `${this.endpoint} (bucket ${this.bucket})`;
  }

  /**
   * One cheap request (list at most one key) that proves the endpoint answers, the bucket exists
   * and the credentials are accepted; otherwise one clear sentence.
   */
  async check(prefix: string): Promise<void> {
    await this.request('GET', '', { query: { 'max-keys': '1', prefix } });
  }

  async head(key: string): Promise<{ size: number; etag: string } | undefined> {
    const res = await this.request('HEAD', key, { allow404: true });
    if (res.status === 404) return undefined;
    return { size: Number(res.headers.get('content-length') ?? 0), etag: res.headers.get('etag') ?? '' };
  }

  async get(key: string): Promise<Buffer | undefined> {
    const res = await this.request('GET', key, { allow404: true });
    if (res.status === 404) return undefined;
    return Buffer.from(await res.arrayBuffer());
  }

  /** Streams an object into a file (through a temp file, renamed when complete). */
  async download(key: string, file: string): Promise<number> {
    const res = await this.request('GET', key, { stream: true });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.partial-${process.pid}`;
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), fs.createWriteStream(partial));
      fs.renameSync(partial, file);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw this.failure(error, key);
    }
    return fs.statSync(file).size;
  }

  /**
   * Writes an object. `ifNoneMatch` asks the server to refuse if it exists (servers that honour it):
   * false when it did.
   */
  async put(key: string, body: Buffer, options: { contentType?: string; ifNoneMatch?: boolean } = {}): Promise<boolean> {
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/octet-stream' };
    if (options.ifNoneMatch) headers['if-none-match'] = '*';
    const res = await this.request('PUT', key, { body, headers, allow412: options.ifNoneMatch });
    return res.status !== 412;
  }

  /** Streams a file into an object (its body unsigned: large files are not read into memory). */
  async putFile(key: string, file: string): Promise<number> {
    const size = fs.statSync(file).size;
    await this.request('PUT', key, { file: { path: file, size }, headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) } });
    return size;
  }

  async delete(key: string): Promise<void> {
    await this.request('DELETE', key, { allow404: true });
  }

  /**
   * Every object under `prefix`, 1,000 at a time. ListObjects (V1, by marker) rather than V2:
   * every S3-compatible server has it, and s3rver fails V2 listings that need a second page.
   */
  async *list(prefix: string): AsyncGenerator<S3Object> {
    let marker: string | undefined;
    for (;;) {
      const query: Record<string, string> = { prefix };
      if (marker) query.marker = marker;
      const xml = await (await this.request('GET', '', { query })).text();
      let last: string | undefined;
      for (const match of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const key = xmlValue(match[1], 'Key');
        if (key === undefined) continue;
        last = key;
        yield { key, size: Number(xmlValue(match[1], 'Size') ?? 0), etag: xmlValue(match[1], 'ETag') ?? '' };
      }
      if (xmlValue(xml, 'IsTruncated') !== 'true' || !last) return;
      marker = xmlValue(xml, 'NextMarker') ?? last;
    }
  }

  private async request(
    method: 'GET' | 'HEAD' | 'PUT' | 'DELETE',
    key: string,
    options: {
      query?: Record<string, string>;
      body?: Buffer;
      file?: { path: string; size: number };
      headers?: Record<string, string>;
      allow404?: boolean;
      allow412?: boolean;
      stream?: boolean;
    } = {},
  ): Promise<Response> {
    const url = new URL(this.endpoint);
    const basePath = url.pathname.replace(/\/+$/, '');
    const canonicalPath = `${basePath}/${encode(this.bucket)}${key ? `/${encode(key, true)}` : ''}`;
    const query = Object.entries(options.query ?? {})
      .map(([k, v]) => [encode(k), encode(v)])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const payloadHash = options.file ? 'UNSIGNED-PAYLOAD' : options.body ? sha256(options.body) : EMPTY_SHA256;
    const headers: Record<string, string> = { ...(options.headers ?? {}), host: url.host, 'x-amz-content-sha256': payloadHash };
    if (this.settings.sessionToken) headers['x-amz-security-token'] = this.settings.sessionToken;
    if (this.settings.accessKeyId && this.settings.secretAccessKey) {
      signV4({
        method,
        path: canonicalPath,
        query,
        headers,
        payloadHash,
        region: this.settings.region,
        accessKeyId: this.settings.accessKeyId,
        secretAccessKey: this.settings.secretAccessKey,
      });
    }
    delete headers.host; // fetch sets it, to the same value
    let res: Response;
    try {
      res = await fetch(`${url.origin}${canonicalPath}${query ? `?${query}` : ''}`, {
        method,
        headers,
        body: options.file
          ? (Readable.toWeb(fs.createReadStream(options.file.path)) as ReadableStream)
          : options.body
            ? new Uint8Array(options.body)
            : undefined,
        ...(options.file ? { duplex: 'half' } : {}),
        // A large upload gets time in proportion to its size (at least 1 MB/s).
        signal: AbortSignal.timeout(this.timeoutMs + (options.file ? Math.round(options.file.size / 1000) : 0)),
      } as RequestInit);
    } catch (error) {
      throw this.failure(error, key);
    }
    if (res.ok || (options.allow404 && res.status === 404) || (options.allow412 && res.status === 412)) return res;
    const text = method === 'HEAD' ? '' : await res.text().catch(() => '');
    throw this.statusError(res.status, xmlValue(text, 'Code') ?? '', key);
  }

  /** One sentence for a status the server sent. */
  private statusError(status: number, code: string, key: string): GentenError {
    const what = key ? `${key} in ${this.where}` : this.where;
    if (code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch' || code === 'InvalidToken' || code === 'ExpiredToken' || status === 401) {
      return new GentenError(
        'LIBRARY_UNUSABLE',
        `The storage at ${this.where} refused the credentials (${code || status}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE.`,
      );
    }
    if (code === 'AccessDenied' || status === 403) {
      return new GentenError('LIBRARY_UNUSABLE', `The storage at ${this.where} denied access to ${key || 'the bucket'}: the credentials lack permission.`);
    }
    if (code === 'NoSuchBucket') return new GentenError('LIBRARY_UNUSABLE', `There is no bucket ${this.bucket} at ${this.endpoint}.`);
    if (status === 404) return new GentenError('NOT_FOUND', `${what} does not exist.`);
    return new GentenError('LIBRARY_UNUSABLE', `The storage at ${this.where} answered ${status}${code ? ` ${code}` : ''} for ${key || 'the bucket'}.`);
  }

  /** One sentence for a request that got no answer. */
  private failure(error: unknown, key: string): GentenError {
    if (error instanceof GentenError) return error;
    const inner = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
    const cause = inner?.code ?? inner?.errors?.[0]?.code ?? (error as NodeJS.ErrnoException).code ?? inner?.message ?? (error as Error).name;
    if (cause === 'TimeoutError' || cause === 'UND_ERR_CONNECT_TIMEOUT' || cause === 'ETIMEDOUT') {
      return new GentenError(
        'LIBRARY_UNUSABLE',
        `The storage at ${this.where} did not answer within ${this.timeoutMs / 1000} s${key ? ` (reading ${key})` : ''}.`,
      );
    }
    return new GentenError('LIBRARY_UNUSABLE', `Cannot reach the storage at ${this.where}${cause ? ` (${cause})` : ''}: check the address and the network.`);
  }
}

/**
 * Signs a request in place (AWS Signature Version 4 for S3): adds x-amz-date and authorization.
 * `path` and `query` are already canonical (URI-encoded, query sorted); `headers` names are lower case.
 */
export function signV4(request: {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  payloadHash: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Default: now. */
  date?: Date;
}): void {
  const { headers } = request;
  const amzDate = (request.date ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  headers['x-amz-date'] = amzDate;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((h) => `${h}:${String(headers[h]).trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const scope = `${day}/${request.region}/s3/aws4_request`;
  const canonicalRequest = [request.method, request.path, request.query, canonicalHeaders, signedHeaders, request.payloadHash].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${request.secretAccessKey}`, day), request.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${request.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

function xmlValue(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  if (!match) return undefined;
  return match[1].replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}
