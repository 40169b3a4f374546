/**
 * Ask: the conversation on the left (question box: Enter asks, Shift+Enter new line, Esc stops),
 * the sources of the selected answer on the right; a card or a [n] chip opens the source viewer.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Citation } from '../../../shared/api';
import type { Host } from '../../lib/api';
import { CollectionScope } from '../../components/CollectionScope';
import { useI18n } from '../../lib/i18n';
import { SourceCards } from '../sources/SourceCards';
import { SourceViewer } from '../sources/SourceViewer';
import { AnswerText } from './AnswerText';
import type { AskState, Turn } from './use-ask';
import { ErrorNotice } from '../../lib/ErrorNotice';

export interface AskViewProps {
  host: Host;
  ask: AskState;
  libraryEmpty: boolean;
  collections: string[];
  hasModel: boolean;
  onGoToLibrary(): void;
  onGoToSettings(): void;
}

export function AskView({ host, ask, libraryEmpty, collections, hasModel, onGoToLibrary, onGoToSettings }: AskViewProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const [scope, setScope] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [open, setOpen] = useState<{ turnKey: number; citation: Citation } | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const latest = ask.turns.at(-1);
  const shown: Turn | undefined = ask.turns.find((turn) => turn.key === selected) ?? latest;

  useEffect(() => {
    // A new question shows its own sources.
    setSelected(null);
    setOpen(null);
  }, [ask.turns.length]);

  useEffect(() => {
    listRef.current?.scrollTo({ top: listRef.current.scrollHeight });
  }, [latest?.text, ask.turns.length]);

  const submit = () => {
    if (ask.busy || !draft.trim()) return;
    void ask.ask(draft, scope || undefined);
    setDraft('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while a Japanese IME is composing confirms the conversion: never submit then.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && ask.busy) {
      event.preventDefault();
      void ask.stop();
    }
  };

  const openCitation = (turn: Turn, n: number) => {
    const citation = turn.answer?.citations.find((c) => c.n === n);
    if (!citation) return;
    setSelected(turn.key);
    setOpen({ turnKey: turn.key, citation });
  };

  return (
    <section className="split">
      <div className="pane pane-main">
        <header className="pane-head">
          <h1>{t('ask.title')}</h1>
          <CollectionScope collections={collections} value={scope} onChange={setScope} />
          {ask.turns.length > 0 && (
            <button type="button" className="btn btn-quiet" onClick={ask.reset} disabled={ask.busy}>
              {t('ask.newConversation')}
            </button>
          )}
        </header>
        <div className="conversation" ref={listRef}>
          {ask.turns.length === 0 && (
            <div className="empty">
              {libraryEmpty ? (
                <>
                  <p>{t('ask.emptyLibrary')}</p>
                  <button type="button" className="btn btn-primary" onClick={onGoToLibrary}>
                    {t('nav.library')}
                  </button>
                </>
              ) : (
                <>
                  <p>{t('ask.empty')}</p>
                  <p className="muted">{t('ask.examples')}</p>
                </>
              )}
              {!hasModel && (
                <p className="muted small" data-testid="ask-no-model">
                  {t('ask.noModel')}{' '}
                  <button type="button" className="link" onClick={onGoToSettings}>
                    {t('nav.settings')}
                  </button>
                </p>
              )}
            </div>
          )}
          {ask.turns.map((turn) => (
            <article key={turn.key} className={`turn${shown?.key === turn.key ? ' turn-selected' : ''}`} onClick={() => setSelected(turn.key)}>
              <div className="question">
                <span className="who">{t('ask.you')}</span>
                <p>{turn.question}</p>
              </div>
              <div className="reply">
                <span className="who">{t('ask.genten')}</span>
                {turn.answer && (
                  <span className={`mode mode-${turn.answer.mode}`} data-testid="answer-mode">
                    {turn.answer.mode === 'generative' ? t('ask.mode.generative', { model: turn.answer.model ?? '' }) : t('ask.mode.extractive')}
                  </span>
                )}
                <div className="answer" data-testid="answer" data-state={turn.state} aria-live="polite">
                  {turn.state === 'waiting' && !turn.text && <p className="muted thinking">{t('ask.thinking')}</p>}
                  <AnswerText text={turn.text} answer={turn.answer} onCitation={(n) => openCitation(turn, n)} />
                  {turn.state === 'streaming' && <span className="cursor" aria-hidden />}
                </div>
                {turn.answer?.warning && (
                  <p className="notice small" data-testid="answer-warning">
                    {t('ask.modelFellBack')} <span className="muted">{turn.answer.warning}</span>
                  </p>
                )}
                {turn.answer?.modelSkipped && (
                  <p className="notice small" data-testid="answer-model-skipped">
                    {t('ask.modelSkipped', { model: turn.answer.modelSkipped })}
                  </p>
                )}
                {turn.answer?.lowOcrConfidence !== undefined && (
                  <p className="notice small" data-testid="answer-low-ocr">
                    {t('ocr.lowAnswer', { confidence: Math.round(turn.answer.lowOcrConfidence) })}
                  </p>
                )}
                {turn.state === 'stopped' && (
                  <p className="notice small" data-testid="answer-stopped">
                    {t('ask.stopped')}
                  </p>
                )}
                {turn.state === 'error' && turn.error && <ErrorNotice error={turn.error} small />}
                {turn.answer && turn.answer.unsupported.length > 0 && (
                  <p className="notice small">{t('ask.unsupportedNote', { count: turn.answer.unsupported.length })}</p>
                )}
              </div>
            </article>
          ))}
        </div>
        <form
          className="composer"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <textarea
            ref={inputRef}
            data-testid="question-input"
            value={draft}
            rows={2}
            placeholder={t('ask.placeholder')}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
            aria-label={t('ask.placeholder')}
          />
          <div className="composer-row">
            <span className="muted small">{t('ask.hint')}</span>
            {ask.busy ? (
              <button type="button" className="btn btn-danger" data-testid="ask-stop" onClick={() => void ask.stop()}>
                ■ {t('ask.stop')}
              </button>
            ) : (
              <button type="submit" className="btn btn-primary" data-testid="ask-submit" disabled={!draft.trim()}>
                {t('ask.submit')}
              </button>
            )}
          </div>
        </form>
      </div>
      <aside className="pane pane-side">
        {open && shown && open.turnKey === shown.key ? (
          <SourceViewer
            key={open.citation.chunkId}
            host={host}
            chunkId={open.citation.chunkId}
            label={`[${open.citation.n}]`}
            quote={open.citation.quote}
            onClose={() => setOpen(null)}
          />
        ) : (
          <>
            <header className="pane-head">
              <h2>{t('sources.title')}</h2>
            </header>
            {shown?.answer ? (
              <SourceCards
                citations={shown.answer.citations}
                question={shown.question}
                activeN={null}
                onOpen={(citation) => setOpen({ turnKey: shown.key, citation })}
              />
            ) : (
              <p className="muted pad">{t('sources.none')}</p>
            )}
          </>
        )}
      </aside>
    </section>
  );
}
