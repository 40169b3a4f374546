/**
 * A tiny typed event emitter for GentenEvents: every host (IPC, SSE) subscribes to the one
 * service's emitter. A listener that throws never breaks the emitter or the other listeners.
 */
import type { GentenEventName, GentenEvents } from '../../shared/api';

export type EventListener<E extends GentenEventName> = (payload: GentenEvents[E]) => void;
export type AnyEventListener = <E extends GentenEventName>(name: E, payload: GentenEvents[E]) => void;

export class GentenEmitter {
  private readonly listeners = new Map<GentenEventName, Set<(payload: never) => void>>();
  private readonly anyListeners = new Set<AnyEventListener>();

  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends GentenEventName>(name: E, listener: EventListener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => void set.delete(listener as (payload: never) => void);
  }

  /** Subscribes to every event (hosts forward them all); returns the unsubscribe function. */
  onAny(listener: AnyEventListener): () => void {
    this.anyListeners.add(listener);
    return () => void this.anyListeners.delete(listener);
  }

  emit<E extends GentenEventName>(name: E, payload: GentenEvents[E]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        (listener as EventListener<E>)(payload);
      } catch {
        // One broken subscriber must not silence the others.
      }
    }
    for (const listener of this.anyListeners) {
      try {
        listener(name, payload);
      } catch {
        // idem
      }
    }
  }

  listenerCount(): number {
    let count = this.anyListeners.size;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  clear(): void {
    this.listeners.clear();
    this.anyListeners.clear();
  }
}
