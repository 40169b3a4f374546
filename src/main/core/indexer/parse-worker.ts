/** Worker thread: the parse stage of indexing, one file at a time (parse-document.ts), or a file's page text (document-text.ts). It loads no dictionary. */
import type { DocumentText } from '../../../shared/api';
import { serveTasks } from '../workers/serve';
import { readDocumentText, type TextTask } from './document-text';
import { parseDocument, type ParseEvent, type ParseResult, type ParseTask } from './parse-document';

serveTasks<ParseTask | TextTask, ParseResult | DocumentText, ParseEvent>((task, emit) =>
  'text' in task ? readDocumentText(task.path, { known: task.known }) : parseDocument(task, emit),
);
