/**
 * Prompt strings (PS1, PS2) with bash's backslash escapes (bash(1),
 * "PROMPTING"): \u user, \h host up to the first dot, \H host, \w the
 * working directory with $HOME as ~, \W its last component, \$ '#' for
 * root and '$' otherwise, \s the shell's name, \v its version, \j the
 * number of jobs, \t \T \@ \A \d the time and date, \n \r \a \e \\ and
 * \NNN octal characters; \[ \] (around escape sequences that take no
 * room) are dropped. Parameter expansion of the result (bash's
 * `promptvars`) is not done.
 */

/** The machine's name, as `hostname` and \h show it. */
export const HOSTNAME = 'wasmbox';
/** The default PS1: `user@wasmbox:~/src$ `. */
export const DEFAULT_PS1 = '\\u@\\h:\\w\\$ ';
export const DEFAULT_PS2 = '> ';

export interface PromptContext {
  user: string;
  home: string | undefined;
  cwd: string;
  jobs: number;
  now: Date;
  /** The effective uid: 0 shows '#'. */
  uid: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number) => String(n).padStart(2, '0');

/** $HOME at the start of the path becomes `~` (only at a component boundary). */
export function tildePath(cwd: string, home: string | undefined): string {
  if (!home || home === '/') return cwd;
  if (cwd === home) return '~';
  return cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd;
}

export function expandPrompt(template: string, ctx: PromptContext): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '\\' || i + 1 >= template.length) {
      out += c;
      continue;
    }
    const e = template[++i]!;
    const h = ctx.now.getHours();
    switch (e) {
      case 'u':
        out += ctx.user;
        break;
      case 'h':
        out += HOSTNAME.split('.')[0];
        break;
      case 'H':
        out += HOSTNAME;
        break;
      case 'w':
        out += tildePath(ctx.cwd, ctx.home);
        break;
      case 'W': {
        const path = tildePath(ctx.cwd, ctx.home);
        out += path === '/' || path === '~' ? path : path.slice(path.lastIndexOf('/') + 1);
        break;
      }
      case '$':
        out += ctx.uid === 0 ? '#' : '$';
        break;
      case 's':
        out += 'sh';
        break;
      case 'v':
      case 'V':
        out += '1.0';
        break;
      case 'j':
        out += String(ctx.jobs);
        break;
      case 't':
        out += `${pad(h)}:${pad(ctx.now.getMinutes())}:${pad(ctx.now.getSeconds())}`;
        break;
      case 'T':
        out += `${pad(h % 12 || 12)}:${pad(ctx.now.getMinutes())}:${pad(ctx.now.getSeconds())}`;
        break;
      case '@':
        out += `${pad(h % 12 || 12)}:${pad(ctx.now.getMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
        break;
      case 'A':
        out += `${pad(h)}:${pad(ctx.now.getMinutes())}`;
        break;
      case 'd':
        out += `${DAYS[ctx.now.getDay()]} ${MONTHS[ctx.now.getMonth()]} ${pad(ctx.now.getDate())}`;
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'e':
        out += '\x1b';
        break;
      case '\\':
        out += '\\';
        break;
      case '[':
      case ']':
        break;
      default: {
        const octal = /^[0-7]{3}/.exec(template.slice(i));
        if (octal) {
          out += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
          i += 2;
        } else out += `\\${e}`;
      }
    }
  }
  return out;
}
