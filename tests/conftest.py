"""Shared fixtures and hypothesis profiles (dev, ci derandomised, deep)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from greenmfg.model import ActivityRecord, MeasuredParameters, Organisation, OrgKind
from greenmfg.refdata import ReferenceData, reference_data
from greenmfg.workspace import Workspace
from tests.postgres import any_backend, pg_url, postgres_server  # noqa: F401 (fixtures)

settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def refdata() -> ReferenceData:
    return reference_data()


@pytest.fixture
def enterprise() -> Organisation:
    """A Baotou (Inner Mongolia, 150200) enterprise."""
    return Organisation(code="ENT1", name="测试企业 Test plant", kind=OrgKind.ENTERPRISE,
                        region_code="150200", industry_code="C3011")


def make_record(item: str, quantity: float, unit: str, *, canonical: float | None = None,
                period: str = "2022", site: str = "S1", source: str = "src", org: str = "ENT1",
                ncv: float | None = None, cc: float | None = None, ox: float | None = None,
                ) -> ActivityRecord:
    """A validated record built directly (quantity already in the canonical unit)."""
    canonical_units = reference_data().items[item].canonical_unit
    return ActivityRecord(
        record_id=f"A-{item}-{site}-{source}-{period}", org_code=org, site=site, source=source,
        item=item, period=period, quantity=quantity, unit=unit,
        quantity_canonical=quantity if canonical is None else canonical,
        canonical_unit=canonical_units,
        measured=MeasuredParameters(ncv_gj_per_unit=ncv, carbon_content_tc_per_gj=cc,
                                    oxidation_rate=ox))


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace(tmp_path / "ws.duckdb", actor="tester")
    ws.import_rows("orgs", [
        {"code": "R15", "name": "内蒙古", "kind": "region", "parent_code": "",
         "industry_code": "", "region_code": "150000"},
        {"code": "PARK", "name": "园区", "kind": "park", "parent_code": "R15",
         "industry_code": "", "region_code": "150200"},
        {"code": "ENT1", "name": "企业一", "kind": "enterprise", "parent_code": "PARK",
         "industry_code": "C3011", "region_code": "150200"},
        {"code": "ENT2", "name": "企业二", "kind": "enterprise", "parent_code": "PARK",
         "industry_code": "C3216", "region_code": "150200"},
    ], [])
    yield ws
    ws.close()
