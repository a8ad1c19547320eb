"""The benchmark's report, in Markdown, from a run directory of bench/run.

    python bench/report.py RUN_DIR OUT.md

Reads meta.json (machine, settings), manifest-{large,small}.json (the data sets),
queries-{large,small}.json (bench/queries.py) and load.json (bench/load.py). Standard library
only. Targets:
- every public HTML page: throughput >= half the ceiling's, p95 < 50 ms at 16 connections,
  the same number of queries at 10,000 more councils as with the real register alone;
- the whole-directory CSV under 1 s (p95, one connection);
- the writes under 150 ms p95;
- no page stale after a write has committed, and several servers on one database giving the
  same answers (load.json's "freshness": sign through one server, read on every server).
"""

import json
import sys
from pathlib import Path

HTML_P95_MS = 50
HTML_RATIO = 0.5
CSV_MS = 1000
WRITE_P95_MS = 150


def load(path: Path, default=None):
    return json.loads(path.read_text()) if path.exists() else default


def mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "**FAIL**")


def fmt(value, digits=1) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def main(run_dir: Path, out: Path) -> None:
    meta = load(run_dir / "meta.json", {})
    large = load(run_dir / "manifest-large.json", {})
    small = load(run_dir / "manifest-small.json", {})
    q_large = load(run_dir / "queries-large.json", {})
    q_small = load(run_dir / "queries-small.json", {})
    results = load(run_dir / "load.json", {"pages": [], "writes": [], "ceiling_runs": []})
    cfg = results.get("config", {})
    lines: list[str] = []
    w = lines.append

    ceilings = [r["rps"] for r in results["ceiling_runs"] if r.get("rps")]
    ceiling = sum(ceilings) / len(ceilings) if ceilings else 0
    counts = large.get("counts", {})

    w(f"# Benchmark run {meta.get('started', '')}")
    w("")
    w(
        f"- Machine: {meta.get('cores', '?')} cores ({meta.get('cpu', '?')}), "
        f"{meta.get('memory', '?')} memory; load average before {meta.get('loadavg_before', '?')}, "
        f"after {meta.get('loadavg_after', '?')} (other work on the machine makes figures noisy)."
    )
    w(f"- Code: {meta.get('git', '?')}.")
    w(
        f"- Server: gunicorn, {meta.get('workers', '?')} {meta.get('worker_class', 'sync')} "
        f"workers{meta.get('server_note', '')}, DEBUG off, "
        f"PostgreSQL {meta.get('postgres', '?')} on the same machine (fsync, synchronous_commit "
        "and full_page_writes OFF: a throwaway cluster; production commits cost more)."
    )
    w(
        f"- Load: wrk, {cfg.get('duration')} s per page after {cfg.get('warmup')} s of warm-up, "
        f"{cfg.get('connections')} connections ({cfg.get('csv_connections')} for the CSV); writes: "
        f"{cfg.get('write_connections')} clerks at once, {cfg.get('duration')} s per flow."
    )
    w(
        f"- Data: {fmt(counts.get('councils (all, current)'))} councils, "
        f"{fmt(counts.get('signatures'))} signatures "
        f"({fmt(counts.get('signatories'))} signatories), "
        f"{fmt(counts.get('progress reports'))} progress reports over "
        f"{fmt(counts.get('quarters'))} quarters, {fmt(counts.get('action items'))} action items, "
        f"{fmt(counts.get('action updates'))} action updates; generated in "
        f"{fmt(large.get('timings', {}).get('total'))} s. Small data set for the query counts: "
        f"{fmt(small.get('counts', {}).get('councils (all, current)'))} councils, "
        f"{fmt(small.get('counts', {}).get('progress reports'))} progress reports."
    )
    if meta.get("durations"):
        w("- Time taken: " + ", ".join(f"{k} {v} s" for k, v in meta["durations"].items()) + ".")
    w(
        f"- Ceiling (`/ping/`, no database): {' and '.join(fmt(c) for c in ceilings)} req/s at the "
        f"start and the end (mean {fmt(ceiling)} req/s). Each page's ratio compares it with a "
        f"{cfg.get('ceiling_seconds', 0)} s run of the ceiling just before it (column "
        "'ceiling'), so that a change in the machine's other load between pages counts less."
    )
    for note in large.get("notes", []):
        w(f"- Note: {note}")
    w("")

    w("## Pages")
    w("")
    n_large = fmt(counts.get("councils (all, current)"))
    n_small = fmt(small.get("counts", {}).get("councils (all, current)"))
    w(
        f"Queries: one request at {n_large} councils and at {n_small} (bench/queries.py). "
        "Verdicts: throughput (vs ceiling), p95, queries."
    )
    w("")
    w(
        f"| page | requests | req/s | p50 ms | p95 ms | p99 ms | KB | errors | queries {n_large} | "
        f"queries {n_small} | cached: queries | ceiling | vs ceiling | throughput | p95 | queries |"
    )
    w("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|:-:|:-:|")
    verdicts = []
    for r in results["pages"]:
        ql, qs = q_large.get(r["name"], {}), q_small.get(r["name"], {})
        if r.get("skipped"):
            w(f"| {r['name']} (`{r['path']}`) | skipped: {r['skipped']} |||||||||||||||")
            continue
        near = r.get("ceiling_rps") or ceiling  # the ceiling measured just before, if any
        ratio = r["rps"] / near if near else None
        same = (ql.get("queries") == qs.get("queries")) if ql and qs else None
        if r["kind"] == "html":
            checks = (
                ratio is not None and ratio >= HTML_RATIO,
                r["requests"] > 0 and r["p95_ms"] < HTML_P95_MS,
                same,
            )
        else:  # the CSV: its target is time
            checks = (None, r["requests"] > 0 and r["p95_ms"] < CSV_MS, same)
        verdicts.extend(c for c in checks if c is not None)
        note = ""
        if r["requests"] == 0:
            note = " (no request finished)"
        elif r.get("note"):
            note = f" ({r['note']})"
        w(
            f"| {r['name']} (`{r['path']}`){note} | {fmt(r['requests'])} | {fmt(r['rps'])} | "
            f"{fmt(r['p50_ms'])} | "
            f"{fmt(r['p95_ms'])} | {fmt(r['p99_ms'])} | {fmt(r['bytes_per_request'] / 1024)} | "
            f"{fmt(r['errors'])} | {fmt(ql.get('queries'))} | {fmt(qs.get('queries'))} | "
            f"{fmt(ql.get('hit_queries'))} | {fmt(near)} | "
            f"{fmt(ratio, 2) if ratio is not None else '–'} | "
            + " | ".join(mark(c) for c in checks)
            + " |"
        )
    w("")
    w(
        f"Targets: HTML pages throughput >= {HTML_RATIO} x the ceiling, p95 < {HTML_P95_MS} ms, "
        f"same queries at both sizes; the CSV p95 < {CSV_MS} ms. A page that finishes few "
        "requests in the time given has rough percentiles (see 'requests'); latencies are of "
        "the requests that finished. Queries: of rendering the page (the page cache off), and "
        "'cached': of the page served from the shared page cache (ui/cache.py), as wrk gets it "
        "after the first request."
    )
    w("")

    w("## Writes and the clerks' form pages")
    w("")
    w(
        f"| step | requests | req/s | p50 ms | p95 ms | p99 ms | errors | queries {n_large} | "
        f"queries {n_small} | p95 target |"
    )
    w("|---|--:|--:|--:|--:|--:|--:|--:|--:|:-:|")
    for r in results["writes"]:
        ql, qs = q_large.get(r["name"], {}), q_small.get(r["name"], {})
        if r.get("skipped"):
            w(f"| {r['name']} | skipped: {r['skipped']} |||||||||")
            continue
        ok = None
        if r["kind"] == "write":
            ok = r["requests"] > 0 and r["p95_ms"] < WRITE_P95_MS and not r["errors"]
            verdicts.append(ok)
        error = f" ({r['error_example']})" if r.get("errors") else ""
        w(
            f"| {r['name']} | {fmt(r['requests'])} | {fmt(r['rps'])} | {fmt(r['p50_ms'])} | "
            f"{fmt(r['p95_ms'])} | {fmt(r['p99_ms'])} | {fmt(r['errors'])}{error} | "
            f"{fmt(ql.get('queries'))} | {fmt(qs.get('queries'))} | {mark(ok)} |"
        )
    w("")
    w(
        f"Writes: p95 < {WRITE_P95_MS} ms and no errors. The GET steps are the clerks' form pages "
        "(not public: no target). Query counts include the work done on commit (emails)."
    )
    w("")

    fresh = results.get("freshness")
    if fresh:
        w("## Freshness after a write, and several servers")
        w("")
        stale, differ = fresh["stale"], fresh["differ"]
        w(
            f"{fresh['checks']} councils signed through the first of {fresh['servers']} "
            f"server(s) on the same database (another gunicorn, as another host would be); then "
            f"{fresh['reads_after']} anonymous reads of the council's page, the directory searched "
            "by its name and the home page, each on a new connection, on every server: "
            f"**{len(stale)} stale**, **{len(differ)} different between servers**. Before each "
            f"signature, {fresh['hits_before']} of {fresh['reads_before']} reads came from the "
            "page cache."
        )
        for problem in (stale + differ)[:10]:
            w(f"- {problem}")
        verdicts += [fresh["checks"] > 0 and not stale, fresh["checks"] > 0 and not differ]
        w("")

    mixed = results.get("mixed")
    if mixed:
        w("## Pages while a clerk reports progress (no target: what the misses cost)")
        w("")
        w(
            "Each report makes every cached page stale: the next request for a page renders it "
            "again. wrk on the page, 16 connections, while one clerk reports progress at the "
            "rate given (the form, then the report)."
        )
        w("")
        w("| page | reports a second (done) | req/s | vs ceiling | p50 ms | p95 ms | p99 ms |")
        w("|---|--:|--:|--:|--:|--:|--:|")
        for r in mixed:
            ratio = r["rps"] / r["ceiling_rps"] if r.get("ceiling_rps") else None
            w(
                f"| {r['name']} | {r['writes_per_second']:g} ({r['writes']}"
                f"{', ' + str(r['write_errors']) + ' errors' if r['write_errors'] else ''}) "
                f"| {fmt(r['rps'])} | {fmt(ratio, 2)} | {fmt(r['p50_ms'])} | {fmt(r['p95_ms'])} "
                f"| {fmt(r['p99_ms'])} |"
            )
        w("")

    passed = sum(1 for v in verdicts if v)
    w(f"**{passed} of {len(verdicts)} checks pass.**")
    w("")

    w(f"## One request at {n_large} councils (Django's test client, in process, no load)")
    w("")
    w("| page | status | ms | queries | cached: ms | slowest query ms | slowest query |")
    w("|---|--:|--:|--:|--:|--:|---|")
    for name, q in q_large.items():
        slowest = max(q.get("sql", []), key=lambda s: s["ms"], default={"ms": None, "sql": ""})
        sql = slowest["sql"][:140].replace("|", "\\|")
        w(
            f"| {name} | {q['status']} | {fmt(q['ms'])} | {q['queries']} | {fmt(q.get('hit_ms'))} "
            f"| {fmt(slowest['ms'])} | "
            f"`{sql}` |"
        )
    w("")
    text = "\n".join(lines) + "\n"
    out.write_text(text)
    print(text)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
