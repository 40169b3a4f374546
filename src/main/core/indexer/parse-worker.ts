/** Worker thread: the parse stage of indexing, one file at a time (parse-document.ts). It loads no dictionary. */
import { serveTasks } from '../workers/serve';
import { parseDocument, type ParseEvent, type ParseResult, type ParseTask } from './parse-document';

serveTasks<ParseTask, ParseResult, ParseEvent>((task, emit) => parseDocument(task, emit));
