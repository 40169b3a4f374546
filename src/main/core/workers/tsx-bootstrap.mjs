// Runs a TypeScript worker from source (CLI and tests run the engine through tsx, unbundled).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
