/**
 * The parties' names as a contract defines them near its start: 株式会社原典商事（以下「甲」という。）,
 * PivX Solutions, Inc. ("PivX"), TrueLink, Inc.: a span changed from one to another is a party change.
 */

/** What a defined term in parentheses names: （以下「甲」という。）, ("Licensee"), (the "Company"). */
const DEFINED = /[(（][^()（）]{0,24}?[「"“]([^」"”]{1,40})[」"”]/gu;
/** A company name: the words before Inc., LLC, Corporation, 株式会社… */
const COMPANY = /([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,4}),?\s+(?:Inc\b|LLC\b|L\.L\.C\.|Ltd\b|Limited\b|Corporation\b|Corp\b|Company\b|GmbH\b|S\.A\.|L\.P\.)/gu;
const JA_COMPANY = /(?:株式会社|有限会社|合同会社)([^\s、。（(「」）)]{1,20})|([^\s、。（(「」）)]{1,20})(?:株式会社|有限会社|合同会社)/gu;
/** Defined terms that name things, not parties. */
const NOT_PARTY = /agreement|effective|date|term\b|territory|product|service|confidential|information|契約|業務|情報|期間|本件|成果物/iu;

/** Names of the parties found in the first part of the texts. */
export function partiesOf(texts: string[], options: { chars?: number } = {}): Set<string> {
  const { chars = 3000 } = options;
  const names = new Set<string>();
  for (const full of texts) {
    const text = full.slice(0, chars);
    for (const m of text.matchAll(DEFINED)) if (!NOT_PARTY.test(m[1])) names.add(m[1].trim());
    for (const m of text.matchAll(COMPANY)) {
      names.add(m[1].trim());
      names.add(m[1].trim().split(/\s+/)[0]);
    }
    for (const m of text.matchAll(JA_COMPANY)) names.add((m[1] ?? m[2]).trim());
  }
  for (const name of names) if (name.length < 2 && !/^[甲乙丙丁]$/u.test(name)) names.delete(name);
  return names;
}
