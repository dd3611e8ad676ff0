// Uncaught exceptions as Node treats them: 'uncaughtException' listeners
// take them; without one the error's stack goes to stderr and the process
// exits with status 1 (https://nodejs.org/api/process.html#event-uncaughtexception).
exports.uncaught = function uncaught(error) {
  // process.exit() unwinds with a ProcessExit: the exit is already under way, there is nothing to report.
  if (error instanceof internal('process')._ProcessExit) return false;
  const process = globalThis.process;
  if (process && process.listenerCount('uncaughtException') > 0) {
    try {
      process.emit('uncaughtException', error, 'uncaughtException');
      return true;
    } catch (again) {
      error = again;
    }
  }
  exports.report(error);
  host('exit', 1);
  return false;
};

/** What Node prints for an uncaught error: its inspection (the stack and any own properties). */
exports.report = function report(error) {
  let text;
  try {
    // Node prints a thrown non-error as console.log would (a string bare), below the throw's source line.
    text = typeof error === 'string' ? error : internal('inspect').inspect(error);
  } catch {
    text = String(error && error.stack ? error.stack : error);
  }
  host('write', 2, `${text}\n`);
};
