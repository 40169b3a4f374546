/** The application menu in Japanese or English (from the OS locale), with the app's own commands. */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { HostCommand } from '../../shared/bridge';

export type MenuLang = 'ja' | 'en';

const LABELS = {
  ja: {
    file: 'ファイル',
    addFiles: 'ファイルを追加…',
    addFolder: 'フォルダを追加…',
    quit: '終了',
    edit: '編集',
    view: '表示',
    ask: '質問',
    search: '検索',
    library: 'ライブラリ',
    settings: '設定…',
    window: 'ウインドウ',
    help: 'ヘルプ',
    about: '原典について',
  },
  en: {
    file: 'File',
    addFiles: 'Add Files…',
    addFolder: 'Add Folder…',
    quit: 'Quit',
    edit: 'Edit',
    view: 'View',
    ask: 'Ask',
    search: 'Search',
    library: 'Library',
    settings: 'Settings…',
    window: 'Window',
    help: 'Help',
    about: 'About Genten',
  },
} as const;

export function menuLang(locale: string): MenuLang {
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** The menu template (pure: tests check both languages). */
export function buildMenuTemplate(lang: MenuLang, send: (command: HostCommand) => void, options: { isMac?: boolean } = {}): MenuItemConstructorOptions[] {
  const l = LABELS[lang];
  const isMac = options.isMac ?? process.platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' as const, label: 'Genten' }] : []),
    {
      label: l.file,
      submenu: [
        { label: l.addFiles, accelerator: 'CmdOrCtrl+O', click: () => send('add-files') },
        { label: l.addFolder, accelerator: 'CmdOrCtrl+Shift+O', click: () => send('add-folder') },
        { type: 'separator' },
        { label: l.settings, accelerator: 'CmdOrCtrl+,', click: () => send('show-settings') },
        ...(isMac ? [] : [{ type: 'separator' as const }, { label: l.quit, role: 'quit' as const }]),
      ],
    },
    { label: l.edit, role: 'editMenu' },
    {
      label: l.view,
      submenu: [
        { label: l.ask, accelerator: 'CmdOrCtrl+1', click: () => send('show-ask') },
        { label: l.search, accelerator: 'CmdOrCtrl+2', click: () => send('show-search') },
        { label: l.library, accelerator: 'CmdOrCtrl+3', click: () => send('show-library') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: l.window, role: 'windowMenu' },
    { label: l.help, role: 'help', submenu: [{ label: l.about, role: 'about' }] },
  ];
}

export function setupMenu(lang: MenuLang, send: (command: HostCommand) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(lang, send)));
}
