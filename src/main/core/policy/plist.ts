/**
 * Reads a macOS managed-preferences plist (what an MDM profile installs as
 * `/Library/Managed Preferences/<bundle id>.plist`). XML plists are parsed here; binary plists
 * (`bplist00`) are converted to XML with the system's `/usr/bin/plutil` on macOS, and reported as
 * unreadable elsewhere.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';

/** The plist's root value, or null when the file does not exist. */
export async function readPlistFile(file: string, platform: NodeJS.Platform = process.platform): Promise<unknown> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (data.subarray(0, 6).toString('latin1') === 'bplist') {
    if (platform !== 'darwin') throw new Error('binary plist: converting it needs /usr/bin/plutil, which only macOS has');
    return parseXmlPlist(await plutilToXml(file));
  }
  return parseXmlPlist(data.toString('utf8'));
}

function plutilToXml(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/plutil', ['-convert', 'xml1', '-o', '-', file], { encoding: 'utf8', timeout: 10_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`plutil could not read it: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/** Parses an XML property list: dict, array, string, integer, real, true, false, date (as a string). */
export function parseXmlPlist(xml: string): unknown {
  const tokens = [...xml.replace(/<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([A-Za-z]+)(?:\s[^>]*?)?\s*(\/?)>|([^<]+)/g)];
  let at = 0;
  const next = () => {
    while (at < tokens.length && tokens[at][4] !== undefined && !tokens[at][4].trim()) at++;
    return tokens[at++];
  };
  const text = (tag: string): string => {
    let out = '';
    while (at < tokens.length && tokens[at][4] !== undefined) out += tokens[at++][4];
    const close = tokens[at++];
    if (!close || close[1] !== '/' || close[2] !== tag) throw new Error(`malformed plist: <${tag}> is not closed`);
    return decode(out);
  };
  const value = (token: RegExpMatchArray | undefined): unknown => {
    if (!token || token[2] === undefined) throw new Error('malformed plist: expected a value');
    const [, closing, tag, selfClosing] = token;
    if (closing) throw new Error(`malformed plist: unexpected </${tag}>`);
    if (tag === 'true' || tag === 'false') {
      if (!selfClosing) text(tag);
      return tag === 'true';
    }
    if (selfClosing) return tag === 'array' ? [] : tag === 'dict' ? {} : '';
    switch (tag) {
      case 'string':
      case 'date':
      case 'data':
        return text(tag);
      case 'integer':
      case 'real': {
        const n = Number(text(tag).trim());
        if (!Number.isFinite(n)) throw new Error(`malformed plist: <${tag}> is not a number`);
        return n;
      }
      case 'array': {
        const items: unknown[] = [];
        for (;;) {
          const t = next();
          if (t && t[1] === '/' && t[2] === 'array') return items;
          items.push(value(t));
        }
      }
      case 'dict': {
        const dict: Record<string, unknown> = {};
        for (;;) {
          const t = next();
          if (t && t[1] === '/' && t[2] === 'dict') return dict;
          if (!t || t[2] !== 'key') throw new Error('malformed plist: a <dict> entry has no <key>');
          const key = text('key');
          dict[key] = value(next());
        }
      }
      default:
        throw new Error(`malformed plist: unknown element <${tag}>`);
    }
  };
  const first = next();
  if (!first || first[2] !== 'plist') throw new Error('not a property list (no <plist> element)');
  return value(next());
}
