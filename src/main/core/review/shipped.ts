/** The checklists shipped with Genten (resources/checklists, listed in checklists.json). */
import fs from 'node:fs/promises';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import type { ShippedChecklist } from '../../../shared/review';
import { defaultResourcesDir } from '../models/catalogue';
import { loadChecklist } from './checklist';

interface CatalogueEntry {
  id: string;
  file: string;
  name: Record<'ja' | 'en', string>;
}

export function checklistsDir(resourcesDir = defaultResourcesDir()): string {
  return path.join(resourcesDir, 'checklists');
}

async function catalogue(resourcesDir?: string): Promise<CatalogueEntry[]> {
  try {
    const text = await fs.readFile(path.join(checklistsDir(resourcesDir), 'checklists.json'), 'utf8');
    return (JSON.parse(text) as { checklists?: CatalogueEntry[] }).checklists ?? [];
  } catch {
    return [];
  }
}

export async function listShippedChecklists(resourcesDir?: string): Promise<ShippedChecklist[]> {
  const out: ShippedChecklist[] = [];
  for (const entry of await catalogue(resourcesDir)) {
    const file = path.join(checklistsDir(resourcesDir), entry.file);
    try {
      const checklist = await loadChecklist(file);
      out.push({ id: entry.id, names: entry.name, language: checklist.language, items: checklist.items.length, path: file });
    } catch {
      // A shipped file that does not parse is a packaging bug; the others stay usable.
    }
  }
  return out;
}

/** The file of a shipped checklist by id. */
export async function shippedChecklistFile(id: string, resourcesDir?: string): Promise<string> {
  const entry = (await catalogue(resourcesDir)).find((e) => e.id === id);
  if (!entry) throw new GentenError('NOT_FOUND', `There is no shipped checklist "${id}".`);
  return path.join(checklistsDir(resourcesDir), entry.file);
}
