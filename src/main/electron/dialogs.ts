/** Native open dialogs for documents and model files. */
import { dialog, type BrowserWindow } from 'electron';
import type { Dialogs } from './ipc';
import type { MenuLang } from './menu';

const TEXT = {
  ja: { files: '索引に追加するファイル', folder: '索引に追加するフォルダ', docs: '文書', model: '回答モデル（GGUF）' },
  en: { files: 'Files to add to the library', folder: 'Folder to add to the library', docs: 'Documents', model: 'Answer model (GGUF)' },
};

export function createDialogs(getWindow: () => BrowserWindow | null, lang: MenuLang): Dialogs {
  const t = TEXT[lang];
  return {
    async pickPaths(kind) {
      const window = getWindow();
      const options: Electron.OpenDialogOptions =
        kind === 'folder'
          ? { title: t.folder, properties: ['openDirectory', 'multiSelections'] }
          : { title: t.files, properties: ['openFile', 'multiSelections'], filters: [{ name: t.docs, extensions: ['pdf', 'docx', 'md', 'markdown', 'html', 'htm', 'txt'] }] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    async pickModelFile() {
      const window = getWindow();
      const options: Electron.OpenDialogOptions = { title: t.model, properties: ['openFile'], filters: [{ name: 'GGUF', extensions: ['gguf'] }] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
