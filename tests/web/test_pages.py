"""The dashboard pages over HTTP (no browser): sessions, form tokens, tenancy, language,
upload with rejected rows, local assets. The tree and figures are those of tests/api."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from greenmfg.web.session import CSRF_COOKIE, SESSION_COOKIE
from greenmfg.web.texts import both_languages_complete
from tests.api.conftest import csv_of
from tests.web.conftest import csrf_of, sign_in


def _cookie_header(response_headers: list[str], name: str) -> str:
    return next(h for h in response_headers if h.startswith(f"{name}="))


def test_sign_in_sets_an_httponly_strict_session_cookie(site: TestClient) -> None:
    response = sign_in(site, "ent")
    assert response.status_code == 303
    header = _cookie_header(response.headers.get_list("set-cookie"), SESSION_COOKIE)
    assert "HttpOnly" in header and "SameSite=strict" in header
    # the role home of an enterprise user is its enterprise page
    home = site.get("/", follow_redirects=False)
    assert (home.status_code, home.headers["location"]) == (303, "/enterprise/E1")


def test_the_session_cookie_is_the_api_token(site: TestClient) -> None:
    sign_in(site, "park")
    token = site.cookies[SESSION_COOKIE]
    me = site.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["username"] == "park"


def test_a_post_without_the_form_token_is_refused(site: TestClient) -> None:
    site.get("/login")  # sets the CSRF cookie
    response = site.post("/login", data={"username": "ent", "password": "pw-ent-Kx7!q2",
                                          "csrf_token": "0" * 64}, follow_redirects=False)
    assert response.status_code == 403
    assert SESSION_COOKIE not in response.cookies
    assert CSRF_COOKIE in site.cookies


def test_wrong_password_shows_the_form_again(site: TestClient) -> None:
    page = site.get("/login?lang=en")
    response = site.post("/login", data={"username": "ent", "password": "wrong-password",
                                          "csrf_token": csrf_of(page.text)})
    assert response.status_code == 401
    assert "Wrong user name or password" in response.text


def test_pages_need_a_session(site: TestClient) -> None:
    response = site.get("/enterprise/E1?year=2024", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/enterprise/E1%3Fyear%3D2024"


def test_enterprise_page_embeds_its_figures_and_loads_local_assets(site: TestClient) -> None:
    sign_in(site, "ent")
    page = site.get("/enterprise/E1")
    assert page.status_code == 200
    # E1: 10 × 21.62188809 + 1000 × 0.6849 = 901.1188809 tCO2e, shown to one decimal
    assert "901.1" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    assert scripts == ["/static/vendor/echarts.min.js", "/static/dashboard.js"]
    assert "http://" not in page.text and "https://" not in page.text
    for src in scripts:
        assert site.get(src).status_code == 200


def test_enterprise_user_gets_a_404_page_for_another_enterprise(site: TestClient) -> None:
    sign_in(site, "ent")
    page = site.get("/enterprise/E2?lang=en")
    assert page.status_code == 404
    assert 'data-status="404"' in page.text and "Organisation E2" not in page.text
    assert site.get("/park/P1").status_code == 404


def test_park_and_region_pages(site: TestClient) -> None:
    sign_in(site, "reg")
    assert site.get("/", follow_redirects=False).headers["location"] == "/region/R1"
    region = site.get("/region/R1?lang=en")
    # R1 in 2024: 901.1188809 + 1117.3377618 + 1333.5566427 = 3352.0132854 tCO2e
    assert region.status_code == 200 and "3,352.0" in region.text
    park = site.get("/park/P1")
    # P1: E2 (1117.3) first, then E1 (901.1)
    assert park.text.index("Organisation E2") < park.text.index("Organisation E1")


def test_language_switch_is_remembered(site: TestClient) -> None:
    sign_in(site, "ent")
    assert "排放总量" in site.get("/enterprise/E1").text
    english = site.get("/enterprise/E1?lang=en")
    assert "Total emissions" in english.text and '<html lang="en">' in english.text
    assert "Total emissions" in site.get("/enterprise/E1").text  # the cookie remembers it
    assert both_languages_complete() == []


def test_upload_shows_rejected_rows_and_stores_nothing(site: TestClient) -> None:
    sign_in(site, "ent")
    form = site.get("/upload?lang=en")
    rows = [{"org_code": "E1", "site": "MAIN", "source": "boiler", "item": "natural_gas",
             "period": "2024-13", "quantity": "5", "unit": "万Nm3"},
            {"org_code": "E2", "site": "MAIN", "source": "boiler", "item": "natural_gas",
             "period": "2024-05", "quantity": "5", "unit": "万Nm3"}]
    response = site.post("/upload", data={"org": "E1", "csrf_token": csrf_of(form.text)},
                         files={"file": ("bad.csv", csv_of(rows), "text/csv")})
    assert response.status_code == 422
    table = response.text[response.text.index('id="rejected-rows"'):]
    assert table.count("<tr>") == 3  # header + two rejected rows
    assert "2024-13" in table and "outside" in table
    assert "901.1" in site.get("/enterprise/E1").text  # nothing stored


def test_upload_adds_data_to_the_enterprise_page(site: TestClient) -> None:
    sign_in(site, "ent")
    form = site.get("/upload")
    rows = [{"org_code": "E1", "site": "MAIN", "source": "grid", "item": "electricity_purchased",
             "period": "2024", "quantity": "100", "unit": "MWh"}]
    rows[0]["source"] = "grid2"
    response = site.post("/upload", data={"org": "E1", "csrf_token": csrf_of(form.text)},
                         files={"file": ("more.csv", csv_of(rows), "text/csv")})
    assert response.status_code == 200 and 'id="upload-link"' in response.text
    # + 100 MWh × 0.6849 = 68.49 t: 901.1188809 + 68.49 = 969.6088809
    assert "969.6" in site.get("/enterprise/E1").text


def test_regulator_may_not_upload(site: TestClient) -> None:
    sign_in(site, "reg")
    assert site.get("/upload").status_code == 403


def test_sign_out_revokes_the_token(site: TestClient) -> None:
    sign_in(site, "ent")
    token = site.cookies[SESSION_COOKIE]
    page = site.get("/enterprise/E1")
    response = site.post("/logout", data={"csrf_token": csrf_of(page.text)},
                         follow_redirects=False)
    assert response.headers["location"] == "/login"
    me = site.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
