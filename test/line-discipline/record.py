#!/usr/bin/env python3
"""Record what a real Linux pty does for each case in cases.json.

For every case: open a fresh pty pair, fork a child that makes the slave its
controlling terminal (setsid + TIOCSCTTY, so it is the foreground process
group) and reports the signals it catches through a pipe; apply the case's
stty settings to the slave; then run the steps:

  {"in": ...}        bytes written to the master (typed on the keyboard)
  {"out": ...}       bytes written to the slave (a program's output)
  {"read": N}        one non-blocking read(2) of at most N bytes from the slave
  {"poll": true}     is the slave readable (select), n_tty's input_available_p
  {"stty": [...]}    change settings mid-case (tcsetattr through stty(1))
  {"resize": [r, c]} TIOCSWINSZ on the master

Byte values are a string (UTF-8 encoded), or a list of numbers, and a step
may say "times": N to repeat its bytes. After each step the recorder waits
for the master to go quiet and stores what the master side saw ("master"),
the signals the child caught ("signals"), and the read's bytes ("read": a
list of numbers, [] for a 0-byte read, "EAGAIN" when nothing was there) or
the poll result ("readable"). The termios after setup (and after a "stty"
step) is stored with the flag names of engine/termios.ts.

Usage: python3 test/line-discipline/record.py  (rewrites expected.json)
"""
import errno
import fcntl
import json
import os
import platform
import select
import signal
import struct
import subprocess
import sys
import termios
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QUIET_S = 0.04  # the master is quiet when nothing arrives for this long
SIGNAL_NAMES = {signal.SIGINT: 'SIGINT', signal.SIGQUIT: 'SIGQUIT', signal.SIGTSTP: 'SIGTSTP', signal.SIGWINCH: 'SIGWINCH'}

IFLAGS = ['INLCR', 'IGNCR', 'ICRNL', 'ISTRIP', 'IXON', 'IXANY', 'IUTF8']
OFLAGS = ['OPOST', 'ONLCR', 'OCRNL', 'ONOCR', 'ONLRET']
LFLAGS = ['ISIG', 'ICANON', 'ECHO', 'ECHOE', 'ECHOK', 'ECHONL', 'NOFLSH', 'ECHOCTL', 'ECHOPRT', 'ECHOKE', 'IEXTEN']
CCS = ['VINTR', 'VQUIT', 'VERASE', 'VKILL', 'VEOF', 'VEOL', 'VEOL2', 'VSTART', 'VSTOP', 'VSUSP',
       'VREPRINT', 'VWERASE', 'VLNEXT', 'VDISCARD', 'VMIN', 'VTIME']


# Python's termios module lacks IUTF8; this is its value in Linux's asm-generic/termbits.h.
FLAG_VALUES = {'IUTF8': 0o40000}


def flag(name):
    return FLAG_VALUES[name] if name in FLAG_VALUES else getattr(termios, name)


def to_bytes(step, key):
    value = step[key]
    data = value.encode('utf-8') if isinstance(value, str) else bytes(value)
    return data * step.get('times', 1)


def termios_object(fd):
    """The slave's settings with the names engine/termios.ts uses (VERASE2 is ours, not Linux's)."""
    iflag, oflag, _cflag, lflag, _ispeed, _ospeed, cc = termios.tcgetattr(fd)
    def byte(v):
        return v[0] if isinstance(v, bytes) else v
    return {
        'iflag': {name: bool(iflag & flag(name)) for name in IFLAGS},
        'oflag': dict({name: bool(oflag & flag(name)) for name in OFLAGS},
                      XTABS=(oflag & termios.TABDLY) == termios.TAB3),
        'lflag': {name: bool(lflag & flag(name)) for name in LFLAGS},
        'cc': {name: byte(cc[getattr(termios, name)]) for name in CCS},
    }


def drain(fd):
    """Everything the fd gives until it stays quiet for QUIET_S."""
    got = bytearray()
    while True:
        ready, _, _ = select.select([fd], [], [], QUIET_S)
        if not ready:
            return got
        try:
            chunk = os.read(fd, 65536)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EIO):
                return got
            raise
        if not chunk:
            return got
        got += chunk


def start_child(slave_name):
    """A session leader with the slave as controlling tty; reports caught signals on a pipe."""
    sig_r, sig_w = os.pipe()
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(sig_r)
            os.close(ready_r)
            os.setsid()
            fd = os.open(slave_name, os.O_RDWR)
            fcntl.ioctl(fd, termios.TIOCSCTTY, 0)
            def report(signum, _frame):
                os.write(sig_w, bytes([signum]))
            for s in SIGNAL_NAMES:
                signal.signal(s, report)
            os.write(ready_w, b'r')
            while True:
                signal.pause()
        finally:
            os._exit(0)
    os.close(sig_w)
    os.close(ready_w)
    assert os.read(ready_r, 1) == b'r'
    os.close(ready_r)
    os.set_blocking(sig_r, False)
    return pid, sig_r


def caught(sig_r):
    time.sleep(0.01)
    try:
        return [SIGNAL_NAMES.get(b, str(b)) for b in os.read(sig_r, 64)]
    except BlockingIOError:
        return []


def stty(fd, args):
    if args:
        subprocess.run(['stty', *args], stdin=fd, check=True)


def run_case(case):
    master, slave = os.openpty()
    pid, sig_r = start_child(os.ttyname(slave))
    try:
        stty(slave, case.get('stty', []))
        os.set_blocking(slave, False)
        os.set_blocking(master, False)
        result = {'name': case['name'], 'stty': case.get('stty', []), 'termios': termios_object(slave), 'steps': []}
        for step in case['steps']:
            record = dict(step)
            if 'in' in step:
                os.write(master, to_bytes(step, 'in'))
            elif 'out' in step:
                os.write(slave, to_bytes(step, 'out'))
            elif 'read' in step:
                time.sleep(QUIET_S)
                try:
                    record['result'] = list(os.read(slave, step['read']))
                except BlockingIOError:
                    record['result'] = 'EAGAIN'
            elif 'poll' in step:
                time.sleep(QUIET_S)
                ready, _, _ = select.select([slave], [], [], 0)
                record['readable'] = bool(ready)
            elif 'stty' in step:
                stty(slave, step['stty'])
                record['termios'] = termios_object(slave)
            elif 'resize' in step:
                rows, cols = step['resize']
                fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
            else:
                raise ValueError(f"case {case['name']!r}: unknown step {step!r}")
            record['master'] = list(drain(master))
            record['signals'] = caught(sig_r)
            result['steps'].append(record)
        return result
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        for fd in (master, slave, sig_r):
            os.close(fd)


def compact_json(recorded):
    """One line per case header, termios and step, so a diff of expected.json shows which step changed."""
    def one(v):
        return json.dumps(v, ensure_ascii=False, separators=(',', ':'))
    cases = []
    for c in recorded['cases']:
        steps = ',\n'.join('   ' + one(s) for s in c['steps'])
        cases.append(f'  {{"name":{one(c["name"])},"stty":{one(c["stty"])},\n   "termios":{one(c["termios"])},\n'
                     f'   "steps":[\n{steps}]}}')
    head = f'{{"recordedOn":{one(recorded["recordedOn"])},"recordedBy":{one(recorded["recordedBy"])},\n "cases":[\n'
    return head + ',\n'.join(cases) + '\n]}\n'


def main():
    with open(os.path.join(HERE, 'cases.json')) as f:
        cases = json.load(f)
    names = [c['name'] for c in cases]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        sys.exit(f'duplicate case names: {sorted(dupes)}')
    recorded = {
        'recordedOn': f'{platform.system()} {platform.release()}',
        'recordedBy': 'test/line-discipline/record.py',
        'cases': [run_case(c) for c in cases],
    }
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        f.write(compact_json(recorded))
    print(f"recorded {len(recorded['cases'])} cases on {recorded['recordedOn']}")


if __name__ == '__main__':
    main()
