/**
 * UI strings in Japanese and English. The language comes from settings ('system' follows the
 * browser / OS: Japanese when it prefers Japanese, English otherwise). Every error code the user
 * can meet has words in both languages.
 */
import { createContext, useContext, type ReactNode } from 'react';

export type Lang = 'ja' | 'en';

const ja = {
  'app.name': '原典',
  'app.tagline': '資料から、出典つきで答えます',
  'nav.ask': '質問',
  'nav.search': '検索',
  'nav.library': 'ライブラリ',
  'nav.settings': '設定',
  'host.browser': 'ブラウザ版',
  'host.electron': 'デスクトップ版',
  'status.summary': '{documents} 文書 · {pages} ページ',
  'status.indexing': '索引作成中…',

  'ask.title': '資料に質問する',
  'ask.placeholder': '質問を入力してください（例: 再委託に事前承諾は必要か）',
  'ask.hint': 'Enter で質問 · Shift+Enter で改行 · Esc で停止',
  'ask.submit': '質問する',
  'ask.stop': '停止',
  'ask.thinking': '資料を探しています…',
  'ask.stopped': '停止しました（ここまでの回答です）',
  'ask.mode.extractive': '抜粋による回答（モデルなし）',
  'ask.modelFellBack': 'モデルで回答できなかったため、資料から抜粋しました。',
  'ask.mode.generative': '生成された回答 · {model}',
  'ask.noModel': '回答モデルが設定されていないため、資料の該当文をそのまま示します。文章で答えさせるには「設定」で GGUF モデルを選んでください。',
  'ask.unsupported': '引用箇所で裏付けられない文',
  'ask.unsupportedNote': '{count} 文は引用箇所で裏付けられていません（波線）。',
  'ask.emptyLibrary': 'まだ文書がありません。「ライブラリ」でマニュアルや契約書を追加すると、ここで質問できます。',
  'ask.empty': '質問すると、回答と出典（文書・ページ・該当箇所）がここに表示されます。',
  'ask.examples': '例: 「E-203 エラーの対処手順は？」「再委託に事前承諾は必要か」',
  'ask.you': 'あなた',
  'ask.genten': '原典',
  'ask.citationChip': '出典 {n} を開く',
  'ask.newConversation': '新しい会話',

  'sources.title': '出典',
  'sources.none': '回答の出典がここに表示されます。',
  'sources.noCitations': 'この回答に出典はありません。',
  'sources.page': '{page} ページ',
  'sources.pages': '{page}–{pageEnd} ページ',
  'sources.open': '原文を開く',
  'viewer.back': '出典一覧に戻る',
  'viewer.prev': '前のページ',
  'viewer.next': '次のページ',
  'viewer.pageOf': '{page} / {pages} ページ',
  'viewer.loading': '読み込み中…',
  'viewer.notFound': '引用箇所をこのページの文字から特定できませんでした。',
  'viewer.context': '前後の文脈',
  'viewer.close': '閉じる',

  'search.title': '検索',
  'search.placeholder': 'キーワードや文で検索（例: 第12条第3項、M6×20）',
  'search.submit': '検索',
  'search.none': '該当する箇所は見つかりませんでした。',
  'search.intro': '回答ではなく、該当する箇所そのものを探したいときに使います。',
  'search.results': '{count} 件',

  'library.title': 'ライブラリ',
  'library.addFiles': 'ファイルを追加',
  'library.addFolder': 'フォルダを追加',
  'library.addPath': 'サーバー上のパスを追加',
  'library.pathPlaceholder': '/home/user/manuals（このコンピューター上のファイルまたはフォルダ）',
  'library.addPathSubmit': '索引に追加',
  'library.rescan': '再スキャン',
  'library.dropHint': 'ここにファイルやフォルダをドロップしても追加できます（PDF・Word・Markdown・HTML・テキスト）。',
  'library.drop': 'ドロップして追加',
  'library.empty': 'まだ文書がありません。',
  'library.emptyHelp': 'マニュアルや契約書（PDF、Word、Markdown、HTML、テキスト）を追加すると、索引を作って質問に答えられるようになります。ファイルはこのコンピューターから出ません。',
  'library.uploading': 'アップロード中 {done}/{total}',
  'library.collection': 'コレクション',
  'library.addTo': '追加先のコレクション',
  'scope.all': 'すべてのコレクション',
  'scope.label': '対象',
  'library.remove': '削除',
  'library.removeConfirm': '「{title}」をライブラリから削除しますか？（元のファイルは消えません）',
  'library.col.title': '文書',
  'library.col.pages': 'ページ',
  'library.col.chunks': '段落',
  'library.col.status': '状態',
  'library.status.indexed': '索引済み',
  'library.status.failed': '失敗',
  'library.status.stale': '要更新',
  'library.staleHelp': '前回は索引できましたが、今は読めません',
  'library.totals': '{documents} 文書 · {pages} ページ · {chunks} 段落 · {size}',
  'library.location': '保存場所: {path}',

  'progress.scanning': 'ファイルを確認中…',
  'progress.indexing': '索引作成中',
  'progress.embedding': '意味検索用のベクトルを作成中 {done}/{total} 段落',
  'progress.removing': '削除済みファイルを整理中…',
  'progress.done': '完了',
  'progress.files': '{done}/{total} ファイル',
  'progress.page': '{page}/{pages} ページ',
  'progress.rate': '{rate} ページ/秒',
  'progress.eta': '残り約 {eta}',
  'progress.cancel': 'キャンセル',
  'progress.cancelled': 'キャンセルしました。完了した分は保存されています。',
  'progress.summary': '{indexed} 件を索引、{unchanged} 件は変更なし、{failed} 件失敗（{seconds} 秒）',
  'progress.failedTitle': '読み込めなかったファイル',
  'progress.dismiss': '閉じる',

  'settings.title': '設定',
  'settings.language': '表示言語',
  'settings.language.system': 'システムに合わせる',
  'settings.theme': '外観',
  'settings.themeNote': 'ライト／ダークは OS の設定に合わせて切り替わります。',
  'settings.answerModel': '回答モデル',
  'settings.embeddingModel': '埋め込みモデル（意味検索）',
  'settings.none': 'なし（抜粋で回答）',
  'settings.noneEmbedding': 'なし（キーワード検索のみ）',
  'settings.models': '見つかったモデル',
  'settings.noModels': 'モデルが見つかりません。GGUF ファイルをデータフォルダの models フォルダに置くか、ファイルを選んでください。モデルがなくても検索と抜粋回答は使えます。',
  'settings.pickModel': 'モデルファイルを選ぶ…',
  'settings.modelPath': 'GGUF ファイルのパス',
  'settings.useModel': '使う',
  'settings.fits': 'このPCで動作可',
  'settings.notFits': 'メモリ不足の可能性',
  'settings.fitUnknown': '動作可否は不明',
  'settings.library': 'ライブラリの場所',
  'settings.libraryNote': '下で指定した場所（フォルダか s3://…）は次回の起動から使われます。起動時の --db DIR はそれより優先されます。',
  'team.locationPlaceholder': 'フォルダ、または s3://バケット/プレフィックス',
  'team.saveLocation': '次回起動時に使う',
  'team.locationNote': 'チーム共有ライブラリ（S3 互換ストレージ）は s3://… で指定します。認証情報は AWS_ACCESS_KEY_ID などの環境変数か ~/.aws の設定から読みます。',
  'team.offlineCopy': 'オフライン用コピー:',
  'team.noCopy': 'まだありません',
  'team.copyAge': '最終同期 {age}（{source}）',
  'team.syncMake': 'オフライン用コピーを作る',
  'team.syncUpdate': 'コピーを最新にする',
  'team.syncing': '同期中…',
  'team.syncResult': '{copied} ファイル（{bytes}）をコピー、{unchanged} ファイルは変更なし。',
  'team.useCopy': 'ネットワークがない場所では、ライブラリの場所に {path} を指定してください。',
  'team.age.now': 'たった今',
  'team.age.minutes': '{n} 分前',
  'team.age.hours': '{n} 時間前',
  'team.age.days': '{n} 日前',
  'settings.saved': '保存しました',
  'settings.embedding': '埋め込み',
  'settings.chat': 'チャット',

  'common.retry': '再試行',
  'common.cancel': 'キャンセル',
  'common.loading': '読み込み中…',
  'unit.seconds': '{n} 秒',
  'unit.minutes': '{n} 分',

  'error.ENCRYPTED': 'パスワードで保護されているため開けません',
  'error.INVALID_FILE': 'ファイルが壊れているか、拡張子と中身が一致しません',
  'error.NO_TEXT': '文字情報がありません（スキャン画像の PDF です。OCR が必要です）',
  'error.UNSUPPORTED_TYPE': '対応していない形式です',
  'error.READ_ERROR': 'ファイルを読み込めません（移動・削除・権限を確認してください）',
  'error.TOO_LARGE': 'ファイルが大きすぎます',
  'error.LIBRARY_LOCKED': '別の原典がこのライブラリを更新中です。終わってからもう一度お試しください',
  'error.LIBRARY_UNUSABLE': 'ライブラリのフォルダを開けません',
  'error.NOT_FOUND': '見つかりません',
  'error.BAD_REQUEST': '入力が正しくありません',
  'error.CANCELLED': 'キャンセルしました',
  'error.MODEL_ERROR': 'モデルを実行できませんでした',
  'error.INTERNAL': '予期しないエラーが発生しました',
  'error.OFFLINE': '原典に接続できません（genten serve が終了していないか確認してください）',
  'error.UNAUTHORIZED': 'このアドレスのアクセスキーは無効です。genten serve が表示した URL を開き直してください',
};

type Key = keyof typeof ja;

const en: Record<Key, string> = {
  'app.name': 'Genten',
  'app.tagline': 'Answers from your documents, with the page they came from',
  'nav.ask': 'Ask',
  'nav.search': 'Search',
  'nav.library': 'Library',
  'nav.settings': 'Settings',
  'host.browser': 'Browser mode',
  'host.electron': 'Desktop',
  'status.summary': '{documents} documents · {pages} pages',
  'status.indexing': 'Indexing…',

  'ask.title': 'Ask your documents',
  'ask.placeholder': 'Type a question (e.g. Does subcontracting need prior consent?)',
  'ask.hint': 'Enter to ask · Shift+Enter for a new line · Esc to stop',
  'ask.submit': 'Ask',
  'ask.stop': 'Stop',
  'ask.thinking': 'Looking through the documents…',
  'ask.stopped': 'Stopped (the answer so far)',
  'ask.mode.extractive': 'Extracted answer (no model)',
  'ask.modelFellBack': 'The model could not answer, so this answer is extracted from the documents.',
  'ask.mode.generative': 'Generated answer · {model}',
  'ask.noModel': 'No answer model is set, so Genten shows the matching sentences from your documents. To get written answers, pick a GGUF model in Settings.',
  'ask.unsupported': 'Not supported by the cited passages',
  'ask.unsupportedNote': '{count} sentence(s) are not supported by the passages they cite (wavy underline).',
  'ask.emptyLibrary': 'The library is empty. Add manuals or contracts under Library, then ask here.',
  'ask.empty': 'Ask a question: the answer and its sources (document, page and passage) appear here.',
  'ask.examples': 'For example: “How do I clear error E-203?” “Is prior consent needed to subcontract?”',
  'ask.you': 'You',
  'ask.genten': 'Genten',
  'ask.citationChip': 'Open source {n}',
  'ask.newConversation': 'New conversation',

  'sources.title': 'Sources',
  'sources.none': 'The sources of an answer appear here.',
  'sources.noCitations': 'This answer has no sources.',
  'sources.page': 'page {page}',
  'sources.pages': 'pages {page}–{pageEnd}',
  'sources.open': 'Open the source',
  'viewer.back': 'Back to sources',
  'viewer.prev': 'Previous page',
  'viewer.next': 'Next page',
  'viewer.pageOf': 'page {page} of {pages}',
  'viewer.loading': 'Loading…',
  'viewer.notFound': 'The cited passage could not be located in this page’s text.',
  'viewer.context': 'In context',
  'viewer.close': 'Close',

  'search.title': 'Search',
  'search.placeholder': 'Search for words or a sentence (e.g. 第12条第3項, M6×20)',
  'search.submit': 'Search',
  'search.none': 'No passages found.',
  'search.intro': 'For when you want the passages themselves rather than an answer.',
  'search.results': '{count} results',

  'library.title': 'Library',
  'library.addFiles': 'Add files',
  'library.addFolder': 'Add a folder',
  'library.addPath': 'Add a path on this computer',
  'library.pathPlaceholder': '/home/user/manuals (a file or folder on the computer running Genten)',
  'library.addPathSubmit': 'Index it',
  'library.rescan': 'Re-scan',
  'library.dropHint': 'You can also drop files or folders here (PDF, Word, Markdown, HTML, text).',
  'library.drop': 'Drop to add',
  'library.empty': 'No documents yet.',
  'library.emptyHelp': 'Add manuals or contracts (PDF, Word, Markdown, HTML, text): Genten indexes them so you can ask questions. Your files never leave this computer.',
  'library.uploading': 'Uploading {done}/{total}',
  'library.collection': 'Collection',
  'library.addTo': 'Add to collection',
  'scope.all': 'All collections',
  'scope.label': 'Look in',
  'library.remove': 'Remove',
  'library.removeConfirm': 'Remove “{title}” from the library? (The file itself is kept.)',
  'library.col.title': 'Document',
  'library.col.pages': 'Pages',
  'library.col.chunks': 'Passages',
  'library.col.status': 'Status',
  'library.status.indexed': 'Indexed',
  'library.status.failed': 'Failed',
  'library.status.stale': 'Stale',
  'library.staleHelp': 'Indexed before, but cannot be read now',
  'library.totals': '{documents} documents · {pages} pages · {chunks} passages · {size}',
  'library.location': 'Stored in {path}',

  'progress.scanning': 'Looking for files…',
  'progress.indexing': 'Indexing',
  'progress.embedding': 'Making vectors for meaning search {done}/{total} passages',
  'progress.removing': 'Tidying up removed files…',
  'progress.done': 'Done',
  'progress.files': '{done}/{total} files',
  'progress.page': 'page {page}/{pages}',
  'progress.rate': '{rate} pages/s',
  'progress.eta': 'about {eta} left',
  'progress.cancel': 'Cancel',
  'progress.cancelled': 'Cancelled. What was finished is kept.',
  'progress.summary': '{indexed} indexed, {unchanged} unchanged, {failed} failed ({seconds} s)',
  'progress.failedTitle': 'Files that could not be read',
  'progress.dismiss': 'Dismiss',

  'settings.title': 'Settings',
  'settings.language': 'Language',
  'settings.language.system': 'Same as the system',
  'settings.theme': 'Appearance',
  'settings.themeNote': 'Light and dark follow your operating system.',
  'settings.answerModel': 'Answer model',
  'settings.embeddingModel': 'Embedding model (semantic search)',
  'settings.none': 'None (extracted answers)',
  'settings.noneEmbedding': 'None (keyword search only)',
  'settings.models': 'Models found',
  'settings.noModels': 'No models found. Put GGUF files in the models folder of the data folder, or pick a file. Search and extracted answers work without a model.',
  'settings.pickModel': 'Pick a model file…',
  'settings.modelPath': 'Path of a GGUF file',
  'settings.useModel': 'Use',
  'settings.fits': 'Fits this computer',
  'settings.notFits': 'May not fit in memory',
  'settings.fitUnknown': 'Fit unknown',
  'settings.library': 'Library location',
  'settings.libraryNote': 'The location set below (a folder or s3://…) is used from the next start; --db DIR at start takes precedence.',
  'team.locationPlaceholder': 'A folder, or s3://BUCKET/PREFIX',
  'team.saveLocation': 'Use at next start',
  'team.locationNote': 'A team library on S3-compatible storage is s3://…; credentials come from AWS_ACCESS_KEY_ID and the other AWS variables, or ~/.aws.',
  'team.offlineCopy': 'Offline copy:',
  'team.noCopy': 'none yet',
  'team.copyAge': 'synced {age} from {source}',
  'team.syncMake': 'Make an offline copy',
  'team.syncUpdate': 'Update the copy',
  'team.syncing': 'Syncing…',
  'team.syncResult': 'Copied {copied} files ({bytes}); {unchanged} unchanged.',
  'team.useCopy': 'Where there is no network, set the library location to {path}.',
  'team.age.now': 'just now',
  'team.age.minutes': '{n} minutes ago',
  'team.age.hours': '{n} hours ago',
  'team.age.days': '{n} days ago',
  'settings.saved': 'Saved',
  'settings.embedding': 'embedding',
  'settings.chat': 'chat',

  'common.retry': 'Retry',
  'common.cancel': 'Cancel',
  'common.loading': 'Loading…',
  'unit.seconds': '{n} s',
  'unit.minutes': '{n} min',

  'error.ENCRYPTED': 'It is password-protected',
  'error.INVALID_FILE': 'The file is damaged or not what its extension says',
  'error.NO_TEXT': 'It has no text (a scanned PDF: it needs OCR)',
  'error.UNSUPPORTED_TYPE': 'Genten does not read this type of file',
  'error.READ_ERROR': 'The file could not be read (moved, deleted or no permission)',
  'error.TOO_LARGE': 'The file is too large',
  'error.LIBRARY_LOCKED': 'Another Genten is updating this library; try again when it has finished',
  'error.LIBRARY_UNUSABLE': 'The library folder cannot be opened',
  'error.NOT_FOUND': 'Not found',
  'error.BAD_REQUEST': 'That request is not valid',
  'error.CANCELLED': 'Cancelled',
  'error.MODEL_ERROR': 'The model could not run',
  'error.INTERNAL': 'Something unexpected went wrong',
  'error.OFFLINE': 'Cannot reach Genten (is genten serve still running?)',
  'error.UNAUTHORIZED': 'The access key in this address is no longer valid: open the URL genten serve printed again',
};

export const STRINGS: Record<Lang, Record<Key, string>> = { ja, en };
export type StringKey = Key;

/** 'system' → the browser's / OS's preferred language. */
export function resolveLang(setting: 'ja' | 'en' | 'system' | undefined, languages: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  if (setting === 'ja' || setting === 'en') return setting;
  const preferred = languages.find((l) => /^(ja|en)\b/i.test(l));
  return preferred?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export type Translate = (key: Key, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key, params) => {
    let text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
    if (params) for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
    return text;
  };
}

/** Words for an error code; the engine's own message (which names the file) is shown as detail. */
export function errorText(t: Translate, code: string): string {
  const key = `error.${code}` as Key;
  return key in ja ? t(key) : t('error.INTERNAL');
}

const I18nContext = createContext<{ lang: Lang; t: Translate }>({ lang: 'en', t: translator('en') });

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <I18nContext.Provider value={{ lang, t: translator(lang) }}>{children}</I18nContext.Provider>;
}

export function useI18n(): { lang: Lang; t: Translate } {
  return useContext(I18nContext);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

export function formatDuration(t: Translate, seconds: number): string {
  return seconds < 90 ? t('unit.seconds', { n: Math.max(1, Math.round(seconds)) }) : t('unit.minutes', { n: Math.round(seconds / 60) });
}
