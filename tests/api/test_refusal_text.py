"""The Chinese text of a refusal names what was refused in Chinese (regression: it showed the
right's code, “执行 sign_off”)."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api


@pytest.mark.parametrize(("user", "url", "body", "zh"), [
    ("ent", "/api/v1/orgs/E1/inventory/2025/signoff", {"result_id": "I-x"},
     "enterprise 角色无权对“E1”签署确认清单"),
    ("reg", "/api/v1/orgs/E1/activity", {"site": "S", "source": "s", "item": "diesel",
                                         "period": "2025-01", "quantity": 1, "unit": "t"},
     "regulator 角色无权对“E1”导入数据"),
])
def test_refusal_in_chinese(api: Api, user: str, url: str, body: dict[str, object],
                            zh: str) -> None:
    response = api.post(url, user, json=body)
    assert response.status_code == 403, response.text
    assert response.json()["detail_zh"] == zh
    assert "_" not in response.json()["detail_zh"]
