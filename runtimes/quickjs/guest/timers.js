// Timers as Node has them (https://nodejs.org/api/timers.html): Timeout
// objects with ref/unref/refresh, immediates after timers, and the loop
// hook `_run(now)` that the host's event loop calls (guest.ts runUntil).
const timers = new Map(); // id -> Timeout, in creation order
const immediates = [];
let nextId = 1;

class Timeout {
  constructor(callback, delay, args, repeat) {
    if (typeof callback !== 'function') {
      const e = new TypeError(`The "callback" argument must be of type function. Received ${callback === null ? 'null' : typeof callback}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    delay = Number(delay);
    // Node: a delay outside 1..2^31-1 (or NaN) is 1 ms.
    if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
    this._id = nextId++;
    this._callback = callback;
    this._args = args;
    this._idleTimeout = delay;
    this._repeat = repeat ? delay : null;
    this._when = host('monotonic') + delay;
    this._ref = true;
    timers.set(this._id, this);
  }
  ref() { this._ref = true; return this; }
  unref() { this._ref = false; return this; }
  hasRef() { return this._ref; }
  refresh() { this._when = host('monotonic') + this._idleTimeout; return this; }
  close() { timers.delete(this._id); return this; }
  [Symbol.toPrimitive]() { return this._id; }
}

class Immediate {
  constructor(callback, args) {
    if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
    this._callback = callback;
    this._args = args;
    this._ref = true;
    this._cleared = false;
  }
  ref() { this._ref = true; return this; }
  unref() { this._ref = false; return this; }
  hasRef() { return this._ref; }
}

function clear(timer) {
  if (timer == null) return;
  if (typeof timer === 'object') timers.delete(timer._id);
  else timers.delete(Number(timer));
}

exports.setTimeout = function setTimeout(callback, delay, ...args) {
  return new Timeout(callback, delay, args, false);
};
exports.setInterval = function setInterval(callback, delay, ...args) {
  return new Timeout(callback, delay, args, true);
};
exports.clearTimeout = function clearTimeout(timer) { clear(timer); };
exports.clearInterval = function clearInterval(timer) { clear(timer); };
exports.setImmediate = function setImmediate(callback, ...args) {
  const im = new Immediate(callback, args);
  immediates.push(im);
  return im;
};
exports.clearImmediate = function clearImmediate(im) {
  if (im instanceof Immediate) im._cleared = true;
};
exports.queueMicrotask = function queueMicrotask(callback) {
  if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
  // An exception in a microtask is an uncaught exception, not a rejection.
  Promise.resolve().then(() => {
    try {
      callback();
    } catch (error) {
      if (!internal('errors').uncaught(error)) throw error;
    }
  });
};

exports.performance = {
  now: () => host('monotonic'),
  timeOrigin: host('now') - host('monotonic'),
  toJSON() {
    return { timeOrigin: this.timeOrigin };
  },
};

/**
 * One turn of the timers and check phases: every timer due at `now` in
 * Node's order, then the immediates queued before this turn. Returns 0 if
 * something ran, else ms until the next ref'ed timer, or -1 when nothing
 * keeps the process alive.
 *
 * Node's order: one list of timers per delay, in the order they were
 * armed; the list whose first timer is due soonest runs all its due
 * timers, then the next list (lib/internal/timers.js). So after
 * `setTimeout(a, 0); setTimeout(b, 10); setTimeout(c, 0)`, when all three
 * are due, c runs before b even if c was armed after b's due time (a slow
 * script).
 */
exports._run = function run(now) {
  let ran = false;
  const due = [];
  for (const t of timers.values()) if (t._when <= now) due.push(t);
  const listDue = new Map();
  for (const t of due) {
    const first = listDue.get(t._idleTimeout);
    if (first === undefined || t._when < first) listDue.set(t._idleTimeout, t._when);
  }
  due.sort(
    (a, b) =>
      listDue.get(a._idleTimeout) - listDue.get(b._idleTimeout) ||
      a._idleTimeout - b._idleTimeout ||
      a._when - b._when ||
      a._id - b._id,
  );
  for (const t of due) {
    if (!timers.has(t._id)) continue; // cleared by an earlier callback
    if (t._repeat === null) timers.delete(t._id);
    else t._when = Math.max(now, t._when) + t._repeat;
    ran = true;
    call(t._callback, t, t._args);
  }
  if (immediates.length > 0) {
    const batch = immediates.splice(0);
    for (const im of batch) {
      if (im._cleared) continue;
      ran = true;
      call(im._callback, im, im._args);
    }
  }
  if (ran) return 0;
  let next = Infinity;
  for (const t of timers.values()) if (t._ref && t._when < next) next = t._when;
  if (immediates.some((im) => !im._cleared && im._ref)) return 0;
  return next === Infinity ? -1 : Math.max(1, Math.ceil(next - now));
};

function call(callback, self, args) {
  try {
    callback.apply(self, args);
  } catch (error) {
    if (!internal('errors').uncaught(error)) throw error;
  }
}
