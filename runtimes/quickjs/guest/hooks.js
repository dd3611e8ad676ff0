// The hooks of the host's event loop and module loader (guest.ts), loaded by
// the host only once a program uses what needs them.
const process = () => internal('process');
module.exports = {
  /** Run the nextTick queue; whether any ran. */
  ticks: () => process()._runTicks(),
  /** Run due timers and immediates: 0 after running some, else ms to the next ref'ed timer, or -1. */
  timers: (now) => internal('timers')._run(now),
  /** Whether the program listens to process.stdin (the loop then reads it). */
  wantsStdin: () => process()._wantsStdin(),
  stdin: (chunk) => process()._stdin(chunk),
  /** An uncaught error: 'uncaughtException' listeners take it, else it is printed; whether it was handled. */
  uncaught: (error) => internal('errors').uncaught(error),
  /** process.on('exit') listeners, once, with the final status. */
  exit: (code) => process()._emitExit(code),
  exitCode: () => process().exitCode,
  format: (value) => internal('inspect').format(value),
  cjsRequire: (filename) => internal('modules').requireMain(filename),
  builtinModuleSource: (name) => internal('modules').builtinModuleSource(name),
  cjsModuleSource: (filename) => internal('modules').cjsModuleSource(filename),
};
