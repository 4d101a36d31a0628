"""Fuzz gametoolkit's readers for a while: ``python fuzz/run.py --minutes 10``.

Each round picks a target (``.efg`` reader, JSON reader, file bytes, number reader,
``--set`` reader, symbolic expression reader), a corpus input and a few random
mutations (:mod:`fuzz_harness`), and runs it.  Any exception other than a
``GameToolkitError``, and any input running longer than the hang limit, is a crash:
it is printed once per kind and place, and the input is saved under ``--out``.
Prints the inputs tried per target and the crashes; exits 1 if any.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fuzz_harness as fh


def seeds() -> dict[str, list[str]]:
    texts = fh.corpus_texts()
    efg = [t for t in texts if t.lstrip("\ufeff").startswith("EFG")] or texts
    numbers = ["0", "1/3", "-2/7", "0.25", "1e-3", "-1.5E2", ".5", "5.", "+3", "007", "1" * 50, "3/10"]
    settings = ["p=3/10", "china=high", "x1=0.25", "p=-1", "name=text"]
    expressions = ["(y4 - bJ)/(y4 - y2)", "1 - p", "x1*x2 + 3/4", "-p", "p^2", "((p))"]
    return {
        "efg": efg,
        "json": fh.json_corpus(efg),
        "bytes": efg[:40],
        "number": numbers,
        "setting": settings,
        "expression": expressions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--targets", default="efg,json,bytes,number,setting,expression")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "crashes"))
    parser.add_argument("--hang-seconds", type=float, default=fh.HANG_SECONDS)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    pools = seeds()
    targets = [t for t in args.targets.split(",") if pools.get(t)]
    if "expression" in targets and fh._expression_parser() is None:
        targets.remove("expression")
        print("expression: gametoolkit.symbolic.parse_expression not available; skipped")
    tried = dict.fromkeys(targets, 0)
    crashes: dict[tuple[str, str, str], fh.Crash] = {}
    out = Path(args.out)
    deadline = time.monotonic() + args.minutes * 60
    next_report = time.monotonic() + 60
    while time.monotonic() < deadline:
        target = rng.choice(targets)
        pool = pools[target]
        base = rng.choice(pool)
        if target in ("efg", "bytes") and rng.random() < 0.3:
            base = fh.random_efg(rng)  # made from scratch: sets and outcomes shared at random
        other = rng.choice(pools["efg"] + pools["json"])
        steps = fh.random_mutations(rng) if rng.random() < 0.8 else []
        text = fh.mutate(base, steps, other)
        data: str | bytes = text
        if target == "bytes":
            raw = text.encode("utf-8", "surrogatepass")
            if rng.random() < 0.5 and raw:
                buf = bytearray(raw)
                for _ in range(rng.choice((1, 2, 4, 16))):
                    buf[rng.randrange(len(buf))] = rng.randrange(256)
                raw = bytes(buf)
            data = raw
        tried[target] += 1
        crash = fh.run_one(target, data, args.hang_seconds)
        if crash is not None and crash.key not in crashes:
            crashes[crash.key] = crash
            out.mkdir(parents=True, exist_ok=True)
            blob = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
            name = f"{target}-{crash.kind}-{hashlib.sha1(blob).hexdigest()[:10]}"
            (out / name).write_bytes(blob)
            print(f"CRASH {target}: {crash.kind} at {crash.where}: {crash.message[:200]}  (saved {out / name})", flush=True)
        if time.monotonic() > next_report:
            next_report += 60
            print(f"... {sum(tried.values())} inputs, {len(crashes)} crash(es)", flush=True)
    total = sum(tried.values())
    print(f"seed {args.seed}, {args.minutes} min: {total} inputs ({', '.join(f'{t} {n}' for t, n in tried.items())}); "
          f"{len(crashes)} distinct crash(es)")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
