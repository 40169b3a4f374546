/**
 * A conversation: each turn asks, streams its answer from answer:* events, and can be stopped.
 * Earlier turns go along as history so that follow-up questions work.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Answer, ChatTurn } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { Host } from '../../lib/api';
import type { JobEvent, JobEvents } from '../../lib/job-events';

export interface Turn {
  key: number;
  question: string;
  askId: string | null;
  /** Streamed text so far (the final text once done). */
  text: string;
  answer: Answer | null;
  state: 'waiting' | 'streaming' | 'done' | 'stopped' | 'error';
  error?: ErrorInfo;
}

export interface AskState {
  turns: Turn[];
  busy: boolean;
  ask(question: string, collection?: string): Promise<void>;
  stop(): Promise<void>;
  reset(): void;
}

export function useAsk(host: Host, jobEvents: JobEvents): AskState {
  const [turns, setTurns] = useState<Turn[]>([]);
  const turnsRef = useRef<Turn[]>([]);
  turnsRef.current = turns;
  const nextKey = useRef(1);
  const current = useRef<{ key: number; askId: string | null; stopRequested: boolean; release?: () => void } | null>(null);

  const update = useCallback((key: number, patch: (turn: Turn) => Partial<Turn>) => {
    setTurns((all) => all.map((turn) => (turn.key === key ? { ...turn, ...patch(turn) } : turn)));
  }, []);

  useEffect(() => () => current.current?.release?.(), []);

  const ask = useCallback(
    async (question: string, collection?: string) => {
      const text = question.trim();
      if (!text || current.current) return;
      const key = nextKey.current++;
      const history: ChatTurn[] = turnsRef.current
        .filter((t) => t.state === 'done' && t.answer)
        .slice(-6)
        .map((t) => ({ question: t.question, answer: t.answer!.answer }));
      setTurns((all) => [...all, { key, question: text, askId: null, text: '', answer: null, state: 'waiting' }]);
      const run: { key: number; askId: string | null; stopRequested: boolean; release?: () => void } = { key, askId: null, stopRequested: false };
      current.current = run;
      const finish = () => {
        run.release?.();
        if (current.current === run) current.current = null;
      };
      const result = await host.api.ask({ question: text, ...(history.length ? { history } : {}), ...(collection ? { collection } : {}) });
      if (!result.ok) {
        update(key, () => ({ state: 'error', error: result.error }));
        finish();
        return;
      }
      const { askId } = result.value;
      run.askId = askId;
      update(key, () => ({ askId }));
      const onEvent = (event: JobEvent) => {
        if (event.name === 'answer:delta') {
          update(key, (turn) => ({ text: turn.text + event.payload.text, state: turn.state === 'waiting' ? 'streaming' : turn.state }));
        } else if (event.name === 'answer:done') {
          const answer = event.payload.answer;
          update(key, () => ({ answer, text: answer.answer, state: answer.cancelled ? 'stopped' : 'done' }));
          finish();
        } else if (event.name === 'answer:error') {
          const error = event.payload.error as ErrorInfo;
          update(key, () => (error.code === 'CANCELLED' ? { state: 'stopped' } : { state: 'error', error }));
          finish();
        }
      };
      run.release = jobEvents.claim(askId, onEvent);
      if (run.stopRequested) await host.api.cancelAsk({ askId });
    },
    [host, jobEvents, update],
  );

  const stop = useCallback(async () => {
    const run = current.current;
    if (!run) return;
    run.stopRequested = true;
    if (run.askId) {
      const result = await host.api.cancelAsk({ askId: run.askId });
      // Already finished: nothing to stop.
      if (!result.ok && result.error.code === 'NOT_FOUND') return;
    }
  }, [host]);

  const reset = useCallback(() => {
    if (current.current) return;
    setTurns([]);
  }, []);

  return { turns, busy: turns.some((t) => t.state === 'waiting' || t.state === 'streaming'), ask, stop, reset };
}
