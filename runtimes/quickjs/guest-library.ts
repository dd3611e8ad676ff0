/**
 * The guest's own library: plain JavaScript run inside QuickJS, bundled as
 * text. bootstrap.js runs in every process; the others are compiled on first
 * use (bootstrap.js `internal(name)`), so a program pays only for what it uses.
 */
import assert from './guest/assert.js?raw';
import bootstrap from './guest/bootstrap.js?raw';
import buffer from './guest/buffer.js?raw';
import clone from './guest/clone.js?raw';
import consoleLib from './guest/console.js?raw';
import errors from './guest/errors.js?raw';
import events from './guest/events.js?raw';
import fs from './guest/fs.js?raw';
import hooks from './guest/hooks.js?raw';
import http from './guest/http.js?raw';
import inspect from './guest/inspect.js?raw';
import modules from './guest/modules.js?raw';
import path from './guest/path.js?raw';
import processLib from './guest/process.js?raw';
import text from './guest/text.js?raw';
import timers from './guest/timers.js?raw';
import url from './guest/url.js?raw';
import util from './guest/util.js?raw';

export const BOOTSTRAP = bootstrap;

export const LIBRARY: Readonly<Record<string, string>> = {
  assert,
  buffer,
  clone,
  console: consoleLib,
  errors,
  events,
  fs,
  hooks,
  http,
  inspect,
  modules,
  path,
  process: processLib,
  text,
  timers,
  url,
  util,
};
