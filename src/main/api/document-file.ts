import type { DocumentInfo } from '../../shared/types';

/** A library document's file, as `GentenService.documentFile` gives it to a host to serve. */
export interface DocumentFile {
  path: string;
  type: DocumentInfo['type'];
  title: string;
  /** The library's copy of a document that is not on this machine (a shared library). */
  data?: Buffer;
}
