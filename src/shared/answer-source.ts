import type { Settings } from './api';

/**
 * Whether answers come from a model: the local GGUF model, or IT's on-premises answer server
 * (which takes precedence when both are set). Without either, answers are extractive.
 */
export function hasAnswerModel(settings: Pick<Settings, 'answerModel' | 'answerServer'> | null | undefined): boolean {
  return Boolean(settings?.answerServer?.baseUrl || settings?.answerModel);
}
