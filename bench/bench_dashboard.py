"""Dashboard summary endpoints under load: 50 concurrent clients over a seeded region.

A seeded workspace (default 2,000 enterprises in 20 parks in one region, two years of monthly
natural gas, purchased electricity and green certificates) is served by uvicorn in a child
process on a loopback port, as ``greenmfg serve`` serves it. The load comes from wrk where it is
installed (``--clients`` connections, a Lua script rotating over the enterprise, park and region
summary URLs with the bearer token; p50 / p95 / p99 over all requests, throughput, server CPU),
taking turns with a raw baseline (the same bytes from a bare Starlette route); otherwise from a
small asyncio client (p50 / p95 / p99 per endpoint). Medians over ``--repeat`` runs. The cold
first region and park summaries are timed first, then every summary is asked once: the load
measures serving computed summaries, which is what the dashboard does between two imports.

    python bench/bench_dashboard.py --enterprises 2000 --repeat 5 --seconds 10 --first-after 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2

from greenmfg.access import Access, Role
from greenmfg.workspace import Workspace

SECRET = "bench-secret-0123456789abcdefghijklmnopqrstuvwxyz"
YEARS = (2024, 2025)
PASSWORD = "bench-password-1"


def seed_workspace(path: Path, enterprises: int, parks: int, seed: int) -> tuple[list[str],
                                                                                  list[str]]:
    """Write the seeded region; returns the enterprise codes and the park codes."""
    rng = random.Random(seed)
    orgs = [{"code": "R", "name": "区域 Region", "kind": "region", "parent_code": "",
             "industry_code": "", "region_code": "150000"}]
    park_codes = [f"P{p:02d}" for p in range(parks)]
    orgs += [{"code": p, "name": f"园区 Park {p}", "kind": "park", "parent_code": "R",
              "industry_code": "", "region_code": "150200"} for p in park_codes]
    ent_codes = [f"E{e:05d}" for e in range(enterprises)]
    orgs += [{"code": e, "name": f"企业 Enterprise {e}", "kind": "enterprise",
              "parent_code": park_codes[i % parks], "industry_code": "C3011",
              "region_code": "150200"} for i, e in enumerate(ent_codes)]
    activity = []
    for code in ent_codes:
        gas, mwh, green = rng.uniform(1, 50), rng.uniform(100, 5000), rng.uniform(0, 0.5)
        for year in YEARS:
            for month in range(1, 13):
                period = f"{year}-{month:02d}"
                for source, item, qty, unit in (
                        ("boiler", "natural_gas", gas * rng.uniform(0.8, 1.2), "万Nm3"),
                        ("grid", "electricity_purchased", mwh * rng.uniform(0.8, 1.2), "MWh"),
                        ("grid", "green_certificate", mwh * green, "MWh")):
                    activity.append({"org_code": code, "site": "MAIN", "source": source,
                                     "item": item, "period": period, "quantity": f"{qty:.3f}",
                                     "unit": unit})
    with Workspace(path, actor="bench") as ws:
        ws.import_rows("bench-orgs", orgs, [])
        for start in range(0, len(activity), 50_000):
            ws.import_rows(f"bench-activity-{start}", [], activity[start:start + 50_000])
        Access(ws).add_user("bench-admin", PASSWORD, role=Role.ADMIN)
    return ent_codes, park_codes


def serve(path: Path, port: int, loop: str) -> None:
    """The child process: uvicorn over the workspace (``loop``: auto, or asyncio + h11)."""
    import logging

    import uvicorn
    from pydantic import SecretStr

    from greenmfg.api import load_settings
    from greenmfg.web import create_site
    settings = load_settings(secret_key=SecretStr(SECRET))
    if os.environ.get("GREENMFG_BENCH_NO_GC") == "1":  # --no-gc
        import gc
        gc.disable()
    logging.basicConfig(format="server: %(message)s")
    logging.getLogger("greenmfg.api.warmup").setLevel(logging.INFO)
    plain = {"loop": "asyncio", "http": "h11"} if loop == "plain" else {}
    uvicorn.run(create_site(path, settings), host="127.0.0.1", port=port, log_level="warning",
                **plain)  # type: ignore[arg-type]


def serve_raw(bodies: Path, port: int, loop: str) -> None:
    """The raw baseline's child process: the same JSON bytes by URL from a bare Starlette route
    on the same uvicorn, behind a string comparison of the bearer header (no lock, no tenancy,
    no validation): the floor for serving a computed summary in Python."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    table: dict[str, str] = json.loads(bodies.read_text(encoding="utf-8"))
    expected = table.pop("authorization")
    answers = {url: body.encode() for url, body in table.items()}

    async def summary(request: Request) -> Response:
        if request.headers.get("authorization") != expected:
            return Response(b'{"detail":"not signed in"}', 401, media_type="application/json")
        url = f"{request.url.path}?{request.url.query}"
        return Response(answers[url], media_type="application/json")

    async def health(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    app = Starlette(routes=[Route("/api/v1/health", health),
                            Route("/api/v1/dashboard/{rest:path}", summary)])
    plain = {"loop": "asyncio", "http": "h11"} if loop == "plain" else {}
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning",
                **plain)  # type: ignore[arg-type]


async def save_bodies(base: str, token: str, paths: list[str], target: Path) -> None:
    """greenmfg's answers to ``paths``, by path, for the raw baseline."""
    table = {"authorization": f"Bearer {token}"}
    async with httpx2.AsyncClient(base_url=base, timeout=600,
                                  headers={"Authorization": table["authorization"]}) as client:
        for path in paths:
            response = await client.get(path)
            response.raise_for_status()
            table[path] = response.text
    target.write_text(json.dumps(table), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_up(base: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    async with httpx2.AsyncClient(base_url=base) as client:
        while True:
            try:
                if (await client.get("/api/v1/health")).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not come up")
            await asyncio.sleep(0.2)


def urls(kind: str, rng: random.Random, ents: list[str], parks: list[str]) -> str:
    year = rng.choice(YEARS)
    if kind == "enterprise":
        return f"/api/v1/dashboard/enterprises/{rng.choice(ents)}?year={year}"
    if kind == "park":
        return f"/api/v1/dashboard/parks/{rng.choice(parks)}?year={year}"
    return f"/api/v1/dashboard/regions/R?year={year}"


async def warm(client: httpx2.AsyncClient, ents: list[str], parks: list[str]) -> None:
    """Ask every summary once, so that the load measures serving computed summaries."""
    for year in YEARS:
        (await client.get(f"/api/v1/dashboard/regions/R?year={year}")).raise_for_status()
        for park in parks:
            (await client.get(f"/api/v1/dashboard/parks/{park}?year={year}")).raise_for_status()
        for ent in ents:
            (await client.get(f"/api/v1/dashboard/enterprises/{ent}?year={year}")
             ).raise_for_status()


class Connection:
    """A minimal keep-alive HTTP/1.1 client on one socket: the bench's own CPU cost must stay
    far below the server's (a full client library costs more per request than the server)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 host: str, token: str) -> None:
        self.reader, self.writer = reader, writer
        self.head = f"Host: {host}\r\nAuthorization: Bearer {token}\r\n\r\n"

    @classmethod
    async def open(cls, host: str, port: int, token: str) -> Connection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer, f"{host}:{port}", token)

    async def get(self, url: str) -> bytes:
        self.writer.write(f"GET {url} HTTP/1.1\r\n{self.head}".encode())
        header = await self.reader.readuntil(b"\r\n\r\n")
        status = header[9:12]
        length = 0
        for line in header.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        body = await self.reader.readexactly(length)
        if status != b"200":
            raise RuntimeError(f"{url} answered {status.decode()}: {body[:200]!r}")
        return body

    def close(self) -> None:
        self.writer.close()


async def load(port: int, token: str, ents: list[str], parks: list[str], clients: int,
               requests: int, seed: int) -> dict[str, list[float]]:
    """``requests`` requests from ``clients`` concurrent connections; latencies in ms by kind."""
    rng = random.Random(seed)
    kinds = rng.choices(("enterprise", "park", "region"), weights=(6, 3, 1), k=requests)
    plan = [(kind, urls(kind, rng, ents, parks)) for kind in kinds]
    latencies: dict[str, list[float]] = {"enterprise": [], "park": [], "region": []}
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    connections = [await Connection.open("127.0.0.1", port, token) for _ in range(clients)]

    async def worker(connection: Connection) -> None:
        while not queue.empty():
            kind, url = queue.get_nowait()
            start = time.perf_counter()
            await connection.get(url)
            latencies[kind].append((time.perf_counter() - start) * 1000)

    try:
        await asyncio.gather(*(worker(c) for c in connections))
    finally:
        for connection in connections:
            connection.close()
    return latencies


WRK_SCRIPT = """
local paths = {%(paths)s}
wrk.headers["Authorization"] = "Bearer %(token)s"
local counter = 0
local threads = {}

function setup(thread)
    thread:set("offset", #threads * 7919)
    table.insert(threads, thread)
end

function init(args)
    counter = offset
end

function request()
    counter = counter + 1
    return wrk.format("GET", paths[(counter %% #paths) + 1])
end

function done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        "GREENMFG {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"p50_us\\": %%d, "
        .. "\\"p95_us\\": %%d, \\"p99_us\\": %%d, \\"max_us\\": %%d, \\"non_2xx\\": %%d, "
        .. "\\"socket_errors\\": %%d}\\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
        latency:percentile(99), latency.max, errors.status,
        errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def wrk_run(wrk: str, base: str, token: str, plan: list[str], clients: int, seconds: float,
            folder: Path) -> dict[str, float]:
    """One wrk run: ``clients`` keep-alive connections on 2 threads for ``seconds``, rotating
    over ``plan`` (each thread from its own offset). Returns wrk's overall figures."""
    script = folder / "dashboard.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in plan),
                                    "token": token}, encoding="utf-8")
    out = subprocess.run([wrk, "-t2", f"-c{clients}", f"-d{seconds:g}s", "--latency",
                          "-s", str(script), base], check=True, capture_output=True,
                         text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("GREENMFG "))
    figures: dict[str, float] = json.loads(line[len("GREENMFG "):])
    if figures["non_2xx"] or figures["socket_errors"]:
        raise RuntimeError(f"wrk saw errors: {figures}\n{out}")
    return figures


def cpu_s(pid: int) -> float:
    """CPU time (user + system) a process has used so far, seconds (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def bench(args: argparse.Namespace, path: Path, ents: list[str], parks: list[str]) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    wrk = shutil.which("wrk") if args.client in ("auto", "wrk") else None
    if args.client == "wrk" and wrk is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    started = time.perf_counter()
    env = dict(os.environ, GREENMFG_DASHBOARD_WARMUP="false" if args.no_warmup else "true",
               GREENMFG_BENCH_NO_GC="1" if args.no_gc else "0")
    child = subprocess.Popen([sys.executable, __file__, "--serve", str(path), str(port),
                              "plain" if args.plain_uvicorn else "auto"], env=env)
    children = [child]
    scratch = tempfile.TemporaryDirectory(prefix="greenmfg-raw-")
    try:
        await wait_up(base)
        await asyncio.sleep(max(0.0, args.first_after - (time.perf_counter() - started)))
        async with httpx2.AsyncClient(base_url=base, timeout=600) as client:
            token = (await client.post("/api/v1/auth/token", data={
                "username": "bench-admin", "password": PASSWORD})).json()["access_token"]
            client.headers["Authorization"] = f"Bearer {token}"
            for what, url in (("region", f"/api/v1/dashboard/regions/R?year={YEARS[-1]}"),
                              ("park", f"/api/v1/dashboard/parks/{parks[-1]}?year={YEARS[0]}")):
                start = time.perf_counter()
                (await client.get(url)).raise_for_status()
                print(f"first {what} summary, asked {start - started:.1f} s after the server "
                      f"was started: {(time.perf_counter() - start) * 1000:.0f} ms")
            start = time.perf_counter()
            await warm(client, ents, parks)
            print(f"then every summary once: {time.perf_counter() - start:.1f} s")
        if wrk is not None:
            print(f"client: wrk ({wrk}), 2 threads, {args.clients} connections, "
                  f"{args.seconds:g} s a run")
            rng = random.Random(args.seed)
            kinds = rng.choices(("enterprise", "park", "region"), weights=(6, 3, 1), k=10_000)
            plan = [urls(kind, rng, ents, parks) for kind in kinds]
            targets = [("greenmfg", base, child.pid)]
            label = f"{len(ents)} enterprises, {len(parks)} parks"
            if args.raw:
                raw_port = free_port()
                bodies = Path(scratch.name) / "bodies.json"
                await save_bodies(base, token, sorted(set(plan)), bodies)
                raw = subprocess.Popen([sys.executable, __file__, "--serve-raw", str(bodies),
                                        str(raw_port), "plain" if args.plain_uvicorn else "auto"])
                children.append(raw)
                await wait_up(f"http://127.0.0.1:{raw_port}")
                targets.append(("raw", f"http://127.0.0.1:{raw_port}", raw.pid))
            await asyncio.to_thread(bench_wrk, args, wrk, targets, token, plan, label)
        else:
            print(f"client: the Python asyncio client (wrk not found), {args.clients} connections")
            await bench_python(args, port, token, child.pid, ents, parks)
    finally:
        for each in children:
            each.terminate()
            each.wait(timeout=30)
        scratch.cleanup()


def bench_wrk(args: argparse.Namespace, wrk: str, targets: list[tuple[str, str, int]],
              token: str, plan: list[str], label: str) -> None:
    """``args.repeat`` wrk runs against each target (name, base URL, server pid), taking
    turns, so that a noisy spell on the shared machine hits both alike."""
    rows: dict[str, list[tuple[float, ...]]] = {name: [] for name, _, _ in targets}
    with tempfile.TemporaryDirectory(prefix="greenmfg-wrk-") as folder:
        for run in range(args.repeat):
            for name, base, pid in targets:
                cpu = cpu_s(pid)
                fig = wrk_run(wrk, base, token, plan, args.clients, args.seconds, Path(folder))
                seconds = fig["duration_us"] / 1e6
                server_cpu = cpu_s(pid) - cpu
                row = (fig["p50_us"] / 1000, fig["p95_us"] / 1000, fig["p99_us"] / 1000,
                       fig["requests"] / seconds, server_cpu * 1000 / fig["requests"],
                       server_cpu / seconds * 100)
                rows[name].append(row)
                print(f"run {run + 1} {name}: {fig['requests']:.0f} requests in {seconds:.1f} s "
                      f"({row[3]:.0f} req/s); p50 {row[0]:.1f} ms, p95 {row[1]:.1f} ms, "
                      f"p99 {row[2]:.1f} ms; server CPU {row[4]:.2f} ms a request, "
                      f"{row[5]:.0f} % of a core")
    print(f"\n{args.clients} connections, {label}, all endpoints (60/30/10 % "
          f"enterprise/park/region); medians of {args.repeat} wrk runs of {args.seconds:g} s")
    names = ("p50 ms", "p95 ms", "p99 ms", "req/s", "server CPU ms/req", "server CPU % core")
    print(f"{'':<20}" + "".join(f"{name:>12}" for name, _, _ in targets))
    for n, name in enumerate(names):
        print(f"{name:<20}" + "".join(f"{statistics.median(r[n] for r in rows[t]):>12.2f}"
                                      for t, _, _ in targets))


async def bench_python(args: argparse.Namespace, port: int, token: str, pid: int,
                       ents: list[str], parks: list[str]) -> None:
    runs: dict[str, list[tuple[float, float, float]]] = {"enterprise": [], "park": [],
                                                         "region": []}
    for run in range(args.repeat):
        start, cpu = time.perf_counter(), cpu_s(pid)
        lat = await load(port, token, ents, parks, args.clients, args.requests, run)
        wall = time.perf_counter() - start
        server_ms = (cpu_s(pid) - cpu) * 1000 / args.requests
        print(f"run {run + 1}: {args.requests} requests in {wall:.1f} s "
              f"({args.requests / wall:.0f} req/s); server CPU {server_ms:.2f} ms a request")
        for kind, values in lat.items():
            runs[kind].append((pct(values, 0.50), pct(values, 0.95), pct(values, 0.99)))
    print(f"\n{args.clients} concurrent clients, {len(ents)} enterprises, {len(parks)} parks; "
          f"medians of {args.repeat} runs")
    print(f"{'endpoint':<12} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, triples in runs.items():
        print(f"{kind:<12} " + " ".join(f"{statistics.median(t[n] for t in triples):>8.1f}"
                                        for n in range(3)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--parks", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator: wrk where installed (auto), or the Python client")
    parser.add_argument("--seconds", type=float, default=15, help="length of one wrk run")
    parser.add_argument("--no-gc", action="store_true",
                        help="turn the garbage collector off in the server (a diagnosis: its full "
                             "collections over the cached inventories make the p99)")
    parser.add_argument("--no-warmup", action="store_true",
                        help="start the server without warming the dashboard summaries")
    parser.add_argument("--first-after", type=float, default=0, metavar="SECONDS",
                        help="ask the first summaries this long after starting the server")
    parser.add_argument("--workspace", type=Path,
                        help="keep the seeded workspace in this file and reuse it when it exists")
    parser.add_argument("--plain-uvicorn", action="store_true",
                        help="asyncio event loop and h11 even where uvloop and httptools exist")
    parser.add_argument("--no-raw", dest="raw", action="store_false",
                        help="skip the raw baseline (the same bytes from a bare Starlette route)")
    parser.add_argument("--serve-raw", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--serve", nargs=3, metavar=("WORKSPACE", "PORT", "LOOP"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), int(args.serve[1]), args.serve[2])
        return
    if args.serve_raw:
        serve_raw(Path(args.serve_raw[0]), int(args.serve_raw[1]), args.serve_raw[2])
        return
    with tempfile.TemporaryDirectory(prefix="greenmfg-bench-") as folder:
        path = args.workspace or Path(folder) / "bench.duckdb"
        if path.exists():
            ents = [f"E{e:05d}" for e in range(args.enterprises)]
            parks = [f"P{p:02d}" for p in range(args.parks)]
            print(f"reusing the seeded workspace {path}")
        else:
            start = time.perf_counter()
            ents, parks = seed_workspace(path, args.enterprises, args.parks, args.seed)
            print(f"seeded {len(ents)} enterprises × {len(YEARS)} years × 12 months in "
                  f"{time.perf_counter() - start:.1f} s")
        asyncio.run(bench(args, path, ents, parks))


if __name__ == "__main__":
    main()
