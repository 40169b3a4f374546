/**
 * A settings change as a page may ask for it, checked before it is saved: the answer server only from the host, model
 * files the policy and (browser mode) the allowed folders admit, a library folder the policy allows; then recorded in
 * the audit log (a log that cannot be written refuses the change). The library's location is normalised in place.
 */
import type { ModelEntry, Settings } from '../../shared/api';
import { GentenError } from '../../shared/errors';
import type { AuditLog } from '../core/audit/audit-log';
import type { Policy } from '../core/policy/policy';
import { checkModelFile } from './models';
import type { ReadRoots } from './read-roots';
import { parseLibrarySetting } from './team-library';

export async function vetSettingsPatch(
  patch: Partial<Settings>,
  context: { policy: Policy; audit: AuditLog | null; readRoots?: ReadRoots; listModels: () => Promise<ModelEntry[]> },
): Promise<void> {
  const { policy, audit, readRoots, listModels } = context;
  if (patch.answerServer !== undefined) {
    // Passages would leave the machine: only the host sets this (genten models server, or the
    // desktop app after its own confirmation dialog), never a page or the renderer.
    throw new GentenError(
      'BAD_REQUEST',
      'The answer server can only be set on this computer: genten models server URL --model NAME, or the desktop app’s confirmation.',
    );
  }
  for (const key of ['answerModel', 'embeddingModel'] as const) {
    const file = patch[key];
    if (typeof file !== 'string') continue;
    // Browser mode: a model from the models folders, or a file inside the allowed folders.
    if (readRoots && !readRoots.allows(file) && !(await listModels()).some((m) => m.path === file)) readRoots.check(file);
    checkModelFile(file, policy);
  }
  if (typeof patch.library === 'string') {
    patch.library = parseLibrarySetting(patch.library);
    policy.assertLibraryDir(patch.library);
  }
  const changed = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined);
  audit?.record(
    {
      type: 'settings',
      changed,
      ...(patch.answerModel !== undefined ? { answerModel: patch.answerModel } : {}),
      ...(patch.embeddingModel !== undefined ? { embeddingModel: patch.embeddingModel } : {}),
    },
    'the settings were not changed',
  );
}
