/**
 * CPU time of each thread of a command, sampled from /proc every 20 ms (Linux), printed as JSON
 * with the wall time. Threads that end early keep their last sample. On a machine shared with
 * other work, CPU seconds scatter less than wall time; names are the kernel's ("node" for the
 * main thread, worker threads and V8's helper threads alike, in the order they started).
 *   node scripts/thread-cpu.mjs node bin/genten.js index FOLDER --db LIB
 *
 * Plain .mjs: it runs any command, TypeScript or not.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/thread-cpu.mjs COMMAND [ARGS…]');
  process.exit(2);
}
const TICKS_PER_SECOND = 100;
/** Thread id → its name and CPU seconds so far. */
const threads = new Map();
const started = performance.now();
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });

function sample() {
  let ids;
  try {
    ids = fs.readdirSync(`/proc/${child.pid}/task`);
  } catch {
    return; // exited
  }
  for (const id of ids) {
    try {
      const stat = fs.readFileSync(`/proc/${child.pid}/task/${id}/stat`, 'utf8');
      // The name is in parentheses and may hold spaces; utime and stime are fields 14 and 15.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      threads.set(id, { name, cpu: Math.max(cpu, threads.get(id)?.cpu ?? 0) });
    } catch {
      // the thread ended between the listing and the read
    }
  }
}

const timer = setInterval(sample, 20);
child.on('close', () => {
  clearInterval(timer);
  const busy = [...threads].filter(([, t]) => t.cpu >= 0.05);
  const total = [...threads.values()].reduce((sum, t) => sum + t.cpu, 0);
  const wall = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({ wall: +wall.toFixed(2), cpu: +total.toFixed(2), threads: Object.fromEntries(busy.map(([id, t]) => [`${t.name}#${id}`, t.cpu])) }),
  );
});
