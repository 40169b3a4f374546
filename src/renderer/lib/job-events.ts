/**
 * Routes events to the job or answer they belong to. A job's first events can arrive before the
 * call that started it has returned its id (a small file indexes, or an extractive answer streams,
 * faster than the reply travels): events for ids nobody has claimed yet are kept for a while and
 * replayed when the id is claimed.
 */
import type { GentenEventName, GentenEvents } from '../../shared/api';
import { EVENT_NAMES } from '../../shared/bridge';
import type { Host } from './api';

export type JobEvent = { [E in GentenEventName]: { name: E; payload: GentenEvents[E] } }[GentenEventName];

const KEEP_MS = 60_000;

function idOf(event: JobEvent): string {
  const payload = event.payload;
  return 'jobId' in payload ? payload.jobId : 'runId' in payload ? payload.runId : payload.askId;
}

export class JobEvents {
  private readonly handlers = new Map<string, (event: JobEvent) => void>();
  private readonly unclaimed = new Map<string, { at: number; events: JobEvent[] }>();
  private readonly offs: Array<() => void>;

  constructor(host: Host) {
    this.offs = EVENT_NAMES.map((name) => host.on(name, (payload) => this.route({ name, payload } as JobEvent)));
  }

  /** Handles every event of `id`, starting with any that arrived before. Returns the release function. */
  claim(id: string, handler: (event: JobEvent) => void): () => void {
    this.handlers.set(id, handler);
    const early = this.unclaimed.get(id);
    this.unclaimed.delete(id);
    for (const event of early?.events ?? []) handler(event);
    return () => {
      if (this.handlers.get(id) === handler) this.handlers.delete(id);
    };
  }

  dispose(): void {
    this.offs.forEach((off) => off());
  }

  private route(event: JobEvent): void {
    const id = idOf(event);
    const handler = this.handlers.get(id);
    if (handler) {
      handler(event);
      return;
    }
    const now = Date.now();
    for (const [key, entry] of this.unclaimed) if (now - entry.at > KEEP_MS) this.unclaimed.delete(key);
    let entry = this.unclaimed.get(id);
    if (!entry) this.unclaimed.set(id, (entry = { at: now, events: [] }));
    entry.events.push(event);
  }
}
