"""Organisations: region > park > enterprise > site."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator


class OrgKind(StrEnum):
    REGION = "region"
    PARK = "park"
    ENTERPRISE = "enterprise"
    SITE = "site"


ALLOWED_PARENT: dict[OrgKind, tuple[OrgKind, ...]] = {
    OrgKind.REGION: (OrgKind.REGION,),
    OrgKind.PARK: (OrgKind.REGION,),
    OrgKind.ENTERPRISE: (OrgKind.PARK, OrgKind.REGION),
    OrgKind.SITE: (OrgKind.ENTERPRISE,),
}

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")


class Organisation(BaseModel):
    """One node of the organisation tree.

    ``industry_code`` is the GB/T 4754-2017 class (e.g. ``C3011`` cement clinker);
    ``region_code`` is the GB/T 2260 administrative code (e.g. ``150200`` Baotou);
    ``credit_code`` is the 18-character unified social credit code (GB 32100).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    kind: OrgKind
    parent_code: str | None = None
    industry_code: str | None = None
    region_code: str | None = None
    credit_code: str | None = None

    @field_validator("code")
    @classmethod
    def code_is_simple_identifier(cls, value: str) -> str:
        if not _CODE.match(value):
            raise ValueError("code must be 1-64 letters, digits, '_', '-' or '.'")
        return value

    @field_validator("credit_code")
    @classmethod
    def credit_code_has_18_characters(cls, value: str | None) -> str | None:
        if value is not None and not _CREDIT_CODE.match(value):
            raise ValueError("unified social credit code must be 18 characters (GB 32100)")
        return value

    @property
    def province_code(self) -> str | None:
        """The province (first two digits + ``0000``) of ``region_code``, if it is GB/T 2260."""
        if self.region_code and len(self.region_code) == 6 and self.region_code.isdigit():
            return self.region_code[:2] + "0000"
        return None
