import { describe, expect, it } from 'vitest';
import { hasAnswerModel } from '../../../src/shared/answer-source';

describe('hasAnswerModel: whether the Ask view offers the "no model" hint', () => {
  it('counts an on-premises answer server as a model, with or without a local one', () => {
    const server = { baseUrl: 'http://llm.intra:8080/v1', model: 'qwen2.5-7b' };
    expect(hasAnswerModel({ answerModel: null, answerServer: server })).toBe(true);
    expect(hasAnswerModel({ answerModel: '/models/a.gguf', answerServer: server })).toBe(true);
  });

  it('counts a local model, and nothing when neither is set or settings are not loaded yet', () => {
    expect(hasAnswerModel({ answerModel: '/models/a.gguf', answerServer: null })).toBe(true);
    expect(hasAnswerModel({ answerModel: null, answerServer: null })).toBe(false);
    expect(hasAnswerModel(undefined)).toBe(false);
  });
});
