"""The route matrix's checks, over an httpx client on the real app.

For every endpoint of the route table (tests.trust.routes): anonymous callers get the refusal;
a signed-in caller whose role the page's registered needs refuse gets the 403 page; a POST
without the CSRF token is refused; and every path parameter naming a record, asked with the id
of a record the caller may not see, answers exactly as for an id that does not exist (status and
body, the id apart) and never shows the record's text. GraphQL's ``node(id)`` and the photo route
are asked the same way.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from tests.admin_support import signed_in
from tests.trust.leaks import MARKER
from tests.trust.oracle import Oracle
from tests.trust.principals import Signed
from tests.trust.routes import CSRF_EXEMPT, STREAMS, Endpoint, opens_for
from tests.trust.world import TYPES, World, gid

MISSING = 987654
NODE = "query ($id: ID!) { node(id: $id) { __typename id } }"
# Query strings a page needs to show anything (a search beyond one's own province says why).
SEARCH = "purpose=trust+matrix+every+page"
QUERIES = {"/admin/persons": f"?{SEARCH}", "/admin/person-search": f"?{SEARCH}&q=Dara"}
QUERIES |= {f"/admin/export/{k}": f"?format=csv&{SEARCH}" for k in ("offences", "persons", "cases")}
QUERIES |= {f"/admin/export/{k}": "?format=csv" for k in ("warrants", "notices")}


@dataclass
class RouteReport:
    violations: list[str] = field(default_factory=list)
    requests: int = 0
    checked: dict[str, int] = field(default_factory=dict)  # check -> cases
    timing: dict[str, float] = field(default_factory=dict)  # endpoint -> seconds
    routes: int = 0
    with_records: int = 0
    seconds: float = 0.0

    def count(self, check: str) -> None:
        self.checked[check] = self.checked.get(check, 0) + 1

    def summary(self) -> str:
        cases = ", ".join(f"{n} {check}" for check, n in sorted(self.checked.items()))
        return (
            f"{self.routes} route-methods ({self.with_records} naming a record): {cases}; "
            f"{self.requests} requests, {len(self.violations)} violations, {self.seconds:.1f} s"
        )


@dataclass
class Routes:
    client: httpx.AsyncClient
    endpoints: list[Endpoint]
    report: RouteReport = field(default_factory=RouteReport)

    def __post_init__(self) -> None:
        self.report.routes = len(self.endpoints)
        self.report.with_records = sum(1 for e in self.endpoints if e.record is not None)

    async def send(self, endpoint: Endpoint, path: str, **kw: Any) -> httpx.Response:
        self.report.requests += 1
        started = time.perf_counter()
        try:
            return await self.client.request(endpoint.method, path, **kw)
        finally:
            key = f"{endpoint.method} {endpoint.path}"
            timing = self.report.timing
            timing[key] = timing.get(key, 0.0) + time.perf_counter() - started

    def fail(self, endpoint: Endpoint, who: str, problem: str) -> None:
        self.report.violations.append(f"{who} · {endpoint.method} {endpoint.path}: {problem}")

    async def anonymous(self) -> None:
        """Every route that is not public refuses a caller without credentials."""
        self.client.cookies.clear()
        for endpoint in self.endpoints:
            if endpoint.method == "WEBSOCKET" or endpoint.rule in ("public", "credentials"):
                continue
            response = await self.send(endpoint, endpoint.concrete(), headers={})
            self.report.count("anonymous refusals")
            rule = endpoint.rule
            if rule == "page" and not (
                response.status_code == 303
                and response.headers["location"].startswith("/admin/login")
            ):
                self.fail(endpoint, "anonymous", f"answered {response.status_code}, not sign-in")
            if rule == "session" and response.status_code != 401:
                self.fail(endpoint, "anonymous", f"answered {response.status_code}, not 401")
            if rule == "refused" and response.status_code < 400:
                self.fail(endpoint, "anonymous", f"answered {response.status_code}, not refused")
            photo = rule == "scoped" and "/photos/" in endpoint.path
            if photo and response.status_code != 404:
                self.fail(endpoint, "anonymous", f"answered {response.status_code}, not 404")

    async def sign_in(self, session: AsyncSession, clock: FixedClock, signed: Signed) -> str:
        """Sign in through the admin's form (the client keeps the cookie); the CSRF token."""
        assert signed.user is not None
        position = signed.caller.position
        return await signed_in(self.client, session, clock, position, user=signed.user)

    async def as_caller(
        self, session: AsyncSession, clock: FixedClock, signed: Signed, world: World
    ) -> None:
        csrf = await self.sign_in(session, clock, signed)
        principal = replace(signed.principal, session_id=1)
        who, oracle = signed.caller.name, Oracle(world, signed.principal)
        for endpoint in self.endpoints:
            if endpoint.page is None or endpoint.method == "WEBSOCKET":
                continue
            if not opens_for(endpoint, principal):
                await self._refused(endpoint, who, csrf)
                continue
            if endpoint.record is not None:
                await self._hidden(endpoint, who, csrf, oracle)
            if endpoint.method == "GET" and endpoint.page.name not in STREAMS:
                await self._shown(endpoint, who, oracle)
        await self._graphql_hidden(who, csrf, oracle)
        await self.photos(who, oracle)

    async def _refused(self, endpoint: Endpoint, who: str, csrf: str) -> None:
        response = await self.send(endpoint, endpoint.concrete(), headers={"X-CSRF-Token": csrf})
        self.report.count("refused roles")
        if response.status_code != 403 or 'id="refused"' not in response.text:
            self.fail(endpoint, who, f"answered {response.status_code}, not the refusal")

    async def _hidden(self, endpoint: Endpoint, who: str, csrf: str, oracle: Oracle) -> None:
        """The first and the last row hidden from the caller (another province's, a sealed
        case: the world holds them in that order) answer as a missing id does."""
        type_name = endpoint.record
        assert type_name is not None
        model = TYPES[type_name]
        hidden = [r for r in oracle.world.of(model) if not oracle.visible(type_name, r.id)]
        if not hidden:
            return
        headers = {"X-CSRF-Token": csrf}
        missing = await self.send(endpoint, endpoint.concrete(MISSING), headers=headers)
        for row in {r.id: r for r in (hidden[0], hidden[-1])}.values():
            asked = await self.send(endpoint, endpoint.concrete(row.id), headers=headers)
            self.report.count("hidden ids")
            self._same(endpoint, who, f"{type_name} {row.id}", asked, missing, row.id, oracle)

    async def _shown(self, endpoint: Endpoint, who: str, oracle: Oracle) -> None:
        """A page the caller may open shows no text the oracle forbids it; a record page is
        asked for the visible row with the most to withhold (a masked field, if any)."""
        path = endpoint.concrete()
        if endpoint.params:
            if endpoint.record is None:
                return
            row = _most_withheld(endpoint.record, oracle)
            if row is None:
                return
            path = endpoint.concrete(row.id)
        response = await self.send(endpoint, path + QUERIES.get(endpoint.path, ""))
        self.report.count("pages read")
        if response.status_code >= 500:
            self.fail(endpoint, who, f"{path} answered {response.status_code}")
        forbidden = oracle.forbidden_texts
        shown = sorted({m for m in MARKER.findall(response.text) if m in forbidden})
        for marker in shown:
            self.fail(endpoint, who, f"{path} shows {marker!r}, but {forbidden[marker]}")

    def _same(
        self,
        endpoint: Endpoint,
        who: str,
        what: str,
        asked: httpx.Response,
        missing: httpx.Response,
        key: object,
        oracle: Oracle,
    ) -> None:
        if asked.status_code != missing.status_code:
            problem = f"{what} answers {asked.status_code}, a missing id {missing.status_code}"
            self.fail(endpoint, who, problem)
        elif _normal(asked.text, key) != _normal(missing.text, key):
            self.fail(endpoint, who, f"{what} answers otherwise than a missing id")
        shown = [m.text for m in oracle.world.markers if m.text in asked.text]
        if shown:
            self.fail(endpoint, who, f"{what}: shows {shown}")

    async def _graphql_hidden(self, who: str, csrf: str, oracle: Oracle) -> None:
        endpoint = next(e for e in self.endpoints if e.path == "/graphql" and e.method == "POST")
        for type_name, model in TYPES.items():
            hidden = [r for r in oracle.world.of(model) if not oracle.visible(type_name, r.id)]
            if not hidden:
                continue
            answers = []
            for key in (hidden[0].id, MISSING):
                body = {"query": NODE, "variables": {"id": gid(type_name, key)}}
                answers.append(await self.send(endpoint, "/graphql", json=body))
            self.report.count("hidden ids")
            asked, missing = answers
            what = f"node({type_name} {hidden[0].id})"
            self._same(endpoint, who, what, asked, missing, hidden[0].id, oracle)

    async def photos(self, who: str, oracle: Oracle) -> None:
        """A photo the caller may not see answers as a missing one; one it may see, 200."""
        endpoint = next(e for e in self.endpoints if "/photos/" in e.path and e.method == "GET")
        missing = await self.send(endpoint, f"/persons/{gid('Person', MISSING)}/photos/{MISSING}")
        for label, photo in oracle.world.rows.items():
            if not label.endswith(".photo"):
                continue
            hidden = not oracle.visible("Person", photo.person_id) or oracle.hidden(
                "Person", "photos", photo.person_id
            )
            path = f"/persons/{gid('Person', photo.person_id)}/photos/{photo.id}"
            response = await self.send(endpoint, path)
            self.report.count("photos")
            if hidden:
                self._same(endpoint, who, label, response, missing, photo.id, oracle)
            elif response.status_code != 200:
                self.fail(endpoint, who, f"{label} is visible, but answers {response.status_code}")

    async def csrf(self, csrf_holder: str) -> None:
        """Every state-changing request authenticated by the session cookie needs the token."""
        for endpoint in self.endpoints:
            if endpoint.method != "POST" or endpoint.path in CSRF_EXEMPT:
                continue
            body: dict[str, Any] = {"data": {"anything": "x"}}
            if endpoint.path == "/graphql":
                body = {"json": {"query": "mutation { markInboxRead(ids: []) { __typename } }"}}
            response = await self.send(endpoint, endpoint.concrete(), **body)
            self.report.count("posts without CSRF")
            if response.status_code != 403 or "CSRF" not in response.text:
                self.fail(endpoint, csrf_holder, f"answered {response.status_code} without CSRF")


def _most_withheld(type_name: str, oracle: Oracle) -> Any:
    """The visible row of this type with the most marker text the caller may not read."""
    withheld: dict[int, int] = {}
    for marker in oracle.world.markers:
        if marker.type_name == type_name and marker.text in oracle.forbidden_texts:
            withheld[marker.key] = withheld.get(marker.key, 0) + 1
    visible = [r for r in oracle.world.of(TYPES[type_name]) if oracle.visible(type_name, r.id)]
    return max(visible, key=lambda r: withheld.get(r.id, 0), default=None)


def _normal(text: str, key: object) -> str:
    """The body with the asked id and the missing one both written as ID."""
    for value in (key, MISSING):
        text = re.sub(rf"(?<![0-9A-Za-z]){re.escape(str(value))}(?![0-9A-Za-z])", "ID", text)
    return text


def timed(report: RouteReport, started: float) -> None:
    report.seconds = time.perf_counter() - started
