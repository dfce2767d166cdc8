"""Lists come in pages: ``limit`` (1-500, default 50) and ``offset``, with the ``total``."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import ORGS, Api
from tests.api.test_openapi import COMMITTED


def test_org_pages_add_up_to_the_whole_list(api: Api) -> None:
    pages = [api.get("/api/v1/orgs", "admin", params={"limit": 3, "offset": offset}).json()
             for offset in (0, 3, 6)]
    assert [len(p["items"]) for p in pages] == [3, 3, 2]
    assert {p["total"] for p in pages} == {len(ORGS)}
    assert [(p["limit"], p["offset"]) for p in pages] == [(3, 0), (3, 3), (3, 6)]
    assert [o["code"] for p in pages for o in p["items"]] == sorted(ORGS)
    beyond = api.get("/api/v1/orgs", "admin", params={"offset": 100}).json()
    assert beyond["items"] == [] and beyond["total"] == len(ORGS)
    default = api.get("/api/v1/orgs", "admin").json()
    assert (default["limit"], default["offset"]) == (50, 0)


def test_a_page_counts_only_what_the_caller_may_see(api: Api) -> None:
    page = api.get("/api/v1/orgs", "park", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 4 and [o["code"] for o in page["items"]] == ["E1-S1"]


def test_audit_pages(api: Api) -> None:
    whole = api.get("/api/v1/audit", "admin", params={"limit": 500}).json()
    assert whole["total"] == len(whole["items"]) >= 10
    seqs = [e["seq"] for e in whole["items"]]
    assert seqs == sorted(seqs)
    paged = []
    for offset in range(0, whole["total"], 4):
        page = api.get("/api/v1/audit", "admin", params={"limit": 4, "offset": offset}).json()
        assert page["total"] == whole["total"] and len(page["items"]) <= 4
        paged += [e["seq"] for e in page["items"]]
    assert paged == seqs


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1},
                                    {"limit": "ten"}])
@pytest.mark.parametrize("url", ["/api/v1/orgs", "/api/v1/audit", "/api/v1/users"])
def test_bad_page_parameters(api: Api, url: str, params: dict[str, object]) -> None:
    response = api.get(url, "admin", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_request"
    assert body["errors"][0]["loc"][0] == "query"
    assert "items" not in body


def test_every_list_endpoint_is_paginated() -> None:
    """Every GET that answers a list answers a page: ``limit``/``offset`` in, ``total`` out.

    Walks the committed OpenAPI document, so a new list endpoint that returns a bare array or
    an unpaged ``items`` fails here."""
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    lists = []
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        answer = get["responses"]["200"]["content"]["application/json"]["schema"]
        schema = schemas[answer["$ref"].rsplit("/", 1)[-1]] if "$ref" in answer else answer
        properties = schema.get("properties", {})
        if schema.get("type") == "array" or "items" in properties:
            lists.append(path)
            assert {"total", "limit", "offset"} <= set(properties), path
            assert {"limit", "offset"} <= {p["name"] for p in get.get("parameters", [])
                                            if p["in"] == "query"}, path
    assert sorted(lists) == ["/api/v1/audit", "/api/v1/orgs", "/api/v1/orgs/{code}/activity",
                            "/api/v1/users"]


@pytest.mark.parametrize("url", ["/api/v1/orgs", "/api/v1/audit", "/api/v1/users"])
def test_every_list_answers_its_page(api: Api, url: str) -> None:
    whole = api.get(url, "admin", params={"limit": 500}).json()
    assert whole["total"] == len(whole["items"]) >= 5
    page = api.get(url, "admin", params={"limit": 2, "offset": 1}).json()
    assert page["items"] == whole["items"][1:3]
    assert (page["total"], page["limit"], page["offset"]) == (whole["total"], 2, 1)
