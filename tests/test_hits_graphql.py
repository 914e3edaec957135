"""Hits through GraphQL: the hits and hitAlerts queries, confirmHit and rejectHit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.clock import FixedClock
from resolvers import persons
from tests.test_hits import SPELLED, acting, make_world

HITS = """query ($status: HitStatus) { hits(status: $status, first: 10) {
  totalCount edges { node { id status score reasons custody warrantId owningProvinceCode
  provinceCode deadlineAt } } } }"""
ALERTS = """{ hitAlerts(unreadOnly: true, first: 10) {
  totalCount edges { node { id kind hitId addressedToRole addressedToUnit } } } }"""
CONFIRM = """mutation ($id: ID!) { confirmHit(id: $id) {
  __typename ... on HitSuccess { hit { status decidedAt } } ... on Forbidden { message } } }"""
REJECT = """mutation ($id: ID!) { rejectHit(id: $id, reason: "other man") {
  __typename ... on HitSuccess { hit { status decisionReason } } } }"""
ACK = """mutation ($ids: [ID!]!) { acknowledgeHitAlerts(ids: $ids) {
  __typename ... on HitAlertsSuccess { alerts { readAt acknowledgedAt } } } }"""


def data(result: Any) -> Any:
    assert result.errors is None, result.errors
    return result.data


async def test_hits_and_alerts_are_listed_and_decided_through_graphql(
    db: Any, session: AsyncSession, graphql: Any, clock: FixedClock
) -> None:
    world = await make_world(session)
    async with acting(db, world["pp"], clock) as ctx:
        await persons.create_person(ctx, SPELLED)
    listed = data(await graphql(HITS, {"status": "PENDING"}, world["sr"]))["hits"]
    assert listed["totalCount"] == 1
    [edge] = listed["edges"]
    node = edge["node"]
    assert (node["status"], node["custody"], node["owningProvinceCode"]) == (
        "PENDING",
        False,
        "17",
    )
    assert node["provinceCode"] == "12" and "same birth day" in node["reasons"]
    assert data(await graphql(HITS, {}, world["kampot"]))["hits"]["totalCount"] == 0
    alerts = data(await graphql(ALERTS, {}, world["sr"]))["hitAlerts"]
    assert [e["node"]["kind"] for e in alerts["edges"]] == ["hit"]
    alert_id = alerts["edges"][0]["node"]["id"]
    acked = data(await graphql(ACK, {"ids": [alert_id]}, world["sr"]))["acknowledgeHitAlerts"]
    assert acked["alerts"][0]["acknowledgedAt"] is not None
    assert data(await graphql(ALERTS, {}, world["sr"]))["hitAlerts"]["totalCount"] == 0
    refused = data(await graphql(CONFIRM, {"id": node["id"]}, world["pp"]))["confirmHit"]
    assert refused["__typename"] == "Forbidden"
    hidden = data(await graphql(CONFIRM, {"id": node["id"]}, world["kampot"]))["confirmHit"]
    assert hidden["__typename"] == "NotFound"
    rejected = data(await graphql(REJECT, {"id": node["id"]}, world["sr_chief"]))["rejectHit"]
    assert rejected["hit"] == {"status": "REJECTED", "decisionReason": "other man"}
