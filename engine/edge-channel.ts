/**
 * The kernel's side of an edge function (engine/edge-function.ts): a queue
 * of requests for one long-lived serving process, after the session
 * channel (engine/session-channel.ts). The process blocks in Op.FetchNext
 * until a request is queued, handles it, and answers with Op.FetchDone; it
 * takes the next one only then, so one process serves its requests one at
 * a time, in order.
 */
import type { HeaderList } from './http-wire.js';
import { Notifier } from './waitable.js';

export interface EdgeRequest {
  method: string;
  url: string;
  headers: HeaderList;
  /** null: no body (a GET); an empty array is an empty body. */
  body: Uint8Array<ArrayBuffer> | null;
}

export interface EdgeResponse {
  status: number;
  statusText: string;
  headers: HeaderList;
  body: Uint8Array<ArrayBuffer> | null;
}

/** What the guest said about one request: its response, or the message of what its handler threw. */
export type EdgeAnswer = { kind: 'response'; response: EdgeResponse } | { kind: 'error'; message: string };

export interface QueuedRequest {
  readonly id: number;
  readonly request: EdgeRequest;
  answer(answer: EdgeAnswer): void;
}

export interface EdgeChannelEvents {
  /** The process has taken this request: its handler runs from now (the timeout starts here). */
  started(request: QueuedRequest): void;
  /** The module could not be loaded, or has no default export with a fetch method. */
  loadFailed(message: string): void;
}

export class EdgeChannel extends Notifier {
  private readonly queue: QueuedRequest[] = [];
  private closed = false;
  /** The request being handled now. */
  current: QueuedRequest | undefined;

  constructor(private readonly events: EdgeChannelEvents) {
    super();
  }

  enqueue(request: QueuedRequest): void {
    this.queue.push(request);
    this.notify();
  }

  /** Requests not taken yet, removed from the queue (to hand them to a new process). */
  drain(): QueuedRequest[] {
    return this.queue.splice(0);
  }

  /** No more requests: a process waiting for one is told to exit. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  /**
   * The next request; null when closed and empty; undefined to wait. A
   * process that asks again while the request in hand is unanswered (its
   * handler's promise can no longer settle) waits until its timeout ends
   * it: requests are handed out one at a time.
   */
  take(): QueuedRequest | null | undefined {
    if (this.current !== undefined) return undefined;
    const next = this.queue.shift();
    if (!next) return this.closed ? null : undefined;
    this.current = next;
    this.events.started(next);
    return next;
  }

  /** The guest answered request `id`; false if that is not the request in hand. */
  done(id: number, answer: EdgeAnswer): boolean {
    const current = this.current;
    if (current === undefined || current.id !== id) return false;
    this.current = undefined;
    current.answer(answer);
    return true;
  }

  loadFailed(message: string): void {
    this.events.loadFailed(message);
  }
}
