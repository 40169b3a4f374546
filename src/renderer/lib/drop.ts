/** Files from a drop or a folder picker, with their paths relative to what was dropped or picked. */
import type { UploadItem } from './api';

type Entry = FileSystemEntry;

function readAll(reader: FileSystemDirectoryReader): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const all: Entry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: Entry, prefix: string, out: UploadItem[]): Promise<void> {
  if (entry.name.startsWith('.')) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, relativePath: prefix + entry.name });
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

/** Browser drops: files and whole folders (walked), in drop order. */
export async function uploadItemsFromDrop(data: DataTransfer): Promise<UploadItem[]> {
  const entries = Array.from(data.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is Entry => Boolean(e));
  if (entries.length === 0) return Array.from(data.files).map((file) => ({ file, relativePath: file.name }));
  const out: UploadItem[] = [];
  for (const entry of entries) await walk(entry, '', out);
  return out;
}

/** An <input type=file> selection (a folder picker gives webkitRelativePath). */
export function uploadItemsFromInput(files: FileList): UploadItem[] {
  return Array.from(files)
    .filter((file) => !file.name.startsWith('.'))
    .map((file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}
