"""The tenancy matrix: every role × every organisation × every endpoint.

Inside the scope the call works; outside it answers 404 (the very answer for a code that does not
exist) and no data; in scope but beyond the role's rights, 403 and no data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from greenmfg.access import Access, Role
from tests.api.conftest import (
    ORGS,
    SCOPES,
    USERS,
    YEAR,
    Api,
    assert_no_data,
    copy_of,
    csv_of,
    open_api,
    org_name,
    org_row,
)

IMPORTERS = {"ent", "park", "admin"}
SIGNERS = {"ver"}
ENTERPRISE_ORGS = {"E1", "E2", "E3", "E4"}
NO_RECORD = "A-0000000000000000"


@pytest.fixture(scope="module")
def matrix(seeded_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[Api, dict[str, str]]]:
    """One app for the whole matrix (the calls below change no inventory), and the inventory
    result id of every organisation, computed by the admin."""
    for api in open_api(copy_of(seeded_file, tmp_path_factory.mktemp("matrix"))):
        result_ids = {}
        for code in ORGS:
            response = api.get(f"/api/v1/orgs/{code}/inventory", "admin", params={"year": YEAR})
            assert response.status_code == 200, response.text
            result_ids[code] = response.json()["lineage"]["result_id"]
        yield api, result_ids


def _absent(api: Api, user: str, url: str, org: str) -> str:
    """The 404 body for the same call on a code that does not exist, with ``org`` put back."""
    response = api.get(url.replace(f"/{org}", "/NO-SUCH-ORG"), user)
    assert response.status_code == 404
    return response.text.replace("NO-SUCH-ORG", org)


READS = {
    "org": "/api/v1/orgs/{org}",
    "inventory": "/api/v1/orgs/{org}/inventory?year=" + str(YEAR),
    "benchmark": "/api/v1/orgs/{org}/benchmark?year=" + str(YEAR),
}


@pytest.mark.parametrize("endpoint", READS)
@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("user", USERS)
def test_reads(matrix: tuple[Api, dict[str, str]], user: str, org: str, endpoint: str) -> None:
    api, _ = matrix
    url = READS[endpoint].format(org=org)
    response = api.get(url, user)
    if org in SCOPES[user]:
        assert response.status_code == 200, response.text
        body = response.json()
        assert body.get("code", body.get("org")) == org
    else:
        assert_no_data(response, 404, org_name(org), "co2e_t", "lineage")
        assert response.text == _absent(api, user, url, org)


@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("user", USERS)
def test_explain(matrix: tuple[Api, dict[str, str]], user: str, org: str) -> None:
    api, result_ids = matrix
    response = api.get(f"/api/v1/results/{result_ids[org]}/explain", user)
    if org in SCOPES[user]:
        assert response.status_code == 200, response.text
        assert response.json()["result_id"] == result_ids[org]
    else:
        assert_no_data(response, 404, org_name(org), result_ids[org][2:] + '"', "records")
        missing = api.get("/api/v1/results/I-0000000000000000/explain", user)
        assert response.text == missing.text.replace("I-0000000000000000", result_ids[org])


@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("user", USERS)
def test_import(matrix: tuple[Api, dict[str, str]], user: str, org: str) -> None:
    """The organisation's own row, unchanged: it changes nothing where it is allowed."""
    api, _ = matrix
    files = {"file": ("orgs.csv", csv_of([org_row(org)]), "text/csv")}
    response = api.post(f"/api/v1/orgs/{org}/imports", user, files=files)
    if org not in SCOPES[user]:
        assert_no_data(response, 404, org_name(org))
    elif user not in IMPORTERS:
        assert_no_data(response, 403, org_name(org))
    else:
        assert response.status_code == 201, response.text
        assert response.json()["rows_read"] == 1
        assert response.json()["organisations"] == 0


@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("user", USERS)
def test_signoff(matrix: tuple[Api, dict[str, str]], user: str, org: str) -> None:
    api, result_ids = matrix
    response = api.post(f"/api/v1/orgs/{org}/inventory/{YEAR}/signoff", user,
                        json={"result_id": result_ids[org], "statement": "reviewed"})
    if org not in SCOPES[user]:
        assert_no_data(response, 404, org_name(org), result_ids[org])
    elif user not in SIGNERS:
        assert_no_data(response, 403, org_name(org), result_ids[org])
    else:
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["org_code"], body["year"], body["inventory_result_id"], body["signed_by"]) == (
            org, YEAR, result_ids[org], user)


@pytest.mark.parametrize("user", USERS)
def test_list_orgs_is_the_scope(matrix: tuple[Api, dict[str, str]], user: str) -> None:
    api, _ = matrix
    body = api.get("/api/v1/orgs", user, params={"limit": 500}).json()
    assert [o["code"] for o in body["items"]] == sorted(SCOPES[user])
    assert body["total"] == len(SCOPES[user])
    for outside in set(ORGS) - SCOPES[user]:
        assert org_name(outside) not in str(body)


@pytest.mark.parametrize("user", USERS)
def test_audit_is_scoped(matrix: tuple[Api, dict[str, str]], user: str) -> None:
    api, _ = matrix
    body = api.get("/api/v1/audit", user, params={"limit": 500}).json()
    named = [set(e["detail"].get("org_codes", [])) for e in body["items"]]
    assert body["total"] == len(body["items"]) > 0
    assert body["chain_intact"] is True
    if user == "admin":
        assert {"import", "user_add"} <= {e["action"] for e in body["items"]}
        return
    assert all(codes and codes <= SCOPES[user] for codes in named), named
    # the seed imported each enterprise's activity on its own: those in scope are all seen
    seen = {e["target"] for e in body["items"]
            if e["action"] == "import" and e["target"].startswith("activity-")}
    assert seen == {f"activity-{c}" for c in SCOPES[user] if c.startswith("E") and "-" not in c}
    assert not any(e["action"].startswith("user") for e in body["items"])


@pytest.mark.parametrize("user", USERS)
def test_me(matrix: tuple[Api, dict[str, str]], user: str) -> None:
    api, _ = matrix
    role, org = USERS[user]
    assert api.get("/api/v1/auth/me", user).json() == {
        "username": user, "role": role.value, "org_code": org, "via": "token"}


@pytest.mark.parametrize("url", [
    "/api/v1/orgs", "/api/v1/orgs/E1", f"/api/v1/orgs/E1/inventory?year={YEAR}",
    f"/api/v1/orgs/E1/benchmark?year={YEAR}", "/api/v1/audit", "/api/v1/auth/me",
    "/api/v1/results/I-0000000000000000/explain", "/api/v1/orgs/E1/activity",
    f"/api/v1/orgs/E1/activity/{NO_RECORD}",
    "/api/v1/users", "/api/v1/users/ent"])
def test_every_endpoint_needs_credentials(matrix: tuple[Api, dict[str, str]], url: str) -> None:
    api, _ = matrix
    response = api.get(url, None)
    assert_no_data(response, 401, org_name("E1"))
    assert response.headers["WWW-Authenticate"] == "Bearer"
    for url_post in ("/api/v1/orgs/E1/imports", f"/api/v1/orgs/E1/inventory/{YEAR}/signoff",
                     "/api/v1/auth/logout", "/api/v1/orgs/E1/activity"):
        assert api.post(url_post, None).status_code == 401
    record = f"/api/v1/orgs/E1/activity/{NO_RECORD}"
    assert api.client.put(record, json={}, headers={"If-Match": '"1"'}).status_code == 401
    assert api.client.delete(record, headers={"If-Match": '"1"'}).status_code == 401


def test_health_needs_no_credentials(matrix: tuple[Api, dict[str, str]]) -> None:
    api, _ = matrix
    body = api.get("/api/v1/health", None).json()
    assert body["status"] == "ok" and body["schema_version"] >= 4


# -- activity records (GET list / one, POST, PUT, DELETE) -------------------------------------
def _record_of(api: Api, org: str) -> str:
    """An activity record id of ``org`` (the admin sees every one), or one that does not exist."""
    body = api.get(f"/api/v1/orgs/{org}/activity", "admin").json()
    return body["items"][0]["record_id"] if body.get("items") else NO_RECORD


@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("user", USERS)
def test_activity_reads(matrix: tuple[Api, dict[str, str]], user: str, org: str) -> None:
    api, _ = matrix
    record = _record_of(api, org)
    listing = api.get(f"/api/v1/orgs/{org}/activity", user)
    one = api.get(f"/api/v1/orgs/{org}/activity/{record}", user)
    if org in SCOPES[user]:
        assert listing.status_code == 200, listing.text
        assert {r["org_code"] for r in listing.json()["items"]} <= {org}
        if org in ENTERPRISE_ORGS:
            assert one.status_code == 200 and one.headers["ETag"] == f'"{one.json()["version"]}"'
        else:
            assert_no_data(one, 404)
    else:
        for response in (listing, one):
            assert_no_data(response, 404, org_name(org), "quantity", record)
        assert listing.text == _absent(api, user, f"/api/v1/orgs/{org}/activity", org)
        assert one.text == _absent(api, user, f"/api/v1/orgs/{org}/activity/{record}", org)


@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("user", USERS)
def test_activity_changes(matrix: tuple[Api, dict[str, str]], user: str, org: str) -> None:
    """Create, change and delete a record of the user's own: where it is allowed, the
    workspace ends as it began."""
    api, _ = matrix
    body = {"source": f"matrix-{user}", "item": "diesel", "period": str(YEAR),
            "quantity": 1.5, "unit": "t"}
    created = api.post(f"/api/v1/orgs/{org}/activity", user, json=body)
    record = created.json().get("record_id", NO_RECORD)
    url = f"/api/v1/orgs/{org}/activity/{record}"
    headers = {**api.headers(user), "If-Match": '"1"'}
    changed = api.client.put(url, headers=headers, json={**body, "quantity": 2.5})
    deleted = api.client.delete(url, headers={**headers, "If-Match": '"2"'})
    if org not in SCOPES[user]:
        for response in (created, changed, deleted):
            assert_no_data(response, 404, org_name(org))
    elif user not in IMPORTERS:
        for response in (created, changed, deleted):
            assert_no_data(response, 403, org_name(org))
    elif org not in ENTERPRISE_ORGS:  # activity belongs to enterprises: the import's rule
        assert created.status_code == 422
        assert [r["column"] for r in created.json()["rejected"]] == ["org_code"]
    else:
        assert created.status_code == 201, created.text
        assert changed.status_code == 200 and changed.json()["version"] == 2, changed.text
        assert deleted.status_code == 204, deleted.text
        assert api.get(url, user).status_code == 404


USER_ADMINS = {"admin"}
USER_CALLS: dict[str, tuple[str, str, dict[str, str] | None, int]] = {
    # method, url ({t}: a target user made for the case, {k}: its API key id), body, admin status
    "list": ("GET", "/api/v1/users", None, 200),
    "get": ("GET", "/api/v1/users/{t}", None, 200),
    "create": ("POST", "/api/v1/users", {"username": "{t}-new", "password": "pw-new-12345",
                                         "role": "enterprise", "org_code": "E2"}, 201),
    "disable": ("POST", "/api/v1/users/{t}/disable", None, 200),
    "password": ("PUT", "/api/v1/users/{t}/password", {"password": "pw-new-12345"}, 204),
    "key_add": ("POST", "/api/v1/users/{t}/api-keys", {"name": "gateway"}, 201),
    "key_revoke": ("DELETE", "/api/v1/users/{t}/api-keys/{k}", None, 200),
}


@pytest.mark.parametrize("call", USER_CALLS)
@pytest.mark.parametrize("user", USERS)
def test_user_management(matrix: tuple[Api, dict[str, str]], user: str, call: str) -> None:
    """Only the admin manages users; every other role gets 403, learns nothing and changes
    nothing (users are not organisations: no scope hides them, the right is the admin's)."""
    api, _ = matrix
    access = Access(api.workspace)
    target = f"t-{user}-{call}".replace("_", "-")
    access.add_user(target, "pw-target-12345", role=Role.ENTERPRISE, org_code="E3")
    key, _ = access.add_api_key(target, "meter")
    method, url, body, admin_status = USER_CALLS[call]
    fill = {"{t}": target, "{k}": key.key_id}
    for old, new in fill.items():
        url = url.replace(old, new)
    json = {k: v.replace("{t}", target) for k, v in body.items()} if body else None
    response = api.client.request(method, url, headers=api.headers(user), json=json)
    if user in USER_ADMINS:
        assert response.status_code == admin_status, response.text
        return
    assert_no_data(response, 403, target, "E3")
    assert access.user(target).disabled_at is None
    assert access.api_key(key.key_id).revoked_at is None
    assert all(u.username != f"{target}-new" for u in access.users())
    assert api.client.post("/api/v1/auth/token", data={
        "username": target, "password": "pw-target-12345"}).status_code == 200
