/** Native open dialogs for documents and model files. */
import { dialog, type BrowserWindow } from 'electron';
import type { Dialogs } from './ipc';
import type { MenuLang } from './menu';

const TEXT = {
  ja: {
    files: '索引に追加するファイル',
    folder: '索引に追加するフォルダ',
    docs: '文書',
    model: '回答モデル（GGUF）',
    server: (url: string) => `質問と文書の抜粋を ${url} に送って回答させますか？`,
    serverDetail: 'この設定の後、回答のたびにライブラリの文章がこのサーバーに送られます。',
    allow: '送る',
    cancel: 'キャンセル',
  },
  en: {
    files: 'Files to add to the library',
    folder: 'Folder to add to the library',
    docs: 'Documents',
    model: 'Answer model (GGUF)',
    server: (url: string) => `Send questions and passages of your library to ${url} for answers?`,
    serverDetail: 'From now on, every answer sends text from your library to this server.',
    allow: 'Send',
    cancel: 'Cancel',
  },
};

export function createDialogs(getWindow: () => BrowserWindow | null, lang: MenuLang): Dialogs {
  const t = TEXT[lang];
  return {
    async pickPaths(kind) {
      const window = getWindow();
      const options: Electron.OpenDialogOptions =
        kind === 'folder'
          ? { title: t.folder, properties: ['openDirectory', 'multiSelections'] }
          : {
              title: t.files,
              properties: ['openFile', 'multiSelections'],
              filters: [{ name: t.docs, extensions: ['pdf', 'docx', 'xlsx', 'xlsm', 'pptx', 'md', 'markdown', 'html', 'htm', 'txt', 'csv', 'log'] }],
            };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    async pickModelFile() {
      const window = getWindow();
      const options: Electron.OpenDialogOptions = { title: t.model, properties: ['openFile'], filters: [{ name: 'GGUF', extensions: ['gguf'] }] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async confirmAnswerServer(baseUrl) {
      const window = getWindow();
      const options: Electron.MessageBoxOptions = {
        type: 'warning',
        message: t.server(baseUrl),
        detail: t.serverDetail,
        buttons: [t.cancel, t.allow],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      return result.response === 1;
    },
  };
}
