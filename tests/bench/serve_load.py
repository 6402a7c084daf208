#!/usr/bin/env python3
"""Load test of `libaudit serve` (docs/performance.md): starts the service on the bundled rules
(rules/ntue-eam) on a free port, runs the load generator (serve_load: CONNECTIONS keep-alive
connections, REQUESTS single-student audits of examples/grad/eam-met-pending), samples the
service's resident memory every 0.2 s, and prints the generator's figures with the memory at the
start (after a warm-up of 500 requests), the end and the peak. A benchmark: no timing assertion;
it fails only when a request fails or the service does not stop cleanly.

    serve_load.py --bin LIBAUDIT --load SERVE_LOAD --root REPO [--connections 32] [--requests 20000]
"""
import argparse
import os
import resource
import json
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    """User + system CPU time of a running process (clock ticks of /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--load", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--requests", type=int, default=20000)
    p.add_argument("--threads", type=int, default=0, help="the service's threads (0: one per core)")
    a = p.parse_args()
    root = Path(a.root)
    case = root / "examples/grad/eam-met-pending"
    body = json.dumps({"records": (case / "transcript.csv").read_text(encoding="utf-8"),
                       "profiles": (case / "student.csv").read_text(encoding="utf-8"),
                       "options": {"as_of": "1141"}}, ensure_ascii=False)
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "body.json"
        body_file.write_text(body, encoding="utf-8")
        args = [a.bin, "serve", "rules/ntue-eam", "--port", "0", "--access-log", str(Path(tmp) / "access.log")]
        if a.threads:
            args += ["--threads", str(a.threads)]
        service = subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, env={"PATH": "/usr/bin:/bin", "LIBAUDIT_LANG": ""})
        port = re.search(r":(\d+)/", service.stdout.readline().decode()).group(1)
        warm = subprocess.run([a.load, port, str(body_file), "/v1/audit", str(min(a.connections, 8)), "500"],
                              capture_output=True, text=True)
        samples, done = [], threading.Event()

        def sample():
            while not done.is_set():
                samples.append(rss_kib(service.pid))
                time.sleep(0.2)

        start_rss = rss_kib(service.pid)
        start_cpu = cpu_seconds(service.pid)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        sampler = threading.Thread(target=sample)
        sampler.start()
        run = subprocess.run([a.load, port, str(body_file), "/v1/audit", str(a.connections), str(a.requests)],
                             capture_output=True, text=True)
        done.set()
        sampler.join()
        end_rss = rss_kib(service.pid)
        service_cpu = cpu_seconds(service.pid) - start_cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        load_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        service.send_signal(signal.SIGTERM)
        code = service.wait(timeout=60)
    print(run.stdout.strip() or run.stderr)
    figures = json.loads(run.stdout) if run.stdout.strip() else {}
    print(json.dumps({"rss_start_mib": round(start_rss / 1024, 1), "rss_end_mib": round(end_rss / 1024, 1),
                      "rss_peak_mib": round(max(samples or [0]) / 1024, 1), "samples": len(samples),
                      "service_cpu_us_per_request": round(service_cpu / a.requests * 1e6, 1),
                      "generator_cpu_us_per_request": round(load_cpu / a.requests * 1e6, 1),
                      "load_average": os.getloadavg()[0]}))
    ok = warm.returncode == 0 and run.returncode == 0 and figures.get("errors") == 0 and code == 0
    if not ok:
        print(f"FAIL: warm-up {warm.returncode} {warm.stderr.strip()}, run {run.returncode}, service exit {code}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
