/**
 * The line diff behind diff(1): Myers' O(ND) greedy algorithm ("An O(ND)
 * Difference Algorithm and Its Variations", 1986) on lines interned to
 * numbers, after trimming the common prefix and suffix. The result is a
 * list of hunks of change: lines a[aStart..aEnd) replaced by b[bStart..bEnd).
 */

export interface Change {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

export function diffLines(a: string[], b: string[], key: (line: string) => string = (l) => l): Change[] {
  const ids = new Map<string, number>();
  const intern = (line: string): number => {
    const k = key(line);
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = ids.size));
    return id;
  };
  const x = a.map(intern);
  const y = b.map(intern);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const ops = myers(x.slice(start, endX), y.slice(start, endY));
  // Group consecutive edits into changes.
  const changes: Change[] = [];
  let i = 0;
  let j = 0;
  let k = 0;
  while (k < ops.length) {
    if (ops[k] === '=') {
      i++;
      j++;
      k++;
      continue;
    }
    const change: Change = { aStart: start + i, aEnd: start + i, bStart: start + j, bEnd: start + j };
    while (k < ops.length && ops[k] !== '=') {
      if (ops[k] === '-') i++;
      else j++;
      k++;
    }
    change.aEnd = start + i;
    change.bEnd = start + j;
    changes.push(change);
  }
  return changes;
}

/** The edit script as '=', '-' (delete from x) and '+' (insert from y), deletions first in each run. */
function myers(x: number[], y: number[]): string[] {
  const n = x.length;
  const m = y.length;
  if (n === 0) return Array<string>(m).fill('+');
  if (m === 0) return Array<string>(n).fill('-');
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    // Only diagonals -d-1..d+1 can be read back at this step: keep just those (O(D²) memory, not O((N+M)·D)).
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let px: number;
      if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) px = v[offset + k + 1];
      else px = v[offset + k - 1] + 1;
      let py = px - k;
      while (px < n && py < m && x[px] === y[py]) {
        px++;
        py++;
      }
      v[offset + k] = px;
      if (px >= n && py >= m) {
        found = d;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  const ops: string[] = [];
  let px = n;
  let py = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d];
    const at = (diagonal: number): number => prev[diagonal + d + 1];
    const k = px - py;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (px > prevX && py > prevY) {
      ops.push('=');
      px--;
      py--;
    }
    ops.push(down ? '+' : '-');
    if (down) py--;
    else px--;
  }
  while (px > 0 && py > 0) {
    ops.push('=');
    px--;
    py--;
  }
  ops.reverse();
  // Within each run of edits, put deletions before insertions (as GNU prints them).
  const out: string[] = [];
  for (let i = 0; i < ops.length; ) {
    if (ops[i] === '=') {
      out.push(ops[i++]);
      continue;
    }
    let del = 0;
    let ins = 0;
    while (i < ops.length && ops[i] !== '=') ops[i++] === '-' ? del++ : ins++;
    for (let t = 0; t < del; t++) out.push('-');
    for (let t = 0; t < ins; t++) out.push('+');
  }
  return out;
}
