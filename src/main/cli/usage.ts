/** What `genten --help` prints, and the error a malformed command line raises (printed with the usage, exit 2). */
import { defaultLibraryDir } from '../core/settings/paths';

export const USAGE = `Usage: genten <command> [options]

Commands:
  index <paths…>       Index files and folders (PDF, Word, Excel, PowerPoint, Markdown, HTML, text, scans and photos) into the library
      --collection NAME  Put new documents in this collection
      --max-size TYPE=SIZE  Largest file of a type (text, markdown, html, docx, xlsx, pptx, pdf, image), e.g. text=500MB
                         (defaults: text, Markdown, HTML 200 MB; DOCX 500 MB; PDF 2 GB); repeatable
      --file-timeout S   Longest one file may take to read (default 600 s)
      --ocr off|auto|force   Read scanned pages and images (PNG, JPEG, TIFF) with OCR (default auto:
                         pages without a usable text layer)
      --ocr-lang LANGS   OCR languages among jpn, eng, jpn_vert, joined with + (default jpn+eng)
  search <query>       Search the library; shows document, page, section and the passage
  search --queries FILE.jsonl   One query per line ({"id", "question"|"query"}); JSON lines out
      -k N               Number of passages (default 5)
      --collection NAME  Search only this collection
  status               Documents, pages, chunks, failed files and the library's location
  remove <paths…>      Remove documents (a folder removes everything under it)
  text FILE            The file's text as Genten indexes it, page by page (--json: {path, pages})
  check [--repair]     Find (and repair) orphan passages, missing search indexes, documents
                       without passages and stale locks left by an interrupted write
  ask <question>       An answer from the documents with checked citations (streams on a terminal)
      --model FILE       A GGUF model for this question (default: the one set with models use;
                         none: an extractive answer from the best passages)
      --style STYLE      auto | model | extractive (default: the settings', else auto: the
                         answer measured better for the model; a base model such as Gemma 3 270M
                         gives the extracted answer)
  review CHECKLIST     Run a checklist (.csv, .xlsx, .txt, .md, .yaml) against documents in the library
                       (columns id, question, optional category, guidance, expected, and example:
                       a clause's usual wording, repeat the column for several; see docs/review.md)
      --doc FILE         A document to review (repeat for more)
      --collection NAME  Review every document of this collection
      --model FILE       A GGUF model for the answers (default: the one set; none: extractive)
      --style STYLE      auto | model | extractive, as for ask
      --out REPORT       Write a report: .xlsx, .docx, .md or .csv
      --resume ID        Finish a review that was stopped (its id is printed when it stops)
  compare STANDARD DRAFT   A draft against the standard contract, clause by clause (any supported
                       formats): changed, missing and added clauses, amounts, periods and courts first
      --out REPORT       Write a report: .xlsx, .docx or .md
  models [list]        GGUF models found, with what their headers say and whether they fit
  models use FILE|NAME [--embedding]   Set the answer (or embedding) model
  models pull NAME [--unverified]   Download a recommended model (only when asked; needs a network).
                       Only entries pinned to a revision and a SHA-256, unless --unverified
  models server URL --model NAME [--key KEY]   Answer with IT's OpenAI-compatible server ("off" removes it)
  sync s3://BUCKET/PREFIX --db DIR   Copy a shared library to this machine for use offline
                       (only what changed; genten sync --db DIR updates an existing copy)
  start                The desktop app, or browser mode where Electron's binary or a display is missing
  serve                The app in a browser: serves the UI on 127.0.0.1 and prints its URL
      --port N           Port (default 4310, or a free one)
  policy               The managed policy in force: each key, its source, invalid entries
  audit verify         Check the audit log's chain: {ok, records, firstBad}
  audit export --since DATE --out FILE   Copy the records since DATE (ISO 8601) to FILE
      --allow-root DIR   A folder the browser may index and read (repeatable; default: your
                         home folder and the library's uploads folder)

Options for every command:
  --db DIR|s3://BUCKET/PREFIX   Library folder, or a team library on S3-compatible storage
                       (AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
                       AWS_PROFILE, AWS_ALLOW_HTTP=true; default: ${defaultLibraryDir()})
  --json               Machine-readable output
  -h, --help           This help`;

export class UsageError extends Error {}

/** Where a command writes: the terminal, or a test's streams. */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}
