"""wrk scripts and results for bench/pages.py.

Every page is driven by a Lua script (wrk's ``-s``) that rotates through a list of paths,
each wrk thread from its own offset, and prints wrk's own 95th latency percentile when the
run ends (``--latency`` prints 50/75/90/99 only). The baseline's ``bench_tools.parse_wrk``
reads the rest of a result file: requests per second, percentiles, errors, and the CPU
shares run.sh recorded beside it.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
from pathlib import Path

P95 = re.compile(r"^newsroom_p95_us (\d+)$", re.M)


def _lua_string(path: str) -> str:
    # Paths are percent-encoded ASCII; escape what a Lua string cannot hold anyway.
    return "'" + path.replace("\\", "\\\\").replace("'", "\\'") + "'"


def write_script(target: Path, paths: list[str]) -> Path:
    items = ",\n".join(f"  {_lua_string(p)}" for p in paths)
    target.write_text(
        "local nthreads = 0\n"
        "function setup(thread)\n"
        "  nthreads = nthreads + 1\n"
        "  thread:set('tid', nthreads)\n"
        "end\n"
        f"local paths = {{\n{items}\n}}\n"
        "local i = 0\n"
        "function init(args) i = (tid * 17) % #paths end\n"
        "function request()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\n"
        "end\n"
        "function done(summary, latency, requests)\n"
        "  io.write(string.format('newsroom_p95_us %d\\n', latency:percentile(95)))\n"
        "end\n",
        encoding="ascii",
    )
    return target


def _parse_wrk(baseline: Path):
    sys.path.insert(0, str(baseline))
    try:
        from bench_tools import parse_wrk
    finally:
        sys.path.remove(str(baseline))
    return parse_wrk


def summarise(results: Path, baseline: Path) -> dict[str, dict[str, dict]]:
    """config -> endpoint -> medians over reps of req/s, p50/p95/p99 ms, CPU ms per request
    (app and database), errors, and the worst share of CPU other processes took."""
    parse_wrk = _parse_wrk(baseline)
    runs: dict[tuple[str, str], list[dict]] = {}
    for path in sorted(results.glob("wrk__*.txt")):
        _, config, endpoint, _rep = path.stem.split("__")
        run = parse_wrk(path)
        found = P95.search(path.read_text())
        run["p95"] = int(found.group(1)) / 1000 if found else float("nan")
        runs.setdefault((config, endpoint), []).append(run)
    cpus = os.cpu_count() or 1
    summary: dict[str, dict[str, dict]] = {}
    for (config, endpoint), reps in runs.items():
        per_request = [
            (r["app_pct"] + r["db_pct"]) / 100 * cpus * 1000 / r["rps"]
            for r in reps
            if r["app_pct"] is not None and r["rps"] > 0
        ]
        noise = [r["foreign_pct"] for r in reps if r["foreign_pct"] is not None]
        summary.setdefault(config, {})[endpoint] = {
            "rps": statistics.median(r["rps"] for r in reps),
            "p50_ms": statistics.median(r["p50"] for r in reps),
            "p95_ms": statistics.median(r["p95"] for r in reps),
            "p99_ms": statistics.median(r["p99"] for r in reps),
            "cpu_ms": statistics.median(per_request) if per_request else float("nan"),
            "errors": sum(r["non2xx"] + r["sockerr"] for r in reps),
            "noise_pct": max(noise) if noise else float("nan"),
            "reps": len(reps),
        }
    return summary


def save(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
