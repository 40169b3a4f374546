/**
 * Offline by construction, checked at the system-call level: `genten index`, `search`, `ask`
 * (with a local GGUF model) and `serve` (driven over HTTP) run under `strace -f -e trace=connect`
 * (Debian's strace; .ci/run installs it), and any connect() that is not loopback, a Unix socket
 * or netlink fails the test.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENTEN_BIN } from '../../helpers/cli';
import { makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';
import { writeTinyGguf } from '../../helpers/tiny-gguf';

const strace = (() => {
  try {
    execFileSync('strace', ['-f', '-qq', '-e', 'trace=connect', '-o', '/dev/null', 'true'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();
if (!strace) console.warn('no-network test skipped: strace is missing or cannot trace here (apt-get install strace; .ci/run installs it)');

/** The connect() calls of a strace log that leave the machine. */
export function outboundConnects(log: string): string[] {
  return log
    .split('\n')
    .filter((line) => /\bconnect\(/.test(line))
    .filter((line) => {
      if (/sa_family=AF_(UNIX|LOCAL|NETLINK|UNSPEC)\b/.test(line)) return false;
      if (/sa_family=AF_INET,.*inet_addr\("127\.\d+\.\d+\.\d+"\)/.test(line)) return false;
      if (/sa_family=AF_INET6,.*inet_pton\(AF_INET6, "(::1|::ffff:127\.\d+\.\d+\.\d+)"/.test(line)) return false;
      return true;
    });
}

describe.skipIf(!strace)('no outbound connections', () => {
  const temp = makeTempDir('genten-strace-');
  afterAll(() => temp.cleanup());
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'lib');
  const dataDir = path.join(temp.dir, 'data');
  const env = { ...process.env, GENTEN_DATA_DIR: dataDir };

  /** Runs genten under strace; resolves with its exit code, stdout and the connect() lines. */
  function traced(args: string[], drive?: (stdout: () => string) => Promise<void>): Promise<{ code: number | null; stdout: string; connects: string[] }> {
    const log = path.join(temp.dir, `strace-${args[0]}-${Date.now()}.log`);
    const child = spawn('strace', ['-f', '-qq', '-e', 'trace=connect', '-o', log, process.execPath, GENTEN_BIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    return (async () => {
      if (drive) await drive(() => stdout);
      const code = await done;
      clearTimeout(timer);
      if (code !== 0) console.warn(stderr);
      const lines = fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.includes('connect('));
      return { code, stdout, connects: lines };
    })();
  }

  it('the trace sees connect() calls (a control: a loopback connect shows up, and counts as local)', async () => {
    const log = path.join(temp.dir, 'strace-control.log');
    execFileSync('strace', [
      '-f',
      '-qq',
      '-e',
      'trace=connect',
      '-o',
      log,
      process.execPath,
      '-e',
      "require('net').connect(9, '127.0.0.1').on('error', () => {})",
    ]);
    const connects = fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.includes('connect('));
    expect(connects.some((line) => line.includes('127.0.0.1'))).toBe(true);
    expect(outboundConnects(connects.join('\n'))).toEqual([]);
  });

  it('index, search and ask connect nowhere', async () => {
    await makePdf(path.join(docs, 'manual.pdf'), [['保守マニュアル', 'E-203 が表示されたら、冷却ファンの回転を確認する。']], { title: '保守マニュアル' });
    fs.writeFileSync(path.join(docs, 'rules.txt'), '第12条 再委託には甲の事前の書面による承諾が必要である。');
    fs.mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    const model = await writeTinyGguf(path.join(dataDir, 'models', 'tiny.gguf'));
    for (const args of [
      ['index', docs, '--db', db, '--json'],
      ['search', 'E-203 冷却ファン', '--db', db, '--json'],
      ['ask', '再委託に承諾は必要か', '--db', db, '--json'],
      ['ask', 'E-203 の対処は？', '--db', db, '--model', model, '--json'],
    ]) {
      const run = await traced(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(outboundConnects(run.connects.join('\n')), args.join(' ')).toEqual([]);
    }
  }, 600_000);

  it('serve, used over HTTP from this machine, connects nowhere else', async () => {
    const run = await traced(['serve', '--db', db, '--port', '0', '--allow-root', docs], async (stdout) => {
      const deadline = Date.now() + 150_000;
      let url: string | undefined;
      while (!url && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        url = /(http:\/\/127\.0\.0\.1:\d+\/t\/[^\s/]+\/)/.exec(stdout())?.[1];
      }
      expect(url).toBeDefined();
      const post = (method: string, body: unknown) =>
        fetch(`${url}api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect((await post('search', { query: 'E-203' })).status).toBe(200);
      expect((await post('ask', { question: '再委託に承諾は必要か' })).status).toBe(200);
      expect((await fetch(url!)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2000)); // let the answer finish
      // Stop it as Ctrl+C would: strace passes the signal on.
      const pid = Number(
        execFileSync('pgrep', ['-n', '-f', `${GENTEN_BIN} serve --db ${db}`])
          .toString()
          .trim(),
      );
      process.kill(pid, 'SIGINT');
    });
    expect(run.code).toBe(0);
    expect(outboundConnects(run.connects.join('\n'))).toEqual([]);
  }, 300_000);

  it('recognises an outbound connect in a log', () => {
    const log = [
      '123 connect(19, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16) = -1 EINPROGRESS',
      '123 connect(20, {sa_family=AF_INET, sin_port=htons(4310), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      '123 connect(21, {sa_family=AF_UNIX, sun_path="/run/nscd/socket"}, 110) = -1 ENOENT',
      '123 connect(22, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2606:2800::1", &sin6_addr), sin6_scope_id=0}, 28) = -1',
      '123 connect(23, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
    ].join('\n');
    expect(outboundConnects(log).map((line) => line.split(' ')[1])).toEqual(['connect(19,', 'connect(22,']);
  });
});
