/** The QuickJS chunk's entry (runtimes/programs.ts loads it): the programs that run JavaScript. */
export { js } from './js-program.js';
export { jsServe } from './serve.js';
