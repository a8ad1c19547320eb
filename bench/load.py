"""The load: wrk against each page of the manifest, then the two writes from a small threaded
client, against a running server. No Django here (only the standard library).

    uv run python bench/load.py --base-url http://127.0.0.1:PORT MANIFEST OUT.json

Environment (all optional):
    BENCH_DURATION=10           seconds measured per page and per write flow
    BENCH_WARMUP=2              seconds of unmeasured load before each page
    BENCH_CONNECTIONS=16        concurrent connections for the pages
    BENCH_THREADS=2             wrk threads
    BENCH_CSV_CONNECTIONS=1     connections for the whole-directory CSV (its target is latency)
    BENCH_WRITE_CONNECTIONS=4   clerks writing at once (each walks a flow of bench/flows.py)
    BENCH_CEILING_SECONDS=3     a short run of the ceiling (/ping/) just before each page, so
                                that each page's ratio compares with the machine as it was then
    BENCH_ONLY=regex            only the pages and flows whose name matches
    BENCH_MIXED_WRITES=1,10     progress reports a second while some pages are loaded again
                                ("mixed"): each write makes every cached page stale ("" = none)

Writes: each clerk of the manifest's "sign" pool signs once (the form, the answers, the check
page's POST); the "progress" pool's clerks report on their commitments in turn (the first report
on a commitment this quarter creates it, the next ones correct it). Cookies and the CSRF token
are handled as a browser does: the token is read from the form page, the Origin header is sent.
"""

import argparse
import collections
import http.client
import http.cookies
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flows import FLOWS  # noqa: E402

HERE = Path(__file__).resolve().parent
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "") or default)


CONFIG = {
    "duration": env_int("BENCH_DURATION", 10),
    "warmup": env_int("BENCH_WARMUP", 2),
    "connections": env_int("BENCH_CONNECTIONS", 16),
    "threads": env_int("BENCH_THREADS", 2),
    "csv_connections": env_int("BENCH_CSV_CONNECTIONS", 1),
    "write_connections": env_int("BENCH_WRITE_CONNECTIONS", 4),
    "ceiling_seconds": env_int("BENCH_CEILING_SECONDS", 3),
    "only": os.environ.get("BENCH_ONLY", ""),
    "freshness_checks": env_int("BENCH_FRESHNESS_CHECKS", 10),
    "mixed_writes": [
        float(rate) for rate in os.environ.get("BENCH_MIXED_WRITES", "1,10").split(",") if rate
    ],
}


def say(message: str) -> None:
    print(f"load: {message}", flush=True)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (values in any order)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5)) - 1
    return ordered[min(rank, len(ordered) - 1)]


def selected(name: str) -> bool:
    return not CONFIG["only"] or re.search(CONFIG["only"], name) is not None


# --- pages, with wrk ---------------------------------------------------------------------------
def probe(base: urllib.parse.SplitResult, path: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def wrk(url: str, *, connections: int, seconds: int, out: Path | None) -> dict:
    threads = max(1, min(CONFIG["threads"], connections))
    command = [
        "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
        "--timeout", "30s", "--latency", "-s", str(HERE / "wrk" / "report.lua"), url,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if out is not None:
        out.write_text(" ".join(command) + "\n\n" + result.stdout + result.stderr)
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH-JSON ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed on {url}: {result.stderr or result.stdout}")
    data = json.loads(line.removeprefix("BENCH-JSON "))
    seconds_run = data["duration_us"] / 1e6
    lat = {k: v / 1000 for k, v in data["latency_us"].items()}
    errors = data["errors"]
    return {
        "requests": data["requests"],
        "rps": round(data["requests"] / seconds_run, 1) if seconds_run else 0,
        "p50_ms": round(lat["p50"], 1),
        "p90_ms": round(lat["p90"], 1),
        "p95_ms": round(lat["p95"], 1),
        "p99_ms": round(lat["p99"], 1),
        "max_ms": round(lat["max"], 1),
        "mean_ms": round(lat["mean"], 1),
        "errors": sum(errors.values()),
        "error_detail": errors,
        "bytes_per_request": round(data["bytes"] / data["requests"]) if data["requests"] else 0,
    }


def run_page(base_url: str, page: dict, raw_dir: Path, ceiling: str = "") -> dict:
    """wrk on one page; with ``ceiling`` (the ceiling's path), a short run of it just before."""
    base = urllib.parse.urlsplit(base_url)
    connections = CONFIG["csv_connections"] if page["kind"] == "csv" else CONFIG["connections"]
    result = {**page, "connections": connections}
    status, size = probe(base, page["path"])
    result["status"] = status
    if status == 404:
        result["skipped"] = "answers 404: not built yet?"
        say(f"{page['name']}: {page['path']} answers 404: skipped")
        return result
    if status != 200:
        result["note"] = f"answers {status}, not 200"
    url = base_url.rstrip("/") + page["path"]
    if ceiling and CONFIG["ceiling_seconds"]:
        near = wrk(
            base_url.rstrip("/") + ceiling,
            connections=CONFIG["connections"],
            seconds=CONFIG["ceiling_seconds"],
            out=None,
        )
        result["ceiling_rps"] = near["rps"]
    if CONFIG["warmup"]:
        wrk(url, connections=connections, seconds=CONFIG["warmup"], out=None)
    slug = re.sub(r"[^a-z0-9]+", "-", page["name"].lower()).strip("-")
    result.update(
        wrk(url, connections=connections, seconds=CONFIG["duration"], out=raw_dir / f"{slug}.txt")
    )
    say(
        f"{page['name']:<24} {result['rps']:>8} req/s  p50 {result['p50_ms']:>7} ms  "
        f"p95 {result['p95_ms']:>7} ms  p99 {result['p99_ms']:>7} ms  errors {result['errors']}"
        + (f"  (ceiling just before: {result['ceiling_rps']} req/s)" if ceiling else "")
    )
    return result


# --- writes, with a small browser-like client --------------------------------------------------
class Clerk:
    """One clerk's browser: cookies (their session, the CSRF cookie), the CSRF form token."""

    def __init__(self, base: urllib.parse.SplitResult, entry: dict):
        self.base = base
        self.origin = f"{base.scheme}://{base.netloc}"
        self.council = entry["council"]
        self.cookies = {"sessionid": entry["session"]}
        self.token = ""
        self.conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)

    def request(self, method: str, path: str, data: dict | None = None):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "User-Agent": "charter-bench",
        }
        body = None
        if method == "POST":
            body = urllib.parse.urlencode({**(data or {}), "csrfmiddlewaretoken": self.token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        started = time.perf_counter()
        # http.client opens a new connection when the server closed the last one (gunicorn's
        # sync workers close after every response, as wrk sees too).
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        found = CSRF_FIELD.search(content)
        if found:
            self.token = found.group(1).decode()
        return response.status, response.getheader("Location", ""), elapsed

    def close(self):
        self.conn.close()


def run_flow(base_url: str, kind: str, manifest: dict) -> list[dict]:
    base = urllib.parse.urlsplit(base_url)
    steps = FLOWS[kind]
    pool = list(manifest["sessions"].get(kind) or [])[1:]  # the first one is bench/queries.py's
    if kind == "sign":  # the last ones sign in the freshness check
        pool = pool[: max(0, len(pool) - CONFIG["freshness_checks"])]
    commitments = manifest["commitments"]
    if not pool:
        return [{"name": s.name, "skipped": "no clerks in the manifest"} for s in steps]
    timings = collections.defaultdict(list)
    failures = collections.Counter()
    failure_examples = {}
    flows_done = [0]
    lock = threading.Lock()
    queue = collections.deque(pool)
    end = time.monotonic() + CONFIG["duration"]
    connections = min(CONFIG["write_connections"], len(pool))

    def walk(clerk: Clerk, commitment: str) -> None:
        for step in steps:
            path = step.path.format(council=clerk.council, commitment=commitment)
            try:
                status, location, elapsed = clerk.request(step.method, path, step.data)
            except (http.client.HTTPException, OSError) as error:
                with lock:
                    failures[step.name] += 1
                    failure_examples.setdefault(step.name, f"{type(error).__name__}: {error}")
                clerk.conn.close()
                return
            expected = step.expect_location.format(council=clerk.council)
            with lock:
                timings[step.name].append(elapsed)
            if status != step.expect_status or not location.startswith(expected):
                with lock:
                    failures[step.name] += 1
                    failure_examples.setdefault(step.name, f"{status} {location or path}")
                return
        with lock:
            flows_done[0] += 1

    def worker(index: int) -> None:
        if kind == "sign":  # each council signs once: take the next unsigned council
            while time.monotonic() < end:
                try:
                    entry = queue.popleft()
                except IndexError:
                    return
                clerk = Clerk(base, entry)
                try:
                    walk(clerk, commitments[0])
                finally:
                    clerk.close()
        else:  # each clerk reports on their commitments in turn
            mine = [Clerk(base, e) for e in pool[index::connections]]
            turn = 0
            try:
                while time.monotonic() < end:
                    clerk = mine[turn % len(mine)]
                    walk(clerk, commitments[(turn // len(mine)) % len(commitments)])
                    turn += 1
            finally:
                for clerk in mine:
                    clerk.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    if kind == "sign" and not queue:
        say("sign: ran out of unsigned councils before the time was up (see --sign-sessions)")
    results = []
    for step in steps:
        ms = [t * 1000 for t in timings[step.name]]
        results.append(
            {
                "name": step.name,
                "path": step.path,
                "kind": "write" if step.is_write else "clerk",
                "connections": connections,
                "requests": len(ms),
                "rps": round(len(ms) / seconds, 1) if seconds else 0,
                "p50_ms": round(percentile(ms, 50), 1),
                "p95_ms": round(percentile(ms, 95), 1),
                "p99_ms": round(percentile(ms, 99), 1),
                "max_ms": round(max(ms), 1) if ms else 0,
                "errors": failures[step.name],
                "error_example": failure_examples.get(step.name, ""),
                "flows": flows_done[0],
            }
        )
        r = results[-1]
        say(
            f"{step.name:<36} {r['rps']:>7} req/s  p50 {r['p50_ms']:>7} ms  "
            f"p95 {r['p95_ms']:>7} ms  p99 {r['p99_ms']:>7} ms  errors {r['errors']}"
            + (f" (e.g. {r['error_example']})" if r["errors"] else "")
        )
    return results


# --- mixed: pages while clerks write -----------------------------------------------------------
MIXED_PAGES = ("home", "directory", "commitment page", "action plan")


def run_mixed(base_url: str, pages: list[dict], manifest: dict, raw_dir: Path) -> list[dict]:
    """wrk on a few pages while one clerk reports progress ``rate`` times a second: every
    report makes every cached page stale, so the page is rendered again after each one (the
    cost the runs above, of pages alone, do not show)."""
    base = urllib.parse.urlsplit(base_url)
    pool = list(manifest["sessions"].get("progress") or [])
    commitments = manifest["commitments"]
    steps = FLOWS["progress"]
    if not pool:
        return []
    results = []
    for rate in CONFIG["mixed_writes"]:
        for page in (p for p in pages if p["name"] in MIXED_PAGES):
            stop = threading.Event()
            writes = {"done": 0, "errors": 0}

            def writer(stop: threading.Event, writes: dict, rate: float) -> None:
                clerk, turn = Clerk(base, pool[-1]), 0
                try:
                    while not stop.is_set():
                        started = time.monotonic()
                        commitment = commitments[turn % len(commitments)]
                        for step in steps:
                            path = step.path.format(council=clerk.council, commitment=commitment)
                            try:
                                status, _location, _ = clerk.request(step.method, path, step.data)
                            except (http.client.HTTPException, OSError):
                                clerk.conn.close()
                                status = 0
                            if status != step.expect_status:
                                writes["errors"] += 1
                                break
                        else:
                            writes["done"] += 1
                        turn += 1
                        stop.wait(max(0.0, 1 / rate - (time.monotonic() - started)))
                finally:
                    clerk.close()

            thread = threading.Thread(target=writer, args=(stop, writes, rate))
            url = base_url.rstrip("/") + page["path"]
            near = wrk(
                base_url.rstrip("/") + "/ping/",
                connections=CONFIG["connections"],
                seconds=CONFIG["ceiling_seconds"],
                out=None,
            )
            thread.start()
            slug = re.sub(r"[^a-z0-9]+", "-", f"mixed {rate} {page['name']}".lower()).strip("-")
            try:
                result = wrk(
                    url,
                    connections=CONFIG["connections"],
                    seconds=CONFIG["duration"],
                    out=raw_dir / f"{slug}.txt",
                )
            finally:
                stop.set()
                thread.join()
            result.update(
                name=page["name"],
                path=page["path"],
                writes_per_second=rate,
                writes=writes["done"],
                write_errors=writes["errors"],
                ceiling_rps=near["rps"],
            )
            results.append(result)
            say(
                f"mixed, {rate:g} write/s: {page['name']:<18} {result['rps']:>8} req/s  "
                f"p50 {result['p50_ms']:>7} ms  p95 {result['p95_ms']:>7} ms  "
                f"({writes['done']} reports, {writes['errors']} errors; ceiling {near['rps']})"
            )
    return results


# --- freshness: a write, then the next reads, on two servers ----------------------------------
SIGNED_COUNT = re.compile(rb"<strong>([0-9,]+)</strong> of ([0-9,]+) councils have signed")
COUNCIL_NAME = re.compile(rb'<h1 class="govuk-heading-xl">([^<]+)</h1>')
NONCE = re.compile(rb'nonce="[^"]*"')
SIGNED_TAG = b'govuk-tag--green">Signed</strong>'


def fetch(base_url: str, path: str) -> tuple[int, bytes, str]:
    """An anonymous GET on a new connection: (status, body, the page cache's header)."""
    base = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    try:
        conn.request("GET", path, headers={"User-Agent": "charter-bench"})
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("X-Portal-Page-Cache", "")
    finally:
        conn.close()


def _row_of(body: bytes, slug: str) -> bytes:
    """The directory's table row of the council ``slug`` (empty if it is not listed)."""
    at = body.find(f'href="/councils/{slug}/"'.encode())
    if at < 0:
        return b""
    return body[body.rfind(b"<tr", 0, at) : body.find(b"</tr>", at)]


def run_freshness(servers: list[str], manifest: dict) -> dict:
    """For a few councils: read their page, the directory (searched by name) and the home page
    on every server until they come from the page cache; sign through the first server; then
    read them again on every server, each on a new connection (any worker): every read must
    show the council signed and the home page's count one higher, and the servers must give
    the same page (but for the CSP nonce). Not timed."""
    pool = list(manifest["sessions"].get("sign") or [])[1:]
    entries = pool[len(pool) - min(CONFIG["freshness_checks"], len(pool)) :]
    result = {"servers": len(servers), "checks": 0, "reads_after": 0, "stale": [], "differ": []}
    result["hits_before"] = result["reads_before"] = 0
    base = urllib.parse.urlsplit(servers[0])
    for entry in entries:
        slug = entry["council"]
        _, body, _ = fetch(servers[0], f"/councils/{slug}/")
        name = COUNCIL_NAME.search(body)
        if name is None:
            result["stale"].append(f"{slug}: no council page")
            continue
        search = "/councils/?" + urllib.parse.urlencode({"q": name[1].decode()})
        pages = {"council": f"/councils/{slug}/", "directory": search, "home": "/"}
        counts = set()
        for server in servers:
            for path in pages.values():
                for _ in range(3):  # stored, then served from the cache
                    status, body, cache = fetch(server, path)
                    result["reads_before"] += 1
                    result["hits_before"] += cache == "hit"
                if path == "/" and (found := SIGNED_COUNT.search(body)):
                    counts.add(int(found[1].replace(b",", b"")))
        if len(counts) != 1:
            result["differ"].append(f"{slug}: home page counts before {sorted(counts)}")
            continue
        before = counts.pop()
        clerk = Clerk(base, entry)
        try:
            for step in FLOWS["sign"]:
                status, location, _ = clerk.request(
                    step.method, step.path.format(council=slug), step.data
                )
        finally:
            clerk.close()
        if status != 302 or not location.startswith(f"/councils/{slug}/"):
            result["stale"].append(f"{slug}: signing answered {status} {location}")
            continue
        result["checks"] += 1
        seen = {}
        for server in [*servers[1:], servers[0]]:  # another server first
            for what, path in pages.items():
                for _ in range(2):
                    status, body, _ = fetch(server, path)
                    result["reads_after"] += 1
                    fresh = {
                        "council": SIGNED_TAG in body,
                        "directory": SIGNED_TAG in _row_of(body, slug),
                        "home": (m := SIGNED_COUNT.search(body)) is not None
                        and int(m[1].replace(b",", b"")) == before + 1,
                    }[what]
                    if status != 200 or not fresh:
                        result["stale"].append(f"{slug}: {what} on {server} ({status})")
                    seen.setdefault(what, set()).add(NONCE.sub(b"", body))
        result["differ"] += [f"{slug}: {what}" for what, bodies in seen.items() if len(bodies) > 1]
    say(
        f"freshness: {result['checks']} signatures, {result['reads_after']} reads after them on "
        f"{len(servers)} server(s): {len(result['stale'])} stale, {len(result['differ'])} "
        f"different between servers ({result['hits_before']} of {result['reads_before']} reads "
        "before them came from the page cache)"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument(
        "--other-base-url",
        action="append",
        default=[],
        help="another server on the same database (another host), for the freshness check",
    )
    parser.add_argument("manifest", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("load: wrk is not installed (apt-get install -y wrk)")
    manifest = json.loads(args.manifest.read_text())
    raw_dir = args.out.parent / "wrk"
    raw_dir.mkdir(parents=True, exist_ok=True)
    say(
        f"{CONFIG['duration']} s per page after {CONFIG['warmup']} s of warm-up, "
        f"{CONFIG['connections']} connections ({CONFIG['csv_connections']} for the CSV), "
        f"{CONFIG['write_connections']} clerks writing at once"
    )
    pages = [p for p in manifest["pages"] if selected(p["name"]) or p["kind"] == "ceiling"]
    ceiling = next(p for p in pages if p["kind"] == "ceiling")
    results = {"config": CONFIG, "pages": [], "writes": [], "ceiling_runs": []}
    first = run_page(args.base_url, ceiling, raw_dir)
    results["ceiling_runs"].append(first)
    for page in pages:
        if page["kind"] != "ceiling":
            results["pages"].append(run_page(args.base_url, page, raw_dir, ceiling["path"]))
    for kind, steps in FLOWS.items():
        if any(selected(s.name) for s in steps):
            results["writes"].extend(run_flow(args.base_url, kind, manifest))
    if CONFIG["mixed_writes"] and selected("mixed"):
        results["mixed"] = run_mixed(args.base_url, pages, manifest, raw_dir)
    if CONFIG["freshness_checks"] and selected("freshness"):
        results["freshness"] = run_freshness([args.base_url, *args.other_base_url], manifest)
    last = run_page(args.base_url, {**ceiling, "name": "ceiling (ping), again"}, raw_dir)
    results["ceiling_runs"].append(last)
    args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
