export const EN_QUESTIONS: Array<{ doc: string; question: string; answers: string[] }> = [];
