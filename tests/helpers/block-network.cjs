/**
 * Preloaded with NODE_OPTIONS=--require in a child process (and so in every worker thread it
 * starts): any attempt to reach the network (not a local Unix socket) throws, and is written to GENTEN_NET_LOG, as is each
 * thread this ran in (to prove the block covered the workers too).
 */
const fs = require('node:fs');
const { isMainThread, threadId } = require('node:worker_threads');
const log = process.env.GENTEN_NET_LOG;
const note = (line) => log && fs.appendFileSync(log, `${line}\n`);
note(`thread ${isMainThread ? 'main' : `worker ${threadId}`}`);

function refuse(what) {
  return function blocked(...args) {
    const target = typeof args[0] === 'string' ? args[0] : (args[0] && (args[0].href || args[0].host || args[0].hostname || args[0].path)) || '';
    note(`NETWORK ${what} ${target}`);
    throw new Error(`network access blocked in this test: ${what} ${target}`);
  };
}
for (const name of ['http', 'https']) {
  const mod = require(`node:${name}`);
  mod.request = refuse(`${name}.request`);
  mod.get = refuse(`${name}.get`);
}
const net = require('node:net');
/** A Unix socket or pipe (a path, no host) is local inter-process talk, e.g. tsx's IPC: allowed. */
const isLocalPath = (args) => {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  return typeof first === 'string' ? first.startsWith('/') || first.startsWith('\\\\') : Boolean(first && first.path);
};
function guard(original, what) {
  const blocked = refuse(what);
  return function connect(...args) {
    return isLocalPath(args) ? original.apply(this, args) : blocked(...args);
  };
}
net.connect = net.createConnection = guard(net.connect, 'net.connect');
net.Socket.prototype.connect = guard(net.Socket.prototype.connect, 'socket.connect');
require('node:tls').connect = refuse('tls.connect');
const dns = require('node:dns');
dns.lookup = refuse('dns.lookup');
dns.promises.lookup = refuse('dns.promises.lookup');
globalThis.fetch = refuse('fetch');
