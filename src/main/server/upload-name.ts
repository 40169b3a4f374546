/**
 * Upload names made safe on every system the library may travel to: characters Windows forbids
 * (<>:"|?*), trailing dots and spaces, and device names (CON, NUL, COM1…, which open a device
 * instead of a file on Windows) are replaced, so an upload saved here can be copied anywhere.
 */

const FORBIDDEN = /[<>:"|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

/** One path part: forbidden characters become "_", trailing dots and spaces go, device names get a "_" prefix. */
export function sanitizeUploadPart(part: string): string {
  let safe = part.replace(FORBIDDEN, '_').replace(/[. ]+$/, '');
  if (safe === '') safe = '_';
  if (RESERVED.test(safe)) safe = `_${safe}`;
  return safe;
}

/** A relative upload path ('manuals/a.pdf'), part by part. */
export function sanitizeUploadName(name: string): string {
  return name.split('/').map(sanitizeUploadPart).join('/');
}

/** 'a.pdf' → 'a (2).pdf', for the n-th copy of a name that is taken. */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}
