import type { AuditLog } from '../core/audit/audit-log';
import type { Policy } from '../core/policy/policy';

/** What main.ts hands every command that answers from the library: output, and the machine's policy, data folder and audit log. */
export interface CommandContext {
  json: boolean;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** The data folder (settings), as the policy allows. */
  dataDir: string;
  policy: Policy;
  audit: AuditLog | null;
}
