/** `genten ask`: an answer streamed on the terminal, with its citations checked against the sources. */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Answer } from '../../shared/api';
import { createAnswerer } from '../api/answer';
import { commandAnswerModel, sourceAskedFor } from '../api/answer-model';
import { releaseModels } from '../api/models';
import { SettingsStore } from '../api/settings-store';
import { recordAnswer, recordQuestion } from '../core/audit/audited';
import type { Engine } from '../core/engine';
import type { CommandContext } from './command-context';
import type { ChatModel } from '../core/llm/types';
import { ocrLabel } from './ocr-options';
import { locationText, sectionBeside, sourceLocation } from '../../shared/location';

export interface AskCommandOptions extends CommandContext {
  question: string;
  /** A GGUF file for this question only; default: the answer model from settings, else extractive. */
  model?: string;
  /** Which answer to give when a model is set (AnswerStyle); default: the settings', else 'auto'. */
  style?: 'auto' | 'model' | 'extractive';
  collection?: string;
}

export async function runAsk(engine: Engine, options: AskCommandOptions): Promise<number> {
  const { stdout, stderr } = options;
  const { policy, audit } = options;
  const settings = await SettingsStore.forDataDir(options.dataDir).get();
  // --model FILE overrides the settings (server or file) for this question.
  const { source, ref } = commandAnswerModel({ model: options.model, settings, policy });
  let model: ChatModel | undefined;
  const controller = new AbortController();
  const onSigint = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on('SIGINT', onSigint);
  try {
    const askId = randomUUID();
    if (audit) recordQuestion(audit, askId, options.question, options.collection);
    const style = options.style ?? settings.answerStyle;
    // Loaded only when it will be asked: 'extractive' never asks, 'auto' skips a base model (its header says which).
    const asked = await sourceAskedFor(source, style);
    if (asked) {
      const { file } = asked;
      if (file) {
        // Warn before a load that will not fit: it would swap or fail minutes later.
        const fit = await (await import('../core/models/fit')).estimateFit(file).catch(() => undefined);
        if (fit && !fit.fits) stderr.write(`genten: warning: ${path.basename(file)} may not fit this machine: ${fit.reason}\n`);
      }
      if (!options.json) stderr.write(`Using ${asked.key.replace(/^\w+ /, '')}…\n`);
      model = await asked.open({ signal: controller.signal });
    }
    const answer = createAnswerer({
      engine,
      getModel: async () => model ?? null,
      getStyle: async () => style,
      describeModel: async () => (source ? source.describe() : null),
    });
    const streamed = !options.json && model !== undefined;
    const result = await answer({
      question: options.question,
      history: [],
      collection: options.collection,
      signal: controller.signal,
      onDelta: (text) => streamed && stdout.write(text),
    });
    if (audit) await recordAnswer(audit, askId, result, ref);
    if (options.json) stdout.write(JSON.stringify(answerJson(result)) + '\n');
    else stdout.write(formatAnswer(result, streamed));
    return result.cancelled ? 130 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    await releaseModels([model], { local: Boolean(source?.file) });
  }
}

function answerJson(answer: Answer) {
  const { question, mode, answer: text, citations, unsupported, model, timings, warning, lowOcrConfidence } = answer;
  return {
    question,
    mode,
    answer: text,
    citations,
    unsupported,
    model,
    timings,
    ...(answer.cancelled ? { cancelled: true } : {}),
    ...(warning ? { warning } : {}),
    ...(answer.modelSkipped ? { modelSkipped: answer.modelSkipped } : {}),
    ...(lowOcrConfidence !== undefined ? { lowOcrConfidence } : {}),
  };
}

function formatAnswer(answer: Answer, alreadyStreamed: boolean): string {
  const lines: string[] = [];
  if (!alreadyStreamed) {
    if (answer.warning) lines.push(`(${answer.warning})`);
    else if (answer.modelSkipped)
      lines.push(`(Extracted from the documents: extracted answers were measured better than ${answer.modelSkipped}'s; --style model asks it anyway)`);
    else lines.push(answer.mode === 'extractive' ? '(Extracted from the documents; no answer model is set: genten models use FILE)' : '');
    lines.push(answer.answer);
  }
  // A streamed extracted answer came out before the note could: the note follows it.
  if (alreadyStreamed && answer.modelSkipped)
    lines.push('', `(Extracted: measured better than ${answer.modelSkipped}'s answers; --style model asks it anyway)`);
  if (answer.cancelled) lines.push('(stopped)');
  if (answer.citations.length) {
    lines.push('', 'Sources:');
    for (const c of answer.citations) {
      const location = sourceLocation(c);
      const pages = location ? locationText(location, 'en') : c.pageEnd > c.page ? `pp.${c.page}-${c.pageEnd}` : `p.${c.page}`;
      const section = sectionBeside(c, location);
      lines.push(
        `[${c.n}] ${c.title}  ${pages}${section ? `  ${section}` : ''}${c.ocrConfidence !== undefined ? `  (${ocrLabel(c.ocrConfidence)})` : ''}`,
        `    ${c.path}`,
        `    「${c.quote.replace(/\s*\n\s*/g, ' ')}」`,
      );
    }
  }
  if (answer.lowOcrConfidence !== undefined) {
    lines.push(
      '',
      `⚠ This answer rests on scanned text that OCR read with low confidence (${Math.round(answer.lowOcrConfidence)} %): check it against the page.`,
    );
  }
  if (answer.unsupported.length) {
    lines.push('', 'Not supported by the cited passages (check before relying on them):');
    for (const s of answer.unsupported) lines.push(`  ⚠ ${s}`);
  }
  return lines.filter((l, i) => i > 0 || l !== '').join('\n') + '\n';
}
