/** Builds the CLI once before the suite, instead of in each of the many `genten` processes the tests start. */
import { buildCli, cliStaleReason } from '../scripts/build-cli.mjs';

export default async function setup(): Promise<void> {
  if (cliStaleReason()) await buildCli();
}
