/** Catalogue downloads must be pinned to a revision and a SHA-256; anything else needs --unverified. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPinned, loadCatalogue } from '../../../src/main/core/models/catalogue';
import { runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-pinning-');
afterAll(() => temp.cleanup());

describe('model downloads', () => {
  it('refuses an unpinned catalogue entry without --unverified, before any connection, and marks it in the list', async () => {
    const catalogue = await loadCatalogue();
    const unpinned = catalogue.find((c) => !isPinned(c))!;
    const pinned = catalogue.filter(isPinned);
    expect(pinned.length).toBeGreaterThan(0);
    for (const entry of pinned) expect(entry.url).toContain(`/${entry.revision}/`);
    const env = { GENTEN_DATA_DIR: path.join(temp.dir, 'data') };
    const refused = await runCli(['models', 'pull', unpinned.id], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${unpinned.fileName} is not pinned to a revision and a SHA-256`);
    expect(refused.stderr).toContain('--unverified');
    const list = await runCli(['models', 'list'], { env });
    expect(list.stdout).toMatch(new RegExp(`${unpinned.id.replace(/\./g, '\\.')}.*unverified: needs --unverified`));
  }, 180_000); // two CLI start-ups on a shared machine
});
