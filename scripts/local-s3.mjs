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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

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
