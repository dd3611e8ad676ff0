// Node's path module, POSIX flavour (https://nodejs.org/api/path.html).
function assertPath(p, name = 'path') {
  if (typeof p !== 'string') {
    const e = new TypeError(`The "${name}" argument must be of type string. Received ${p === null ? 'null' : typeof p}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
}
function normalizeParts(path, allowAboveRoot) {
  const out = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (allowAboveRoot) out.push('..');
      continue;
    }
    out.push(part);
  }
  return out;
}
const path = {
  sep: '/',
  delimiter: ':',
  resolve(...paths) {
    let resolved = '';
    for (let i = paths.length - 1; i >= -1 && !resolved.startsWith('/'); i--) {
      const p = i >= 0 ? paths[i] : host('cwd');
      assertPath(p, `paths[${i}]`);
      if (p === '') continue;
      resolved = resolved === '' ? p : `${p}/${resolved}`;
    }
    return `/${normalizeParts(resolved, false).join('/')}`;
  },
  normalize(p) {
    assertPath(p);
    if (p === '') return '.';
    const abs = p.startsWith('/');
    const trailing = p.endsWith('/');
    let out = normalizeParts(p, !abs).join('/');
    if (out === '' && !abs) out = '.';
    if (out !== '' && trailing) out += '/';
    return abs ? `/${out}` : out;
  },
  isAbsolute(p) {
    assertPath(p);
    return p.startsWith('/');
  },
  join(...parts) {
    for (const p of parts) assertPath(p);
    const joined = parts.filter((p) => p !== '').join('/');
    return joined === '' ? '.' : path.normalize(joined);
  },
  relative(from, to) {
    assertPath(from, 'from');
    assertPath(to, 'to');
    const f = path.resolve(from).split('/').filter(Boolean);
    const t = path.resolve(to).split('/').filter(Boolean);
    let i = 0;
    while (i < f.length && i < t.length && f[i] === t[i]) i++;
    return [...f.slice(i).map(() => '..'), ...t.slice(i)].join('/');
  },
  dirname(p) {
    assertPath(p);
    if (p === '') return '.';
    const trimmed = p.replace(/\/+$/, '');
    if (trimmed === '') return '/';
    const i = trimmed.lastIndexOf('/');
    if (i < 0) return '.';
    if (i === 0) return '/';
    return trimmed.slice(0, i).replace(/\/+$/, '') || '/';
  },
  basename(p, ext) {
    assertPath(p);
    const trimmed = p.replace(/\/+$/, '');
    let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
    if (ext !== undefined && base.endsWith(ext) && base !== ext) base = base.slice(0, -ext.length);
    return base;
  },
  extname(p) {
    assertPath(p);
    const base = path.basename(p);
    const i = base.lastIndexOf('.');
    return i <= 0 || base === '..' ? '' : base.slice(i);
  },
  parse(p) {
    assertPath(p);
    const root = p.startsWith('/') ? '/' : '';
    const base = path.basename(p);
    const ext = path.extname(p);
    let dir = path.dirname(p);
    if (dir === '.' && !p.includes('/')) dir = '';
    return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
  },
  format(o) {
    const dir = o.dir || o.root || '';
    const base = o.base || `${o.name || ''}${o.ext ? (o.ext.startsWith('.') ? o.ext : `.${o.ext}`) : ''}`;
    if (!dir) return base;
    return dir === o.root ? `${dir}${base}` : `${dir}/${base}`;
  },
  toNamespacedPath: (p) => p,
};
path.posix = path;
path.win32 = path;
module.exports = path;
