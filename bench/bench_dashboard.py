"""Dashboard summary endpoints under load: 50 concurrent clients over a seeded region.

A seeded workspace (default 2,000 enterprises in 20 parks in one region, two years of monthly
natural gas, purchased electricity and green certificates) is served by uvicorn in a child
process on a loopback port; an asyncio client with ``--clients`` concurrent connections asks the
enterprise, park and region summaries (random codes and years) and prints p50 / p95 latency per
endpoint, the median over ``--repeat`` runs. The caches are warmed first (their cold times are
printed too): the figures measure serving computed summaries, which is what the dashboard does
between two imports.

    python bench/bench_dashboard.py --enterprises 2000 --clients 50 --requests 3000 --repeat 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
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
    import uvicorn
    from pydantic import SecretStr

    from greenmfg.api import load_settings
    from greenmfg.web import create_site
    settings = load_settings(secret_key=SecretStr(SECRET))
    plain = {"loop": "asyncio", "http": "h11"} if loop == "plain" else {}
    uvicorn.run(create_site(path, settings), host="127.0.0.1", port=port, log_level="warning",
                **plain)  # type: ignore[arg-type]


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


async def warm(client: httpx2.AsyncClient, ents: list[str], parks: list[str]) -> dict[str, float]:
    """Ask every summary once; returns the cold time of the first region and park summaries."""
    cold: dict[str, float] = {}
    for kind, path in (("region (cold, computes every inventory)", "/api/v1/dashboard/regions/R"),
                       ("park (inventories cached)", f"/api/v1/dashboard/parks/{parks[0]}")):
        start = time.perf_counter()
        for year in YEARS:
            (await client.get(f"{path}?year={year}")).raise_for_status()
        cold[kind] = (time.perf_counter() - start) / len(YEARS)
    for year in YEARS:
        for park in parks:
            (await client.get(f"/api/v1/dashboard/parks/{park}?year={year}")).raise_for_status()
        for ent in ents:
            (await client.get(f"/api/v1/dashboard/enterprises/{ent}?year={year}")
             ).raise_for_status()
    return cold


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
    child = subprocess.Popen([sys.executable, __file__, "--serve", str(path), str(port),
                              "plain" if args.plain_uvicorn else "auto"])
    try:
        await wait_up(base)
        async with httpx2.AsyncClient(base_url=base, timeout=600) as client:
            token = (await client.post("/api/v1/auth/token", data={
                "username": "bench-admin", "password": PASSWORD})).json()["access_token"]
            client.headers["Authorization"] = f"Bearer {token}"
            start = time.perf_counter()
            cold = await warm(client, ents, parks)
            print(f"warm-up of every summary: {time.perf_counter() - start:.1f} s")
            for kind, seconds in cold.items():
                print(f"  first {kind}: {seconds * 1000:.0f} ms")
        runs: dict[str, list[tuple[float, float]]] = {"enterprise": [], "park": [], "region": []}
        for run in range(args.repeat):
            start, cpu = time.perf_counter(), cpu_s(child.pid)
            lat = await load(port, token, ents, parks, args.clients, args.requests, run)
            wall = time.perf_counter() - start
            server_ms = (cpu_s(child.pid) - cpu) * 1000 / args.requests
            print(f"run {run + 1}: {args.requests} requests in {wall:.1f} s "
                  f"({args.requests / wall:.0f} req/s); server CPU {server_ms:.2f} ms a request")
            for kind, values in lat.items():
                runs[kind].append((pct(values, 0.50), pct(values, 0.95)))
        print(f"\n{args.clients} concurrent clients, {len(ents)} enterprises, {len(parks)} parks; "
              f"medians of {args.repeat} runs")
        print(f"{'endpoint':<12} {'p50 ms':>8} {'p95 ms':>8}")
        for kind, pairs in runs.items():
            print(f"{kind:<12} {statistics.median(p[0] for p in pairs):>8.1f} "
                  f"{statistics.median(p[1] for p in pairs):>8.1f}")
    finally:
        child.terminate()
        child.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--parks", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--plain-uvicorn", action="store_true",
                        help="asyncio event loop and h11 even where uvloop and httptools exist")
    parser.add_argument("--serve", nargs=3, metavar=("WORKSPACE", "PORT", "LOOP"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), int(args.serve[1]), args.serve[2])
        return
    with tempfile.TemporaryDirectory(prefix="greenmfg-bench-") as folder:
        path = Path(folder) / "bench.duckdb"
        start = time.perf_counter()
        ents, parks = seed_workspace(path, args.enterprises, args.parks, args.seed)
        print(f"seeded {len(ents)} enterprises × {len(YEARS)} years × 12 months in "
              f"{time.perf_counter() - start:.1f} s")
        asyncio.run(bench(args, path, ents, parks))


if __name__ == "__main__":
    main()
