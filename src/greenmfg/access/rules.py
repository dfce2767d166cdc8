"""The tenancy rules: roles, their rights, the organisations they bind to, and scopes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from greenmfg.model import Organisation, OrgKind


def a_or_an(word: str) -> str:
    """``word`` with its indefinite article: "an enterprise", "a park"."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


class Role(StrEnum):
    ENTERPRISE = "enterprise"
    PARK = "park"
    REGULATOR = "regulator"
    VERIFIER = "verifier"
    ADMIN = "admin"


class Right(StrEnum):
    READ = "read"
    IMPORT = "import"
    SIGN_OFF = "sign_off"
    MANAGE_USERS = "manage_users"


ROLE_RIGHTS: Mapping[Role, frozenset[Right]] = {
    Role.ENTERPRISE: frozenset({Right.READ, Right.IMPORT}),
    Role.PARK: frozenset({Right.READ, Right.IMPORT}),
    Role.REGULATOR: frozenset({Right.READ}),
    Role.VERIFIER: frozenset({Right.READ, Right.SIGN_OFF}),
    Role.ADMIN: frozenset({Right.READ, Right.IMPORT, Right.MANAGE_USERS}),
}

#: The kinds of organisation a user of each role is bound to (an admin is bound to none).
ROLE_ORG_KINDS: Mapping[Role, tuple[OrgKind, ...]] = {
    Role.ENTERPRISE: (OrgKind.ENTERPRISE,),
    Role.PARK: (OrgKind.PARK,),
    Role.REGULATOR: (OrgKind.REGION,),
    Role.VERIFIER: (OrgKind.REGION, OrgKind.PARK, OrgKind.ENTERPRISE),
    Role.ADMIN: (),
}

@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in user as one request sees it: from a bearer token or from an API key."""

    username: str
    role: Role
    org_code: str | None
    token_id: str | None = None
    api_key_id: str | None = None

    def may(self, right: Right) -> bool:
        return right in ROLE_RIGHTS[self.role]


@dataclass(frozen=True, slots=True)
class Scope:
    """The organisation codes a principal may see; ``codes is None`` means every one."""

    codes: frozenset[str] | None

    def __contains__(self, code: object) -> bool:
        return self.codes is None or code in self.codes


def descendants(root: str, orgs: Iterable[Organisation]) -> frozenset[str]:
    """``root`` and every organisation below it in the tree.

    >>> from greenmfg.model import Organisation, OrgKind
    >>> tree = [Organisation(code="R", name="r", kind=OrgKind.REGION),
    ...         Organisation(code="P", name="p", kind=OrgKind.PARK, parent_code="R"),
    ...         Organisation(code="E", name="e", kind=OrgKind.ENTERPRISE, parent_code="P"),
    ...         Organisation(code="X", name="x", kind=OrgKind.ENTERPRISE, parent_code="R")]
    >>> sorted(descendants("P", tree))
    ['E', 'P']
    """
    children: dict[str, list[str]] = {}
    for org in orgs:
        if org.parent_code:
            children.setdefault(org.parent_code, []).append(org.code)
    found, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)


def scope_of(principal: Principal, orgs: Sequence[Organisation]) -> Scope:
    """The scope of a principal: everything for an admin, else its organisation's subtree."""
    if principal.role is Role.ADMIN:
        return Scope(None)
    if principal.org_code is None or all(o.code != principal.org_code for o in orgs):
        return Scope(frozenset())
    return Scope(descendants(principal.org_code, orgs))


