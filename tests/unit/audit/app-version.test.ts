import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appVersion, appVersionWithCommit, checkoutCommit } from '../../../src/main/core/audit/app-version';
import { makeTempDir } from '../../helpers/temp';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('the version a report names', () => {
  it('is package.json’s version, not "unknown"', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as { version: string };
    expect(appVersion()).toBe(pkg.version);
    expect(appVersionWithCommit().startsWith(pkg.version)).toBe(true);
  });

  it('reads the commit of a checkout without running git: a branch, a packed ref, a detached HEAD, a worktree', () => {
    const temp = makeTempDir('genten-version-');
    try {
      const repo = path.join(temp.dir, 'repo');
      fs.mkdirSync(repo);
      git(repo, 'init', '-q', '-b', 'main');
      fs.writeFileSync(path.join(repo, 'a.txt'), 'a');
      git(repo, 'add', '.');
      git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'one');
      const head = git(repo, 'rev-parse', '--short=7', 'HEAD');
      expect(checkoutCommit(repo)).toBe(head);
      git(repo, 'pack-refs', '--all');
      expect(checkoutCommit(repo)).toBe(head);
      git(repo, 'worktree', 'add', '-q', path.join(temp.dir, 'wt'), '-b', 'other');
      expect(checkoutCommit(path.join(temp.dir, 'wt'))).toBe(head);
      git(repo, 'checkout', '-q', '--detach');
      expect(checkoutCommit(repo)).toBe(head);
      expect(checkoutCommit(temp.dir)).toBeUndefined();
    } finally {
      temp.cleanup();
    }
  });
});
