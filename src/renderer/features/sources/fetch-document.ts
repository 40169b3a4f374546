/**
 * Fetches a library document's bytes for the viewer (PDF pages, scans). A refusal keeps the server's
 * error code, so the view can say in the user's language what happened instead of showing the code.
 */
export class DocumentFetchError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchDocument(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (response.ok) return response.arrayBuffer();
  let code = 'INTERNAL';
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // not JSON: keep the status
  }
  throw new DocumentFetchError(code, message);
}

/** The code of a failure to show a document (INTERNAL for anything that is not a refusal from the server). */
export function documentErrorCode(error: unknown): { code: string; detail: string } {
  if (error instanceof DocumentFetchError) return { code: error.code, detail: error.message };
  return { code: 'INTERNAL', detail: error instanceof Error ? error.message : String(error) };
}
