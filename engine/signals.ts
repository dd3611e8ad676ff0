/** Signal names and numbers (Linux's, signal(7)). A signal ends the process by terminating its worker. */
export const SIGNALS = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
} as const;

export type SignalName = keyof typeof SIGNALS;

/** Accepts 'SIGTERM', 'TERM', 'term' or 15; anything else is a RangeError. */
export function parseSignal(signal: unknown): SignalName {
  if (typeof signal === 'number') {
    for (const [name, n] of Object.entries(SIGNALS)) if (n === signal) return name as SignalName;
  } else if (typeof signal === 'string') {
    const upper = signal.toUpperCase();
    const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
    if (name in SIGNALS) return name as SignalName;
  }
  throw new RangeError(`unknown signal ${JSON.stringify(signal)}; expected one of ${Object.keys(SIGNALS).join(', ')}`);
}

/** What a JavaScript program's stderr says when its timeout stopped it (the guest prints it, or the kernel if the guest could not). */
export const TIME_LIMIT_MESSAGE = 'Error: the program ran past its time limit (timeoutMs) and was stopped\n';
