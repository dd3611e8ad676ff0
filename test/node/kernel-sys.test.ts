/** The Sys of wasmbox's own programs, over the real kernel dispatcher (in-thread harness). */
import { describe, expect, it } from 'vitest';
import { Exit, type Program } from '../../runtimes/program.js';
import { SysError } from '../../runtimes/sys.js';
import { runProgram } from '../helpers/run-program.js';

const run = (program: Program, stdin?: string) => runProgram(program, { argv: ['t'], stdin, files: { '/home/user/a.txt': 'hello\n' } });

describe('Sys over the kernel', () => {
  it('reads, writes, seeks and stats files relative to cwd', () => {
    const r = run(({ sys }) => {
      const fd = sys.open('b.txt', 'w+');
      sys.write(fd, 'abc😀');
      expect(sys.seek(fd, 0, 'set')).toBe(0);
      const buf = new Uint8Array(16);
      const n = sys.read(fd, buf);
      sys.close(fd);
      sys.write(1, new TextDecoder().decode(buf.subarray(0, n)));
      const st = sys.stat('b.txt');
      expect(st.type).toBe('file');
      expect(st.size).toBe(7);
      expect(st.mode).toBe(0o644); // 0o666 & ~umask 022
      expect(sys.lstat('/home/user').type).toBe('dir');
      return 0;
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('abc😀');
    expect(r.readFile('/home/user/b.txt')).toBe('abc😀');
  });

  it('throws SysError with errno names and strerror messages', () => {
    run(({ sys }) => {
      const error = (() => {
        try {
          sys.open('missing/x');
        } catch (e) {
          return e;
        }
      })() as SysError;
      expect(error).toBeInstanceOf(SysError);
      expect(error.code).toBe('ENOENT');
      expect(error.message).toBe('No such file or directory');
      expect(() => sys.mkdir('a.txt')).toThrow(/File exists/);
      expect(() => sys.rmdir('/home')).toThrow(/Directory not empty/);
      expect(() => sys.open('a\0b')).toThrow(/Invalid argument/);
      expect(() => sys.chdir('a.txt')).toThrow(/Not a directory/);
      expect(() => sys.read(99, new Uint8Array(1))).toThrow(/Bad file descriptor/);
      expect(sys.tryStat('nope')).toBeUndefined();
      return 0;
    });
  });

  it('lists, renames, links, chmods and resolves paths', () => {
    const r = run(({ sys }) => {
      sys.mkdir('d');
      sys.writeFile('d/x', 'x');
      sys.rename('d/x', 'd/y');
      sys.symlink('../a.txt', 'd/link');
      sys.link('a.txt', 'hard');
      sys.chmod('d/y', 0o700);
      sys.utimes('d/y', 1_000_000, 2_000_000);
      sys.chdir('d');
      expect(sys.cwd).toBe('/home/user/d');
      expect(sys.readdir('.').sort()).toEqual(['link', 'y']);
      expect(sys.readlink('link')).toBe('../a.txt');
      expect(sys.realpath('link')).toBe('/home/user/a.txt');
      expect(sys.lstat('link').type).toBe('symlink');
      expect(sys.stat('y').mode).toBe(0o700);
      expect(sys.stat('y').mtimeMs).toBe(2_000_000);
      expect(sys.stat('../hard').nlink).toBe(2);
      expect(sys.resolve('../../x/./y/..')).toBe('/home/x');
      return 0;
    });
    expect(r.exitCode).toBe(0);
  });

  it('lists a directory larger than one readdir batch', () => {
    run(({ sys }) => {
      sys.mkdir('many');
      for (let i = 0; i < 1500; i++) sys.writeFile(`many/f${i}`, '');
      expect(sys.readdir('many').length).toBe(1500);
      return 0;
    });
  });

  it('makes pipes and moves fds with dup and dup2', () => {
    const r = run(({ sys }) => {
      const [rd, wr] = sys.pipe();
      sys.write(wr, 'through the pipe');
      sys.close(wr);
      const buf = new Uint8Array(64);
      const n = sys.read(rd, buf);
      expect(sys.read(rd, buf.subarray(n))).toBe(0); // EOF: no writer left
      const saved = sys.dup(1, 10);
      expect(saved).toBeGreaterThanOrEqual(10);
      const fd = sys.open('out.txt', 'w');
      sys.dup2(fd, 1);
      sys.close(fd);
      sys.write(1, new TextDecoder().decode(buf.subarray(0, n)));
      sys.dup2(saved, 1);
      sys.close(saved);
      sys.write(1, 'back on stdout');
      return 0;
    });
    expect(r.stdout).toBe('back on stdout');
    expect(r.readFile('/home/user/out.txt')).toBe('through the pipe');
  });

  it('reads stdin to EOF and turns Exit and crashes into statuses', () => {
    const cat: Program = ({ sys }) => {
      const buf = new Uint8Array(4);
      for (let n; (n = sys.read(0, buf)) > 0; ) sys.write(1, buf.slice(0, n));
      throw new Exit(3);
    };
    const r = run(cat, 'some input that is longer than the buffer');
    expect(r.stdout).toBe('some input that is longer than the buffer');
    expect(r.exitCode).toBe(3);
    const crash = run(() => {
      throw new TypeError('oops');
    });
    expect(crash.exitCode).toBe(70);
    expect(crash.stderr).toMatch(/^t: internal error: TypeError: oops/);
  });

  it('has no process table in the in-thread harness', () => {
    run(({ sys }) => {
      expect(() => sys.spawn({ argv: ['true'], env: {} })).toThrow(/Function not implemented/);
      return 0;
    });
  });
});
