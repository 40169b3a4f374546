/**
 * Questions written for the English within-document eval (by us, in our own words) over two of
 * ../shared/eval/pdfs/en, each with answer strings that the passage holding the answer contains.
 * The IRS instructions are set in three columns that extraction interleaves, so their answers
 * are short strings (a form number, an address, a date).
 */
const OWASP = 'pdfs/en/owasp_top10_2017_en.pdf';
const IRS = 'pdfs/en/irs_2007_instructions_1040nr_50p.pdf';

export const EN_QUESTIONS: Array<{ doc: string; question: string; answers: string[] }> = [
  { doc: OWASP, question: 'Which hashing functions should be used to store passwords?', answers: ['Argon2'] },
  { doc: OWASP, question: 'How many days did it take on average to identify a breach in 2016?', answers: ['191 days'] },
  { doc: OWASP, question: 'In what share of applications was cross-site request forgery found?', answers: ['5% of applications'] },
  { doc: OWASP, question: 'Which older categories were merged into broken access control?', answers: ['Missing Function Level Access Control merged'] },
  { doc: OWASP, question: 'What must happen to JWT tokens when a user logs out?', answers: ['invalidated on the server after logout'] },
  { doc: OWASP, question: 'How many data submissions is the 2017 list based on?', answers: ['40+ data submissions'] },
  { doc: OWASP, question: 'Which company sponsored the 2017 edition?', answers: ['Autodesk'] },
  { doc: OWASP, question: 'Which SOAP version should applications upgrade to against XXE?', answers: ['SOAP 1.2 or higher'] },
  { doc: OWASP, question: 'Which cipher property should protect data encrypted in transit?', answers: ['perfect forward secrecy'] },
  { doc: OWASP, question: 'Which directive enforces encryption in browsers?', answers: ['HTTP Strict Transport Security'] },
  { doc: OWASP, question: 'Should responses containing sensitive data be cached?', answers: ['Disable caching for responses that contain sensitive data'] },
  { doc: OWASP, question: 'Which incident response plan is suggested for logging and monitoring?', answers: ['NIST 800-61'] },
  { doc: OWASP, question: 'Which scanner helps find vulnerable JavaScript libraries?', answers: ['retire.js'] },
  { doc: OWASP, question: 'Give an example of a web application firewall with a core rule set.', answers: ['ModSecurity'] },
  { doc: OWASP, question: 'What does a repeatable hardening process make easy?', answers: ['fast and easy to deploy another environment'] },
  { doc: OWASP, question: 'What can an attacker do when directory listing is left enabled?', answers: ['simply list directories'] },
  {
    doc: OWASP,
    question: 'What cloud storage sharing problem is described in the misconfiguration scenarios?',
    answers: ['default sharing permissions open to the Internet'],
  },
  {
    doc: OWASP,
    question: 'Are default accounts with unchanged passwords a misconfiguration?',
    answers: ['Default accounts and their passwords still enabled and unchanged'],
  },
  { doc: OWASP, question: 'Which maturity model helps organizations improve their software security process?', answers: ['Software Assurance Maturity Model'] },
  { doc: OWASP, question: 'What should be absent from web roots?', answers: ['backup files are not present within web roots'] },
  { doc: OWASP, question: 'Why should API and controller access be rate limited?', answers: ['minimize the harm from automated attack tooling'] },
  { doc: OWASP, question: 'How can stealing the session ID through XSS hurt the user?', answers: ['hijack the user'] },
  { doc: OWASP, question: 'Who founded the leadership of the Top 10 project?', answers: ['Dave Wichers'] },
  { doc: OWASP, question: 'What protects high-value transactions from tampering?', answers: ['audit trail with integrity controls'] },
  { doc: OWASP, question: 'Which simpler data format is recommended instead of XML?', answers: ['JSON'] },
  { doc: OWASP, question: 'Which XML denial of service attack is mentioned?', answers: ['Billion Laughs'] },
  { doc: OWASP, question: 'How many people answered the industry survey?', answers: ['500 individuals'] },
  {
    doc: OWASP,
    question: 'What should an application manager negotiate with the business about requirements?',
    answers: ['Collect and negotiate the business requirements'],
  },
  { doc: OWASP, question: 'Which prepared statement call is used unsafely in the access control example?', answers: ['pstmt.setString'] },
  { doc: OWASP, question: 'Why did unvalidated redirects and forwards drop out of the list?', answers: ['edged out overall by XXE'] },
  { doc: IRS, question: 'Where do individuals mail Form 1040NR?', answers: ['Cincinnati, OH 45999-0048'] },
  { doc: IRS, question: 'When is the 2007 return due for employees who received wages?', answers: ['April 15, 2008'] },
  { doc: IRS, question: 'Which form do exempt individuals file to claim days of presence do not count?', answers: ['Form 8843'] },
  { doc: IRS, question: 'Which form must dual-resident taxpayers claiming treaty benefits file?', answers: ['Form 8833'] },
  { doc: IRS, question: 'Which form extends the time to file?', answers: ['Form 4868'] },
  { doc: IRS, question: 'Where is the dual-status return filed?', answers: ['Austin, TX 73301-0215'] },
  { doc: IRS, question: 'Which expatriation statement form must former long-term residents file?', answers: ['Form 8854'] },
  { doc: IRS, question: 'Which private delivery services count for timely mailing?', answers: ['DHL Express'] },
  { doc: IRS, question: 'What rate applies to U.S. income not effectively connected with a trade or business?', answers: ['taxed at 30%'] },
  { doc: IRS, question: 'Can private delivery services deliver to P.O. boxes?', answers: ['deliver items to P.O. boxes'] },
];
