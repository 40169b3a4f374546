#!/usr/bin/env node
// Runs the Genten CLI from its TypeScript source through tsx (no build step after `npm ci`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
// The command is over. A store call that timed out may still hold a native thread: never let it
// keep the process alive (this timer does not, by itself, keep it running).
setTimeout(() => process.exit(), 3000).unref();
