/** `genten ask`: an answer streamed on the terminal, with its citations checked against the sources. */
import path from 'node:path';
import type { Answer } from '../../shared/api';
import { GentenError } from '../../shared/errors';
import { createAnswerer } from '../api/answer';
import { answerModelSource } from '../api/answer-model';
import { SettingsStore } from '../api/settings-store';
import type { Engine } from '../core/engine';
import type { ChatModel } from '../core/llm/types';
import { defaultDataDir } from '../core/settings/paths';
import { ocrLabel } from './ocr-options';

export interface AskCommandOptions {
  question: string;
  /** A GGUF file for this question only; default: the answer model from settings, else extractive. */
  model?: string;
  collection?: string;
  json: boolean;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runAsk(engine: Engine, options: AskCommandOptions): Promise<number> {
  const { stdout, stderr } = options;
  const settings = await new SettingsStore(path.join(defaultDataDir(), 'settings.json')).get();
  // --model FILE overrides the settings (server or file) for this question.
  const source = answerModelSource(options.model ? { answerModel: path.resolve(options.model), answerServer: null } : settings);
  let model: ChatModel | undefined;
  const controller = new AbortController();
  const onSigint = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on('SIGINT', onSigint);
  try {
    if (options.model && !/\.gguf$/i.test(options.model)) throw new GentenError('BAD_REQUEST', `${options.model} is not a GGUF model file.`, options.model);
    if (source) {
      const { file } = source;
      if (file) {
        // Warn before a load that will not fit: it would swap or fail minutes later.
        const fit = await (await import('../core/models/fit')).estimateFit(file).catch(() => undefined);
        if (fit && !fit.fits) stderr.write(`genten: warning: ${path.basename(file)} may not fit this machine: ${fit.reason}\n`);
      }
      if (!options.json) stderr.write(`Using ${source.key.replace(/^\w+ /, '')}…\n`);
      model = await source.open({ signal: controller.signal });
    }
    const answer = createAnswerer({ engine, getModel: async () => model ?? null });
    const streamed = !options.json && model !== undefined;
    const result = await answer({
      question: options.question,
      history: [],
      collection: options.collection,
      signal: controller.signal,
      onDelta: (text) => streamed && stdout.write(text),
    });
    if (options.json) stdout.write(JSON.stringify(answerJson(result)) + '\n');
    else stdout.write(formatAnswer(result, streamed));
    return result.cancelled ? 130 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    await model?.dispose();
    if (source?.file) await (await import('../core/llm/llama')).disposeLlama();
  }
}

function answerJson(answer: Answer) {
  const { question, mode, answer: text, citations, unsupported, model, timings, warning, lowOcrConfidence } = answer;
  return { question, mode, answer: text, citations, unsupported, model, timings, ...(answer.cancelled ? { cancelled: true } : {}), ...(warning ? { warning } : {}), ...(lowOcrConfidence !== undefined ? { lowOcrConfidence } : {}) };
}

function formatAnswer(answer: Answer, alreadyStreamed: boolean): string {
  const lines: string[] = [];
  if (!alreadyStreamed) {
    if (answer.warning) lines.push(`(${answer.warning})`);
    else lines.push(answer.mode === 'extractive' ? '(Extracted from the documents; no answer model is set: genten models use FILE)' : '');
    lines.push(answer.answer);
  }
  if (answer.cancelled) lines.push('(stopped)');
  if (answer.citations.length) {
    lines.push('', 'Sources:');
    for (const c of answer.citations) {
      const pages = c.pageEnd > c.page ? `pp.${c.page}-${c.pageEnd}` : `p.${c.page}`;
      lines.push(`[${c.n}] ${c.title}  ${pages}${c.section ? `  ${c.section}` : ''}${c.ocrConfidence !== undefined ? `  (${ocrLabel(c.ocrConfidence)})` : ''}`, `    ${c.path}`, `    「${c.quote.replace(/\s*\n\s*/g, ' ')}」`);
    }
  }
  if (answer.lowOcrConfidence !== undefined) {
    lines.push('', `⚠ This answer rests on scanned text that OCR read with low confidence (${Math.round(answer.lowOcrConfidence)} %): check it against the page.`);
  }
  if (answer.unsupported.length) {
    lines.push('', 'Not supported by the cited passages (check before relying on them):');
    for (const s of answer.unsupported) lines.push(`  ⚠ ${s}`);
  }
  return lines.filter((l, i) => i > 0 || l !== '').join('\n') + '\n';
}
