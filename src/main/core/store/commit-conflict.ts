/**
 * Two indexers writing one library at once (object storage has no lock that spans machines):
 * LanceDB retries commits that do not touch the same rows, and refuses the rest with a commit
 * conflict. That refusal becomes one sentence that says what to do; everything committed stays.
 */
import { GentenError } from '../../../shared/errors';

const CONFLICT =
  /commit conflict|retryable commit|conflicting|was concurrently|concurrent (?:write|commit|modification)|precondition failed|already exists.*version/i;

export function commitConflict(error: unknown, where: string): GentenError | undefined {
  if (error instanceof GentenError || !(error instanceof Error) || !CONFLICT.test(error.message)) return undefined;
  return new GentenError(
    'LIBRARY_LOCKED',
    `Another indexer wrote to the library at ${where} at the same time. Nothing already indexed is lost: run the same command again to finish.`,
    where,
  );
}
