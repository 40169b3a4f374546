#!/usr/bin/env node
// Runs the Genten CLI from its built JavaScript (out/cli), building it first when it is missing
// or older than its sources (see scripts/build-cli.mjs).
import { execWithArenaLimit, wantsArenaLimit } from './arena-limit.mjs';
import { ensureCli } from '../scripts/build-cli.mjs';

if (wantsArenaLimit(process.argv.slice(2))) execWithArenaLimit();

const { main } = await import(await ensureCli());
process.exitCode = await main(process.argv.slice(2));
// The command is over. A store call that timed out may still hold a native thread: never let it
// keep the process alive (this timer does not, by itself, keep it running).
setTimeout(() => process.exit(), 3000).unref();
