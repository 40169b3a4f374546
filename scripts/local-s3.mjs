#!/usr/bin/env node
/**
 * A local S3-compatible server (s3rver, a dev dependency) for trying a team library, for tests
 * and for bench:scale. Plain Node on purpose: s3rver's dependencies do not load under tsx.
 *
 *   node scripts/local-s3.mjs [--port 0] [--dir FOLDER] [--bucket genten] [--log FILE]
 *
 * --log FILE appends one JSON line per request answered: {"t": start (epoch ms), "method", "url",
 * "range", "status", "bytes", "ms", "cpuMs": this server's CPU time so far} (bench:scale counts a
 * search's requests and the server's own CPU time for them with it).
 *
 * Prints one JSON line {"endpoint", "port", "bucket", "dir"} once it listens, then the variables
 * to set in another terminal. Stops on Ctrl+C or SIGTERM. Keys: S3RVER / S3RVER.
 */
import { Buffer } from 'node:buffer';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

/**
 * S3 makes an object visible only once its upload is complete; s3rver streams a PUT straight into
 * the object's file, so a client killed mid-upload leaves a truncated object that readers then
 * fail on (seen: a half-written LanceDB manifest after `genten index` was killed). Here a PUT goes
 * to a hidden temporary file (listings only show `._S3rver_object` files) and is renamed into place
 * when the body has arrived whole, as on S3.
 */
const FilesystemStore = createRequire(import.meta.url)('s3rver/lib/stores/filesystem.js');
FilesystemStore.prototype.putObject = async function putObjectWhole(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await fs.promises.mkdir(path.dirname(objectPath), { recursive: true });
  const partial = `${objectPath}.${randomUUID()}.partial`;
  const md5 = createHash('md5');
  let size = 0;
  try {
    const content = Buffer.isBuffer(object.content) ? [object.content] : object.content;
    const count = new Transform({
      transform(chunk, encoding, callback) {
        md5.update(chunk, encoding);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(content, count, fs.createWriteStream(partial));
    await fs.promises.rename(partial, objectPath);
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
  const digest = md5.digest('hex');
  await this.putMetadata(object.bucket, object.key, object.metadata, digest);
  return { size, md5: digest };
};

const { values } = parseArgs({ options: { port: { type: 'string' }, dir: { type: 'string' }, bucket: { type: 'string' }, log: { type: 'string' } } });
const dir = values.dir ? path.resolve(values.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'genten-s3-'));
const bucket = values.bucket ?? 'genten';
fs.mkdirSync(dir, { recursive: true });
const server = new S3rver({ address: '127.0.0.1', port: Number(values.port ?? 0), silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
const { port } = await server.run();
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return +((user + system) / 1000).toFixed(2);
};
if (values.log) {
  const log = fs.openSync(values.log, 'a');
  server.httpServer.on('request', (req, res) => {
    const t = Date.now();
    const started = performance.now();
    res.once('finish', () => {
      const bytes = Number(res.getHeader('content-length') ?? 0);
      const entry = {
        t,
        method: req.method,
        url: req.url,
        range: req.headers.range,
        status: res.statusCode,
        bytes,
        ms: +(performance.now() - started).toFixed(2),
        cpuMs: cpuMs(),
      };
      fs.writeSync(log, JSON.stringify(entry) + '\n');
    });
  });
}
const endpoint = `http://127.0.0.1:${port}`;
process.stdout.write(JSON.stringify({ endpoint, port, bucket, dir }) + '\n');
process.stdout.write(
  `Local S3 server on ${endpoint}, bucket "${bucket}", data in ${dir}. In another terminal:\n` +
    `  export AWS_ENDPOINT_URL=${endpoint} AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_ALLOW_HTTP=true\n` +
    `  genten index FOLDER --db s3://${bucket}/library\n`,
);
const stop = () => server.close().finally(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
