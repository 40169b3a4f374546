/**
 * Long-running commands run with glibc's malloc arenas capped (bin/arena-limit.mjs): the launcher
 * executes itself again in place. What users rely on: the same process (its id is what they kill),
 * its output still printed, Ctrl-C/SIGTERM still stopping it, their own setting kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { wantsArenaLimit } from '../../../bin/arena-limit.mjs';
import { makeTempDir } from '../../helpers/temp';
import { startServe, stopServe, type Serve } from '../../helpers/serve';

const environOf = (pid: number) => fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');

describe('which commands get the arena limit', () => {
  it('indexing and serving commands on Linux, not a one-shot search, not where it is set or elsewhere', () => {
    expect(wantsArenaLimit(['index', 'docs/'], {}, 'linux')).toBe(true);
    expect(wantsArenaLimit(['--db', 'lib', 'serve'], {}, 'linux')).toBe(true);
    expect(wantsArenaLimit(['search', '再委託'], {}, 'linux')).toBe(false);
    expect(wantsArenaLimit(['index', 'docs/'], { MALLOC_ARENA_MAX: '8' }, 'linux')).toBe(false);
    expect(wantsArenaLimit(['index', 'docs/'], {}, 'win32')).toBe(false);
    expect(wantsArenaLimit(['index', 'docs/'], { NODE_CHANNEL_FD: '3' }, 'linux')).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('genten serve with the arena limit', () => {
  let temp: ReturnType<typeof makeTempDir> | undefined;
  let serve: Serve | undefined;
  afterEach(async () => {
    await stopServe(serve);
    serve = undefined;
    temp?.cleanup();
  });

  it('is the same process, prints its address, has MALLOC_ARENA_MAX=2, and stops on SIGTERM', async () => {
    temp = makeTempDir();
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    serve = await startServe(path.join(temp.dir, 'db'), path.join(temp.dir, 'data'), [], env);
    expect(environOf(serve.child.pid!)).toContain('MALLOC_ARENA_MAX=2');
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      serve!.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    serve.child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
  });

  it("keeps the administrator's own setting", async () => {
    temp = makeTempDir();
    serve = await startServe(path.join(temp.dir, 'db'), path.join(temp.dir, 'data'), [], { MALLOC_ARENA_MAX: '4' });
    expect(environOf(serve.child.pid!)).toContain('MALLOC_ARENA_MAX=4');
  });
});
