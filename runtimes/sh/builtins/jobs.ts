/** `jobs`, `wait` and `kill` over the shell's job table (jobs.ts). */
import type { Builtin } from './index.js';
import type { Shell } from '../interpreter.js';
import type { Job } from '../jobs.js';
import { SysError } from '../../sys.js';

/** `%1`, `%%`, `%+`, `%-`, `%name`: the job meant, or undefined. */
function jobSpec(sh: Shell, spec: string): Job | undefined {
  const jobs = sh.jobs;
  if (spec === '%%' || spec === '%+' || spec === '%') return jobs.current();
  if (spec === '%-') return jobs.list()[jobs.list().length - 2];
  if (/^%[0-9]+$/.test(spec)) return jobs.byId(Number(spec.slice(1)));
  const prefix = spec.slice(1);
  return jobs.list().find((j) => j.command.startsWith(prefix));
}

const jobs: Builtin = (sh, args) => {
  const pidsOnly = args.includes('-p');
  sh.jobs.poll(sh.sys);
  const list = [...sh.jobs.list()];
  list.forEach((job, i) => {
    const done = sh.jobs.isDone(job);
    const mark = i === list.length - 1 ? '+' : i === list.length - 2 ? '-' : ' ';
    if (pidsOnly) {
      sh.sys.write(1, `${job.pids[0]}\n`);
      return;
    }
    const status = sh.jobs.statusOf(job);
    const state = !done ? 'Running' : status === 0 ? 'Done' : `Exit ${status}`;
    const line = `[${job.id}]${mark}  ${state.padEnd(24)}${job.command}${done ? '' : ' &'}`;
    sh.sys.write(1, `${line}\n`);
    if (done) sh.jobs.remove(job);
  });
  return 0;
};

const wait: Builtin = (sh, args) => {
  const specs = args.slice(1).filter((a) => a !== '-n' && a !== '-f');
  if (specs.length === 0) {
    for (const job of [...sh.jobs.list()]) {
      sh.jobs.waitFor(sh.sys, job);
      sh.jobs.remove(job);
    }
    return 0;
  }
  let status = 0;
  for (const spec of specs) {
    if (spec.startsWith('%')) {
      const job = jobSpec(sh, spec);
      if (!job) {
        sh.error(`wait: ${spec}: no such job`);
        status = 127;
        continue;
      }
      status = sh.jobs.waitFor(sh.sys, job);
      sh.jobs.remove(job);
      continue;
    }
    if (!/^[0-9]+$/.test(spec)) {
      sh.error(`wait: \`${spec}': not a pid or valid job spec`);
      status = 2;
      continue;
    }
    const pid = Number(spec);
    const job = sh.jobs.byPid(pid);
    if (job) {
      sh.jobs.waitFor(sh.sys, job);
      status = job.done.get(pid) ?? 127;
      if (sh.jobs.isDone(job)) sh.jobs.remove(job);
      continue;
    }
    const reaped = sh.jobs.reapedStatus(pid);
    if (reaped !== undefined) {
      status = reaped;
      continue;
    }
    sh.error(`wait: pid ${pid} is not a child of this shell`);
    status = 127;
  }
  return status;
};

const SIGNAL_NUMBERS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, CONT: 18, STOP: 19, TSTP: 20 };

/** The signal's name for sys.kill; 'SIG0' for signal 0 (only check that the process exists). */
function signalFromSpec(spec: string): string | undefined {
  if (spec === '0') return 'SIG0';
  if (/^[0-9]+$/.test(spec)) {
    const name = Object.keys(SIGNAL_NUMBERS).find((k) => SIGNAL_NUMBERS[k] === Number(spec));
    return name ? `SIG${name}` : undefined;
  }
  const name = spec.toUpperCase().replace(/^SIG/, '');
  return name in SIGNAL_NUMBERS ? `SIG${name}` : undefined;
}

const kill: Builtin = (sh, args) => {
  let signal = 'SIGTERM';
  let i = 1;
  if (args[i] === '-l' || args[i] === '-L') {
    const specs = args.slice(i + 1);
    if (specs.length === 0) {
      sh.sys.write(1, `${Object.keys(SIGNAL_NUMBERS).join(' ')}\n`);
      return 0;
    }
    for (const spec of specs) {
      // A number names its signal (128+n from an exit status works too); a name gives its number.
      const n = Number(spec) > 128 ? Number(spec) - 128 : Number(spec);
      const name = /^[0-9]+$/.test(spec) ? Object.keys(SIGNAL_NUMBERS).find((k) => SIGNAL_NUMBERS[k] === n) : undefined;
      const number = SIGNAL_NUMBERS[spec.toUpperCase().replace(/^SIG/, '')];
      if (name === undefined && number === undefined) {
        sh.error(`kill: ${spec}: invalid signal specification`);
        return 1;
      }
      sh.sys.write(1, `${name ?? number}\n`);
    }
    return 0;
  }
  if (args[i] === '-s' || args[i] === '-n') {
    const s = args[i + 1] === undefined ? undefined : signalFromSpec(args[i + 1]);
    if (!s) {
      sh.error(`kill: ${args[i + 1] ?? ''}: invalid signal specification`);
      return 1;
    }
    signal = s;
    i += 2;
  } else if (args[i]?.startsWith('-') && args[i] !== '--') {
    const s = signalFromSpec(args[i].slice(1));
    if (!s) {
      sh.error(`kill: ${args[i].slice(1)}: invalid signal specification`);
      return 1;
    }
    signal = s;
    i++;
  }
  if (args[i] === '--') i++;
  if (i >= args.length) {
    sh.error('kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]');
    return 2;
  }
  let status = 0;
  for (const target of args.slice(i)) {
    let pids: number[];
    if (target.startsWith('%')) {
      const job = jobSpec(sh, target);
      if (!job) {
        sh.error(`kill: ${target}: no such job`);
        status = 1;
        continue;
      }
      pids = job.pids;
    } else if (/^-?[0-9]+$/.test(target)) pids = [Number(target)];
    else {
      sh.error(`kill: ${target}: arguments must be process or job IDs`);
      status = 1;
      continue;
    }
    for (const pid of pids) {
      try {
        if (signal === 'SIG0') {
          if (pid !== sh.sys.pid && pid !== sh.shellPid && !sh.jobs.byPid(pid)) throw new SysError('ESRCH', 'kill');
          continue;
        }
        // A signal to this shell with a trap set runs the trap (a wasmbox signal would end the worker).
        if (pid === sh.sys.pid || pid === sh.shellPid) {
          const action = sh.traps.get(signal.replace(/^SIG/, ''));
          if (action !== undefined) {
            if (action !== '') sh.runTrap(action);
            continue;
          }
        }
        sh.sys.kill(pid, signal);
      } catch (error) {
        if (!(error instanceof SysError)) throw error;
        sh.error(`kill: (${pid}) - ${error.message}`);
        status = 1;
      }
    }
  }
  return status;
};

/**
 * `fg [%job]`: a background job comes to the foreground: its process group
 * gets the terminal (job-control.ts), so ^C reaches it, and the shell waits
 * for it. Jobs never stop here (no SIGTSTP), so there is no `bg`.
 */
const fg: Builtin = (sh, args) => {
  if (!sh.jobControl) {
    sh.error('fg: no job control');
    return 1;
  }
  sh.jobs.poll(sh.sys);
  const spec = args[1] ?? '%%';
  const job = jobSpec(sh, spec);
  if (!job || job.inherited) {
    sh.error(`fg: ${args[1] ?? 'current'}: no such job`);
    return 1;
  }
  sh.sys.write(1, `${job.command}\n`);
  sh.jobControl.resume(job.pids[0]!);
  try {
    return sh.jobs.waitFor(sh.sys, job);
  } finally {
    sh.jobControl.reclaim();
    sh.jobs.remove(job);
  }
};

export const JOB_BUILTINS: Record<string, Builtin> = { jobs, wait, kill, fg };
