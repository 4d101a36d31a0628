"""Speed and memory of gametoolkit against pygambit on large game trees.

Run by hand (it is not a test)::

    python benchmarks/build.py                      # 2^14, 2^16, 2^18, 2^20 leaves
    python benchmarks/build.py --sizes 14 16 --pygambit-max 14

The game is a perfect-information binary tree of depth ``N`` (``2^N`` leaves,
``2^(N+1) - 1`` nodes): two players alternate, every decision node is its own
information set, and every leaf has its own outcome with distinct integer payoffs.
That is the worst case for pygambit 16.7, whose outcome-label checks make reading and
building quadratic in the number of distinct outcomes.

Each measurement runs in a fresh child process (this same file with ``--child``), so
peak memory (``ru_maxrss``) belongs to one phase of one size only:

* ``ours-build``: write the model with the DSL (``decision``/``leaf``/``game``),
  which builds and validates it; then write it as ``.efg``.
* ``ours-read``: read an ``.efg`` of it (parse, build, validate).
* ``pygambit-build``: the same tree through pygambit's API, then ``to_efg``.
* ``pygambit-read``: ``pygambit.read_efg`` on the same file as ``ours-read``.
* ``bridge``: ``to_pygambit(game, labels=False)`` and ``from_pygambit`` on the game.

Both readers read the *plain* file: ours as written, less the information-set labels
(every set of the DSL model has a name, which our writer writes).  pygambit checks each
set's label against all others of its player, so labelled sets make its reader
quadratic with a large constant (about 12 s at 2^12 leaves, against 0.06 s without);
the plain file is pygambit's best case, and the comparison is made there.
``--labelled-probe K`` times both readers on the labelled file at 2^K leaves.

Then ``gametoolkit convert FILE.efg -o OUT.efg`` and a pygambit read + write script are
timed as whole processes on the plain 2^16-leaf file (``--convert-size``).

``whole``: at every size, ``gametoolkit convert FILE.efg -o OUT.efg`` and ``gametoolkit
solve FILE.efg --concept spe --json`` on the file the DSL wrote, each a whole process
(start-up included), with its peak memory (``wait4``'s ``ru_maxrss``); both go through
the array path (:mod:`gametoolkit.io.efg.arrays`, :mod:`gametoolkit.solvers.spe_arrays`).

Targets, printed as PASS/FAIL: time per node roughly constant up to the largest size
(the slowest size within 1.5x of the fastest, per phase), ``convert`` at least 20x
faster than pygambit (the goal is 50x), at most 1 KB of peak memory per node, and at
2^20 leaves whole-process ``convert`` within 8 s and ``solve --concept spe`` within 15 s
(at most 1 KB a node, the whole process's peak).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PLAYERS = ("P1", "P2")
#: pygambit refuses to run above this many leaves (2^k) unless asked.
DEFAULT_PYGAMBIT_MAX = 16
LINEAR_TOLERANCE = 1.5
CONVERT_SPEEDUP = 20.0
#: Whole-process limits at 2^20 leaves (seconds): ``convert`` and ``solve --concept spe``.
WHOLE_LIMITS = {"convert": 8.0, "spe": 15.0}
WHOLE_AT = 20
BYTES_PER_NODE = 1024


# ---------------------------------------------------------------------- measured work
def _rss_kib() -> int:
    """Peak resident memory of this process so far, in KiB.

    Linux's ``VmHWM`` where there is one: ``ru_maxrss`` of a child started by
    ``subprocess`` begins at its parent's peak, which hides a small child's own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def build_spec(depth: int) -> Any:
    """The DSL spec of the binary tree, bottom-up, one level at a time (no recursion).

    Leaf ``i`` (left to right) pays ``(i, -i)``; node ``j`` of level ``d`` is the
    information set ``d.j`` of the player moving at that level.
    """
    from gametoolkit.core.builder import gc_paused
    from gametoolkit.core.dsl import decision, leaf

    with gc_paused():  # millions of spec objects, no cycles: see README
        level: list[Any] = [leaf(i, -i) for i in range(2**depth)]
        for d in range(depth - 1, -1, -1):
            player = PLAYERS[d % 2]
            level = [decision(player, f"{d}.{j}", L=level[2 * j], R=level[2 * j + 1]) for j in range(len(level) // 2)]
    return level[0]


def child_ours_build(depth: int, path: Path) -> dict[str, Any]:
    from gametoolkit.core.dsl import game

    efg = _efg_module()
    base = _rss_kib()
    t0 = time.perf_counter()
    spec = build_spec(depth)
    t1 = time.perf_counter()
    g = game(f"binary tree of depth {depth}", PLAYERS, spec)
    t2 = time.perf_counter()
    del spec
    built_kib = _rss_kib()  # the DSL's peak: spec, builder and game at once
    result: dict[str, Any] = {"nodes": len(g.nodes), "spec": t1 - t0, "game": t2 - t1, "build": t2 - t0}
    if efg is not None:
        t3 = time.perf_counter()
        efg.write_efg(g, path)
        result["write"] = time.perf_counter() - t3
        result["bytes"] = path.stat().st_size
    result["base_kib"] = base
    result["build_kib"] = built_kib
    result["peak_kib"] = _rss_kib()  # with the .efg write
    return result


def plain_copy(path: Path) -> Path:
    """The file without information-set labels (``p "" 1 7 "3.2" {`` -> ``p "" 1 7 "" {``)."""
    out = path.with_name(path.stem + "-plain.efg")
    unlabel = re.compile(r'^(p "(?:[^"\\]|\\.)*" \d+ \d+ )"(?:[^"\\]|\\.)*"')
    with path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            dst.write(unlabel.sub(r'\1""', line, count=1))
    return out


def child_ours_read(depth: int, path: Path) -> dict[str, Any]:
    efg = _efg_module()
    if efg is None:
        return {"error": "gametoolkit.io.efg is not there yet"}
    base = _rss_kib()
    t0 = time.perf_counter()
    g = efg.read_efg(path)
    t1 = time.perf_counter()
    return {"nodes": len(g.nodes), "read": t1 - t0, "base_kib": base, "peak_kib": _rss_kib()}


def child_pygambit_build(depth: int, path: Path) -> dict[str, Any]:
    import pygambit

    base = _rss_kib()
    t0 = time.perf_counter()
    g = pygambit.Game.new_tree(players=list(PLAYERS), title=f"binary tree of depth {depth}")
    frontier = [g.root]
    for d in range(depth):
        player = g.players[PLAYERS[d % 2]]
        below = []
        for node in frontier:
            g.append_move(node, player, ["L", "R"])
            below.extend(node.children)
        frontier = below
    for i, node in enumerate(frontier):  # left to right, as in prefix order
        g.set_outcome(node, g.add_outcome(f"o{i + 1}", [i, -i]))
    t1 = time.perf_counter()
    out = path.with_name(path.stem + "-pygambit.efg")
    g.to_efg(str(out))
    t2 = time.perf_counter()
    out.unlink()
    return {"nodes": len(g.nodes), "build": t1 - t0, "write": t2 - t1, "base_kib": base, "peak_kib": _rss_kib()}


def child_pygambit_read(depth: int, path: Path) -> dict[str, Any]:
    import pygambit

    base = _rss_kib()
    t0 = time.perf_counter()
    g = pygambit.read_efg(str(path))
    t1 = time.perf_counter()
    return {"nodes": len(g.nodes), "read": t1 - t0, "base_kib": base, "peak_kib": _rss_kib()}


def child_bridge(depth: int, path: Path) -> dict[str, Any]:
    """to_pygambit without node and set labels (pygambit's label checks are quadratic)."""
    from gametoolkit.core.dsl import game
    from gametoolkit.io.pygambit import from_pygambit, to_pygambit

    ours = game(f"binary tree of depth {depth}", PLAYERS, build_spec(depth))
    t0 = time.perf_counter()
    g = to_pygambit(ours, labels=False)
    t1 = time.perf_counter()
    back = from_pygambit(g)
    t2 = time.perf_counter()
    shape = [(v.kind, v.parent, v.action, v.player, v.outcome) for v in ours.nodes]
    same = back.outcomes == ours.outcomes and shape == [
        (v.kind, v.parent, v.action, v.player, v.outcome) for v in back.nodes
    ]
    return {"nodes": len(ours.nodes), "to": t1 - t0, "from": t2 - t1, "equal": same}


def child_arrays(depth: int, path: Path) -> dict[str, Any]:
    """The array path in one process: scan, write back, solve for the SPE and its JSON."""
    from gametoolkit.io.efg.arrays import read_efg_arrays, write_efg_arrays
    from gametoolkit.solvers.spe_arrays import backward_induction, spe_json

    base = _rss_kib()
    t0 = time.perf_counter()
    arrays = read_efg_arrays(path)
    t1 = time.perf_counter()
    if arrays is None:
        return {"error": "the scan declined the file"}
    out = path.with_name(path.stem + "-arrays.efg")
    write_efg_arrays(arrays, out)
    t2 = time.perf_counter()
    out.unlink()
    found = backward_induction(arrays)
    t3 = time.perf_counter()
    text = spe_json(arrays, found) if found is not None else ""
    t4 = time.perf_counter()
    return {
        "nodes": arrays.size, "scan": t1 - t0, "awrite": t2 - t1, "solve": t3 - t2, "json": t4 - t3,
        "json_bytes": len(text), "base_kib": base, "peak_kib": _rss_kib(),
    }


CHILDREN = {
    "arrays": child_arrays,
    "ours-build": child_ours_build,
    "ours-read": child_ours_read,
    "pygambit-build": child_pygambit_build,
    "pygambit-read": child_pygambit_read,
    "bridge": child_bridge,
}


def _efg_module() -> Any:
    try:
        from gametoolkit.io import efg
    except ImportError:
        return None
    return efg


# ---------------------------------------------------------------------- orchestration
def run_child(kind: str, depth: int, path: Path, timeout: float) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return what it printed (JSON)."""
    cmd = [sys.executable, __file__, "--child", kind, "--depth", str(depth), "--file", str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {done.returncode}: {tail}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def time_process(cmd: list[str], timeout: float) -> tuple[float | None, str]:
    """Wall time of a whole process (start-up included), or None and why not."""
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:.0f} s"
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"exit {done.returncode}: {tail}"
    return elapsed, ""


def time_whole(cmd: list[str], timeout: float) -> dict[str, Any]:
    """Wall time and peak memory (KiB) of one whole process, its output thrown away."""
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = t0 + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.kill()
            child.wait()
            return {"error": f"timed out after {timeout:.0f} s"}
        time.sleep(0.02)
    elapsed = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if child.returncode:
        return {"error": f"exit {child.returncode}: {(err.strip().splitlines() or ['no output'])[-1]}"}
    return {"seconds": elapsed, "peak_kib": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}


def whole_processes(k: int, path: Path, workdir: Path, timeout: float) -> dict[str, Any]:
    """``convert`` and ``solve --concept spe --json`` on ``path`` as whole processes."""
    gtk = [sys.executable, "-m", "gametoolkit"]
    return {
        "convert": time_whole([*gtk, "convert", str(path), "-o", str(workdir / f"whole-{k}.efg"), "-q"], timeout),
        "spe": time_whole([*gtk, "solve", str(path), "--concept", "spe", "--json"], timeout),
    }


def bytes_per_node(r: dict[str, Any], key: str = "peak_kib") -> float | None:
    if key not in r or not r.get("nodes"):
        return None
    return float((r[key] - r["base_kib"]) * 1024 / r["nodes"])


def fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[14, 16, 18, 20], metavar="K", help="2^K leaves")
    parser.add_argument(
        "--pygambit-max",
        type=int,
        default=DEFAULT_PYGAMBIT_MAX,
        metavar="K",
        help=f"run pygambit only up to 2^K leaves (default {DEFAULT_PYGAMBIT_MAX}; its read is quadratic)",
    )
    parser.add_argument("--convert-size", type=int, default=16, metavar="K", help="the file for the convert race")
    parser.add_argument(
        "--labelled-probe", type=int, default=12, metavar="K", help="both readers on the labelled file at 2^K"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per child process")
    parser.add_argument("--no-bridge", action="store_true", help="skip to_pygambit/from_pygambit timings")
    parser.add_argument("--workdir", type=Path, help="keep the .efg files here (default: a temporary directory)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every measurement as JSON")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--depth", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(CHILDREN[args.child](args.depth, args.file)))
        return 0

    try:  # without importing it: this process stays small
        pg_version: str | None = importlib.metadata.version("pygambit")
    except importlib.metadata.PackageNotFoundError:
        pg_version = None
    has_efg = _efg_module() is not None

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="gtk-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, pygambit {pg_version or 'not installed'}, {os.cpu_count()} CPUs")
    if not has_efg:
        print("gametoolkit.io.efg is not there yet: no .efg write/read, no convert race")
    sizes = sorted(set(args.sizes) | ({args.convert_size} if has_efg else set()))
    rows: dict[int, dict[str, dict[str, Any]]] = {}
    try:
        for k in sizes:
            path = workdir / f"binary-{k}.efg"
            row: dict[str, dict[str, Any]] = {}
            row["ours-build"] = run_child("ours-build", k, path, args.timeout)
            plain = plain_copy(path) if path.exists() else None
            if plain is not None:
                row["ours-read"] = run_child("ours-read", k, plain, args.timeout)
            if pg_version and k <= args.pygambit_max:
                row["pygambit-build"] = run_child("pygambit-build", k, path, args.timeout)
                if plain is not None:
                    row["pygambit-read"] = run_child("pygambit-read", k, plain, args.timeout)
                if not args.no_bridge:
                    row["bridge"] = run_child("bridge", k, path, args.timeout)
            if path.exists():
                row["arrays"] = run_child("arrays", k, path, args.timeout)
                row["whole"] = whole_processes(k, path, workdir, args.timeout)
            rows[k] = row
            print(f"  2^{k}: {json.dumps(row)}", file=sys.stderr)
        convert = race(workdir / f"binary-{args.convert_size}-plain.efg", workdir, args.timeout, pg_version, has_efg)
        probe = labelled_probe(args.labelled_probe, workdir, args.timeout) if pg_version and has_efg else {}
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    report(rows, [k for k in sorted(rows) if k in args.sizes], args.pygambit_max, pg_version, convert, probe)
    if args.json:
        args.json.write_text(json.dumps({"sizes": rows, "convert": convert, "labelled": probe}, indent=1))
    return 0


def race(path: Path, workdir: Path, timeout: float, pg_version: str | None, has_efg: bool) -> dict[str, Any]:
    """``gametoolkit convert`` against a pygambit read + write, each a whole process."""
    result: dict[str, Any] = {"file": path.name}
    if not has_efg or not path.exists():
        result["error"] = "no .efg file (gametoolkit.io.efg is not there yet)"
        return result
    ours_cmd = [sys.executable, "-m", "gametoolkit", "convert", str(path), "-o", str(workdir / "ours-out.efg"), "-q"]
    result["ours"], result["ours_error"] = time_process(ours_cmd, timeout)
    if pg_version:
        script = "import sys, pygambit; pygambit.read_efg(sys.argv[1]).to_efg(sys.argv[2])"
        pg_cmd = [sys.executable, "-c", script, str(path), str(workdir / "pygambit-out.efg")]
        result["pygambit"], result["pygambit_error"] = time_process(pg_cmd, timeout)
    return result


def labelled_probe(k: int, workdir: Path, timeout: float) -> dict[str, Any]:
    """Both readers on the file as we write it, information-set labels and all."""
    path = workdir / f"binary-{k}.efg"
    if not path.exists():
        made = run_child("ours-build", k, path, timeout)
        if "error" in made:
            return {"k": k, "ours": made, "pygambit": made}
    return {
        "k": k,
        "ours": run_child("ours-read", k, path, timeout),
        "pygambit": run_child("pygambit-read", k, path, timeout),
    }


def report(
    rows: dict[int, dict[str, dict[str, Any]]],
    sizes: list[int],
    pg_max: int,
    pg_version: str | None,
    convert: dict[str, Any],
    probe: dict[str, Any],
) -> None:
    head = (
        f"{'leaves':>7} {'nodes':>9} | {'build+val':>9} {'write':>6} {'read':>6} {'us/node b/w/r':>16}"
        f" {'MB b/w/r':>14} {'B/node b/w/r':>14} | {'pg build':>8} {'pg write':>8} {'pg read':>8} {'pg MB':>6}"
        f" | {'build x':>7} {'read x':>7} | {'to_pg':>6} {'from_pg':>7} {'same':>4}"
    )
    print()
    print(head)
    print("-" * len(head))
    per_node: dict[str, list[tuple[int, float]]] = {"build": [], "write": [], "read": []}
    worst: dict[str, list[tuple[int, float]]] = {"build": [], "write": [], "read": []}
    errors: list[str] = []
    for k in sizes:
        row = rows[k]
        ob, orr = row.get("ours-build", {}), row.get("ours-read", {})
        pb, pr = row.get("pygambit-build", {}), row.get("pygambit-read", {})
        br = row.get("bridge", {})
        for name, r in row.items():
            if "error" in r:
                errors.append(f"2^{k} {name}: {r['error']}")
        nodes = ob.get("nodes") or orr.get("nodes") or 2 ** (k + 1) - 1
        us = []
        for phase, r in (("build", ob), ("write", ob), ("read", orr)):
            if phase in r:
                per_node[phase].append((k, r[phase] / nodes * 1e6))
                us.append(f"{r[phase] / nodes * 1e6:.1f}")
            else:
                us.append("-")
        mb, bpn = [], []
        for phase, r, key in (("build", ob, "build_kib"), ("write", ob, "peak_kib"), ("read", orr, "peak_kib")):
            b = bytes_per_node(r, key)
            if b is None:
                mb.append("-")
                bpn.append("-")
                continue
            worst[phase].append((k, b))
            mb.append(f"{(r[key] - r['base_kib']) / 1024:.0f}")
            bpn.append(f"{b:.0f}")
        build_x = pb["build"] / ob["build"] if "build" in pb and "build" in ob else None
        read_x = pr["read"] / orr["read"] if "read" in pr and "read" in orr else None
        pg_mb = max((r["peak_kib"] - r["base_kib"]) / 1024 for r in (pb, pr) if "peak_kib" in r) if pb or pr else None
        same = "-" if "equal" not in br else ("yes" if br["equal"] else "NO")
        print(
            f"{'2^' + str(k):>7} {nodes:>9} | {fmt(ob.get('build')):>9} {fmt(ob.get('write')):>6} {fmt(orr.get('read')):>6}"
            f" {'/'.join(us):>16} {'/'.join(mb):>14} {'/'.join(bpn):>14}"
            f" | {fmt(pb.get('build')):>8} {fmt(pb.get('write')):>8} {fmt(pr.get('read')):>8} {fmt(pg_mb, 0):>6}"
            f" | {fmt(build_x, 1):>7} {fmt(read_x, 1):>7} | {fmt(br.get('to')):>6} {fmt(br.get('from')):>7} {same:>4}"
        )
    print()
    print("Times in seconds.  us/node: microseconds per node to build (+ validate), write, read.  MB, B/node:")
    print("peak memory above the interpreter's own: once the DSL has built the game (spec + builder + game),")
    print("after the .efg write in that process, and in the read process.  build x, read x: pygambit's time")
    print("over ours; both readers read the plain file (no set labels).  to_pg/from_pg: to_pygambit")
    print("(labels=False)/from_pygambit; same: structure and outcomes came back unchanged.")
    if probe:
        ours_t, pg_t = probe["ours"].get("read"), probe["pygambit"].get("read")
        why = probe["pygambit"].get("error", "")
        print(
            f"Labelled file (set labels kept) at 2^{probe['k']} leaves: ours {fmt(ours_t)} s, pygambit {fmt(pg_t)} s"
            + (f" ({pg_t / ours_t:.0f}x)." if ours_t and pg_t else f" ({why})." if why else ".")
        )
    skipped = [k for k in sizes if k > pg_max]
    if not pg_version:
        print("pygambit is not installed: no pygambit columns.")
    elif skipped:
        print(
            f"pygambit skipped at {', '.join('2^' + str(k) for k in skipped)} leaves (above --pygambit-max {pg_max}:"
            " its read grows quadratically with the number of outcomes)."
        )
    whole_rows = [(k, rows[k]["whole"], rows[k].get("arrays", {})) for k in sizes if "whole" in rows[k]]
    if whole_rows:
        print()
        head2 = (
            f"{'leaves':>7} {'nodes':>9} | {'scan':>6} {'write':>6} {'solve':>6} {'json':>6} {'us/node s/w/bi+j':>17}"
            f" | {'convert':>7} {'cpu':>6} {'MB':>5} {'B/node':>6} | {'spe':>7} {'cpu':>6} {'MB':>5} {'B/node':>6}"
        )
        print(head2)
        print("-" * len(head2))
        for k, w, ar in whole_rows:
            nodes = 2 ** (k + 1) - 1
            cells = []
            for name in ("convert", "spe"):
                r = w[name]
                if "error" in r:
                    errors.append(f"2^{k} whole {name}: {r['error']}")
                    cells.append(f"{'-':>7} {'-':>6} {'-':>5} {'-':>6}")
                else:
                    cells.append(
                        f"{r['seconds']:>7.2f} {r['cpu']:>6.2f} {r['peak_kib'] / 1024:>5.0f} {r['peak_kib'] * 1024 / nodes:>6.0f}"
                    )
            if "scan" in ar:
                for phase in ("scan", "awrite", "solve"):
                    per_node.setdefault(phase, []).append((k, ar[phase] / nodes * 1e6))
                us = "/".join(f"{x / nodes * 1e6:.1f}" for x in (ar["scan"], ar["awrite"], ar["solve"] + ar["json"]))
                phases = f"{ar['scan']:>6.2f} {ar['awrite']:>6.2f} {ar['solve']:>6.2f} {ar['json']:>6.2f} {us:>17}"
            else:
                phases = f"{'-':>6} {'-':>6} {'-':>6} {'-':>6} {'-':>17}"
            print(f"{'2^' + str(k):>7} {nodes:>9} | {phases} | {cells[0]} | {cells[1]}")
        print()
        print("The array path in one process (scan, awrite: write back, solve: backward induction, json), and")
        print("whole processes: `gametoolkit convert` and `gametoolkit solve --concept spe --json` on the file the")
        print("DSL wrote, start-up included (wall seconds, and cpu: user + system seconds, which a busy machine")
        print("inflates less); MB and B/node: the process's peak resident memory.")
    for e in errors:
        print(f"error: {e}")

    print()
    verdicts: list[tuple[str, bool | None, str]] = []
    for phase, series in per_node.items():
        if len(series) >= 2:
            (k0, first), (k1, last) = series[0], series[-1]
            growth = last / first
            shown = ", ".join(f"{v:.1f}" for _, v in series)
            verdicts.append(
                (
                    f"linear {phase}",
                    growth <= LINEAR_TOLERANCE,
                    f"us/node {shown}: 2^{k1} over 2^{k0} {growth:.2f}x (allowed {LINEAR_TOLERANCE}x)",
                )
            )
        else:
            verdicts.append((f"linear {phase}", None, "fewer than two sizes measured"))
    ours_t, pg_t = convert.get("ours"), convert.get("pygambit")
    if ours_t and pg_t:
        speedup = pg_t / ours_t
        verdicts.append(
            (
                "convert speed",
                speedup >= CONVERT_SPEEDUP,
                f"{convert['file']}: gametoolkit convert {ours_t:.2f} s, pygambit read+write {pg_t:.2f} s"
                f" ({speedup:.1f}x; needed {CONVERT_SPEEDUP:.0f}x)",
            )
        )
    else:
        why = convert.get("error") or convert.get("ours_error") or convert.get("pygambit_error") or "pygambit missing"
        verdicts.append(("convert speed", None, f"not measured: {why}"))
    for k, w, _ in whole_rows:
        if k != WHOLE_AT:
            continue
        nodes = 2 ** (k + 1) - 1
        for name, limit in WHOLE_LIMITS.items():
            r = w[name]
            if "error" in r:
                verdicts.append((f"whole {name}", False, r["error"]))
                continue
            per = r["peak_kib"] * 1024 / nodes
            verdicts.append(
                (
                    f"whole {name}",
                    r["seconds"] <= limit and per <= BYTES_PER_NODE,
                    f"2^{k}: {r['seconds']:.2f} s (allowed {limit:.0f}), {per:.0f} B per node (allowed {BYTES_PER_NODE})",
                )
            )
    for phase, series in worst.items():
        if series:
            k, b = max(series, key=lambda kb: kb[1])
            verdicts.append(
                (
                    f"memory {phase}",
                    b <= BYTES_PER_NODE,
                    f"at most {b:.0f} B per node at peak (2^{k}; allowed {BYTES_PER_NODE})",
                )
            )
        else:
            verdicts.append((f"memory {phase}", None, "not measured"))
    for name, ok, text in verdicts:
        mark = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{mark:4}  {name:14} {text}")


if __name__ == "__main__":
    sys.exit(main())
