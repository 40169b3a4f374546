export const JA_RULES_PAGES: string[][] = [];
export const JA_RULES_CHECKLIST: Array<{ question: string; page: number; provision: string }> = [];
