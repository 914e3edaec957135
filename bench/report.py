"""The report: issue 8's targets judged per scenario, the table, and what was not measured."""

from __future__ import annotations

from typing import Any

MAX_RSS_MB = 300.0
NESTED = ("profile", "offence_page")
NESTED_RATIO = 2.0  # nested reads: p50 at most twice the floor's
SEARCH_P95_MS = 50.0
POLICY_RATIO = 1.15
IMPORT_SHARE = 0.5  # bulk import: at least half the raw COPY rate
HIT_P99_MS = 300.0  # commit to a subscriber on another process


def ratio(line: dict[str, Any]) -> float | None:
    api, floor = line.get("api"), line.get("floor")
    if not api or not floor or not floor["p50_ms"]:
        return None
    return round(float(api["p50_ms"]) / float(floor["p50_ms"]), 2)


def judge(line: dict[str, Any]) -> dict[str, bool]:
    """Each target that applies to the line: met or not."""
    found: dict[str, bool] = {}
    name, api = line["scenario"], line.get("api")
    if line.get("same answer as floor") is False:
        found["same answer as floor"] = False
    if api is None:
        return found
    found["no errors"] = api["errors"] == 0
    if line.get("floor"):
        found["floor without errors"] = line["floor"]["errors"] == 0
    memory = line.get("memory") or {}
    found[f"RSS <= {MAX_RSS_MB:.0f} MB"] = memory.get("peak_rss_mb", 0) <= MAX_RSS_MB
    if name in NESTED:
        r = ratio(line)
        found[f"p50 <= {NESTED_RATIO:g}x floor"] = r is not None and r <= NESTED_RATIO
        data = api.get("data_statements") or {}
        found["data SQL <= depth+1"] = data.get("max", 1 << 30) <= line["depth"] + 1
    if name == "search":
        found[f"p95 <= {SEARCH_P95_MS:g} ms"] = api["p95_ms"] <= SEARCH_P95_MS
        alone = (line.get("alone") or {}).get("api")
        if alone:
            found[f"p95 <= {SEARCH_P95_MS:g} ms with one client"] = alone["p95_ms"] <= SEARCH_P95_MS
    if name == "hit_latency":
        found["no lost alerts"] = api.get("lost", 1) == 0
        timed = api.get("requests", 0) > 0
        found[f"p99 <= {HIT_P99_MS:g} ms"] = timed and api["p99_ms"] <= HIT_P99_MS
    if name == "policy":
        overhead = line.get("overhead")
        found[f"overhead <= {POLICY_RATIO:g}"] = overhead is not None and overhead <= POLICY_RATIO
    return found


COLUMNS = (
    ("scenario", 14),
    ("p50 ms", 8),
    ("p95 ms", 8),
    ("p99 ms", 8),
    ("req/s", 7),
    ("floor p50", 9),
    ("floor r/s", 9),
    ("x floor", 7),
    ("app CPU", 7),
    ("floor CPU", 9),
    ("db CPU", 6),
    ("floor db", 8),
    ("SQL/req", 7),
    ("data SQL", 8),
    ("RSS MB", 6),
    ("err", 4),
)


def _cells(line: dict[str, Any]) -> list[str]:
    api, floor = line.get("api") or {}, line.get("floor") or {}
    statements = api.get("statements") or {}
    data = api.get("data_statements") or {}
    r = ratio(line)
    if line["scenario"] == "policy" and line.get("overhead") is not None:
        r = line["overhead"]  # the provincial user's p50 over the national analyst's
    return [
        line["scenario"],
        f"{api.get('p50_ms', '-')}",
        f"{api.get('p95_ms', '-')}",
        f"{api.get('p99_ms', '-')}",
        f"{api.get('throughput', '-')}",
        f"{floor.get('p50_ms', '-')}",
        f"{floor.get('throughput', '-')}",
        "-" if r is None else f"{r}",
        f"{api.get('app_cpu_ms', '-')}",
        f"{floor.get('app_cpu_ms', '-')}",
        f"{api.get('db_cpu_ms', '-')}",
        f"{floor.get('db_cpu_ms', '-')}",
        f"{statements.get('mean', '-')}",
        f"{data.get('mean', '-')}",
        f"{(line.get('memory') or {}).get('peak_rss_mb', '-')}",
        f"{api.get('errors', '-')}",
    ]


def table(lines: list[dict[str, Any]], not_measured: dict[str, str]) -> str:
    out = ["  ".join(f"{name:>{width}}" for name, width in COLUMNS)]
    for line in lines:
        if line["scenario"].startswith("import"):
            continue  # shown on its own, below
        cells = _cells(line)
        out.append("  ".join(f"{c:>{w}}" for c, (_, w) in zip(cells, COLUMNS, strict=True)))
    out.append("")
    for line in lines:
        verdicts = {} if line["scenario"].startswith("import") else line.get("targets") or {}
        if verdicts:
            shown = ", ".join(f"{k}: {'ok' if v else 'MISSED'}" for k, v in verdicts.items())
            out.append(f"{line['scenario']:>14}  {shown}")
        alone = line.get("alone") or {}
        if alone.get("api"):
            floor = (alone.get("floor") or {}).get("p95_ms", "-")
            out.append(
                f"{'':>14}  one client: p50 {alone['api']['p50_ms']} ms, "
                f"p95 {alone['api']['p95_ms']} ms (floor p95 {floor} ms)"
            )
        if "mismatch" in line:
            out.append(f"{'':>14}  {line['mismatch']}")
    for name, title in not_measured.items():
        out.append(f"{name:>14}  not measured (not built yet): {title}")
    out.append("")
    out.append("x floor: p50 over the floor's p50; for policy, the provincial user's p50 over")
    out.append("the national analyst's. SQL/req: every statement of a request; data SQL: less")
    out.append("authentication and the audit append (bench.server_app). CPU: milliseconds per")
    out.append("request of the server's workers (app, floor) and of PostgreSQL (db, floor db).")
    out.append("hit_latency: an alert's receipt by a subscriber on one server process minus the")
    out.append("commit of the write that raised it on another; req/s: writes per second.")
    return "\n".join(out)
