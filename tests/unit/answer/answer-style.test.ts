import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/main/core/answer/answer-question';
import { citeUncitedSentences } from '../../../src/main/core/answer/cite-uncited';
import { buildCompletionPrompt } from '../../../src/main/core/answer/completion-prompt';
import type { AnswerStyle } from '../../../src/main/core/answer/types';
import type { ChatMessage, GenerateOptions, GenerateResult, PromptStyle } from '../../../src/main/core/llm/types';
import { FakeChatModel } from './fake-chat-model';
import { hit, simpleAnalyze } from './fixtures';

const contract = hit('第12条第3項 乙は、甲の事前の書面による承諾を得た場合に限り、本業務を第三者に再委託することができる。', {
  title: '業務委託契約書',
  page: 7,
  rank: 1,
});
const rules = hit('承諾の申請は、再委託の開始日の30日前までに書面で行う。', { title: '委託管理規程', page: 3, rank: 2 });

/** A fake model that says which prompt style it wants and records what it was given. */
class StyledModel extends FakeChatModel {
  readonly inputs: Array<ChatMessage[] | string> = [];
  readonly options: GenerateOptions[] = [];
  constructor(
    reply: string,
    readonly promptStyle: PromptStyle,
  ) {
    super(reply);
  }
  override generate(input: ChatMessage[] | string, options: GenerateOptions = {}): Promise<GenerateResult> {
    this.inputs.push(input);
    this.options.push(options);
    return super.generate(input, options).then((r) => ({ ...r, tokens: 12 }));
  }
}

const ask = (model: StyledModel, style?: AnswerStyle) =>
  answerQuestion({
    question: '承諾の申請はいつまでに行う？',
    retrieve: async () => [contract, rules],
    analyze: simpleAnalyze,
    model,
    ...(style ? { style } : {}),
  });

describe('the answer style', () => {
  it("'auto' gives the extracted answer instead of asking a base model, and says which model it skipped", async () => {
    const model = new StyledModel('30日前までに行う。', 'completion');
    const result = await ask(model);
    expect(result.mode).toBe('extractive');
    expect(result.modelSkipped).toBe('fake-model');
    expect(model.inputs).toEqual([]);
    expect(result.answer).toContain('30日前までに書面で行う。 [2]');
  });

  it("'model' asks a base model with a one-shot completion prompt that stops at the end of the line", async () => {
    const model = new StyledModel(' 承諾の申請は30日前までに書面で行う。', 'completion');
    const result = await ask(model, 'model');
    expect(result.mode).toBe('generative');
    expect(typeof model.inputs[0]).toBe('string');
    expect(model.inputs[0]).toMatch(/質問: 承諾の申請はいつまでに行う？\n回答:$/u);
    expect(model.options[0]).toMatchObject({ stop: ['\n'] });
    // The model wrote no [n]: the code cites the passage that supports the sentence.
    expect(result.answer).toBe('承諾の申請は30日前までに書面で行う。[2]');
    expect(result.citations.map((c) => c.page)).toEqual([3]);
    expect(result.timings.tokens).toBe(12);
    expect(result.timings.tokensPerSecond).not.toBeNull();
  });

  it("'auto' asks a chat model, and 'extractive' never does", async () => {
    const chat = new StyledModel('承諾の申請は30日前までに書面で行う。[2]', 'chat');
    expect((await ask(chat)).mode).toBe('generative');
    expect(Array.isArray(chat.inputs[0])).toBe(true);
    const result = await ask(chat, 'extractive');
    expect(result.mode).toBe('extractive');
    expect(chat.inputs).toHaveLength(1);
  });
});

describe('citeUncitedSentences', () => {
  it('cites the supporting passage, keeps citations the model wrote, and leaves an unsupported sentence uncited', () => {
    const answer = '承諾の申請は30日前までに書面で行う。乙は第三者に再委託できる。[1]違約金は一千万円である。';
    const { answer: cited, added } = citeUncitedSentences(answer, [contract, rules], { analyze: simpleAnalyze });
    expect(cited).toBe('承諾の申請は30日前までに書面で行う。[2]乙は第三者に再委託できる。[1]違約金は一千万円である。');
    expect(added).toBe(1);
  });
});

describe('buildCompletionPrompt', () => {
  it('shows a worked example in the question language before the numbered passages', () => {
    const prompt = buildCompletionPrompt({ question: 'When must the request be made?', passages: ['[1] Rules, p. 3\nThirty days before.'], language: 'en' });
    expect(prompt).toContain('Answer: Work starts at 9:00. [1]');
    expect(prompt.indexOf('[1] Rules, p. 3')).toBeGreaterThan(prompt.indexOf('Work starts at 9:00'));
    expect(prompt.endsWith('Question: When must the request be made?\nAnswer:')).toBe(true);
  });
});
