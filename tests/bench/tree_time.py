#!/usr/bin/env python3
"""Wall and CPU time of a command's whole process tree (docs/performance.md#printable-sheets).

`/usr/bin/time` counts only the children a process waits for; Chromium's renderer and utility
processes are not among them, so it reports a fraction of a print's CPU. This runs the command as a
child subreaper (prctl PR_SET_CHILD_SUBREAPER): orphaned descendants are reparented to it and
reaped here, and their CPU time is counted.

    tests/bench/tree_time.py COMMAND [ARG ...]   # prints one line on standard error
"""
import ctypes
import os
import resource
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main():
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    start = time.monotonic()
    child = os.fork()
    if child == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    code = None
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        if pid == child:
            code = os.waitstatus_to_exitcode(status)
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"wall {time.monotonic() - start:.2f} s, user {r.ru_utime:.2f} s, sys {r.ru_stime:.2f} s, "
          f"cpu {r.ru_utime + r.ru_stime:.2f} s, largest process {r.ru_maxrss // 1024} MiB, exit {code}", file=sys.stderr)
    return code if code is not None and code >= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
