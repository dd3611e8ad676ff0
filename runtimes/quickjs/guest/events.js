// A small EventEmitter (https://nodejs.org/api/events.html): on/once/off/emit
// and the listener queries, enough for process and process.stdin.
class EventEmitter {
  constructor() {
    this._events = Object.create(null);
  }
  on(name, listener) {
    if (typeof listener !== 'function') throw new TypeError('The "listener" argument must be of type function');
    if (!this._events) this._events = Object.create(null);
    (this._events[name] || (this._events[name] = [])).push(listener);
    if (this._onListen) this._onListen(name);
    return this;
  }
  once(name, listener) {
    const wrapper = (...args) => {
      this.off(name, wrapper);
      return listener.apply(this, args);
    };
    wrapper.listener = listener;
    return this.on(name, wrapper);
  }
  off(name, listener) {
    const list = this._events && this._events[name];
    if (!list) return this;
    const i = list.findIndex((l) => l === listener || l.listener === listener);
    if (i >= 0) list.splice(i, 1);
    return this;
  }
  removeAllListeners(name) {
    if (name === undefined) this._events = Object.create(null);
    else if (this._events) delete this._events[name];
    return this;
  }
  emit(name, ...args) {
    const list = this._events && this._events[name];
    if (!list || list.length === 0) {
      if (name === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error. (${String(args[0])})`);
      return false;
    }
    for (const l of list.slice()) l.apply(this, args);
    return true;
  }
  listenerCount(name) {
    const list = this._events && this._events[name];
    return list ? list.length : 0;
  }
  listeners(name) {
    return ((this._events && this._events[name]) || []).map((l) => l.listener || l);
  }
  eventNames() {
    return this._events ? Object.keys(this._events) : [];
  }
  setMaxListeners() {
    return this;
  }
}
EventEmitter.prototype.addListener = EventEmitter.prototype.on;
EventEmitter.prototype.removeListener = EventEmitter.prototype.off;
EventEmitter.prototype.prependListener = EventEmitter.prototype.on;
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.defaultMaxListeners = 10;
module.exports = EventEmitter;
