"""The greenmfg error hierarchy.

::

    GreenmfgError
    ├── InputError (ValueError)           bad data from a user: names where and what was expected
    │   ├── FileFormatError               the whole file cannot be read (not a spreadsheet, no header)
    │   ├── UnitError                     unknown unit, or a unit of the wrong dimension
    │   ├── OptionError                   an option value the method does not support
    │   └── RejectedRows                  an all-or-nothing import with rejected rows (stored nothing)
    ├── NotFoundError (LookupError)       an organisation, item, factor or result that does not exist
    │   └── FactorNotFound                no reference factor for the asked key and year
    ├── NotAuthenticated                  no credentials, or bad, expired, forged or revoked ones
    ├── PermissionDenied (PermissionError) allowed to see it, but not to do this (a role's rights)
    ├── StaleResult                       a result whose inputs changed since it was computed
    ├── AlreadyExists                     creating a record that is already stored
    ├── VersionConflict                   a change based on a version that is no longer stored
    ├── PreconditionRequired              a change that does not name the version it is based on
    ├── SchemaError (RuntimeError)        the workspace file is newer than this greenmfg
    ├── SingularSystem (ArithmeticError)  a technosphere matrix that cannot be solved (names it)
    └── NotConverged (ArithmeticError)    an iterative solve that did not reach the asked accuracy

Every message says what was found, what was expected and what to do about it, in Chinese and
English. Bad rows inside a batch never raise: ingest turns them into rejected rows (only an
import asked to be all-or-nothing, as the API's uploads are, raises ``RejectedRows`` with them).
Something outside a user's tenancy scope is a ``NotFoundError``, the same as something that does
not exist, so that an answer never tells whether it exists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Location:
    """Where a bad value sits: file, sheet, 1-based row and column name (any may be unknown)."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def describe(self) -> str:
        parts = []
        if self.file:
            parts.append(f"file {self.file}")
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


class GreenmfgError(Exception):
    """Base of every error greenmfg raises on purpose."""

    def __init__(self, message_en: str, message_zh: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh or message_en

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh-CN" else self.message_en

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message_en, self.message_zh))


class InputError(GreenmfgError, ValueError):
    """Bad input from a user; carries where it is and what was expected."""

    def __init__(
        self,
        message_en: str,
        message_zh: str | None = None,
        *,
        location: Location | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        where = location.describe() if location else ""
        prefix = f"{where}: " if where else ""
        super().__init__(prefix + message_en, (prefix + message_zh) if message_zh else None)
        self.location = location or Location()
        self.expected = expected
        self.found = found

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_input_error, (type(self), self.message_en, self.message_zh, self.location,
                                       self.expected, self.found))


def _rebuild_input_error(
    cls: type[InputError], en: str, zh: str, location: Location, expected: str | None,
    found: str | None,
) -> InputError:
    err = cls.__new__(cls)
    GreenmfgError.__init__(err, en, zh)
    err.location, err.expected, err.found = location, expected, found
    return err


class FileFormatError(InputError):
    """The file as a whole cannot be read: wrong format, missing sheet or header."""


class UnitError(InputError):
    """A unit that greenmfg does not know, or one of the wrong dimension."""


class OptionError(InputError):
    """An option (edition, GWP set, grid level) that the method does not support."""


class RejectedRows(InputError):
    """An all-or-nothing import refused whole because some rows were rejected.

    ``rejected`` holds one mapping per problem with the keys of the rejected-rows report
    (``file, sheet, row, column, value, reason_en, reason_zh, raw``); ``rows_read`` counts the
    rows of the file. Nothing of the file was stored.
    """

    def __init__(self, message_en: str, message_zh: str | None = None, *,
                 rejected: Sequence[Mapping[str, Any]] = (), rows_read: int = 0,
                 location: Location | None = None) -> None:
        super().__init__(message_en, message_zh, location=location)
        self.rejected = tuple(dict(r) for r in rejected)
        self.rows_read = rows_read

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_rejected_rows, (self.message_en, self.message_zh, self.rejected,
                                         self.rows_read, self.location))


def _rebuild_rejected_rows(en: str, zh: str, rejected: tuple[dict[str, Any], ...],
                           rows_read: int, location: Location) -> RejectedRows:
    err = RejectedRows.__new__(RejectedRows)
    GreenmfgError.__init__(err, en, zh)
    err.location, err.expected, err.found = location, None, None
    err.rejected, err.rows_read = rejected, rows_read
    return err


class NotFoundError(GreenmfgError, LookupError):
    """Something asked for by name that does not exist."""


class FactorNotFound(NotFoundError):
    """No reference factor matches the key and year asked for."""


class NotAuthenticated(GreenmfgError):
    """No credentials, or credentials that are wrong, expired, forged, revoked or disabled.

    The message never says which, so that it tells an attacker nothing.
    """


class PermissionDenied(GreenmfgError, PermissionError):
    """A user who may see something but whose role does not allow this action on it."""


class StaleResult(GreenmfgError):
    """A result named by id that no longer matches its inputs (they changed since)."""


class AlreadyExists(GreenmfgError):
    """Creating something (an activity record) that is already stored under the same key."""


class VersionConflict(GreenmfgError):
    """A change based on a version that is no longer the stored one (someone changed it since:
    read it again, then repeat the change)."""


class PreconditionRequired(GreenmfgError):
    """A change to a versioned record that does not say which version it is based on."""


class SchemaError(GreenmfgError, RuntimeError):
    """The workspace schema cannot be used by this version of greenmfg."""


class SingularSystem(GreenmfgError, ArithmeticError):
    """A technosphere matrix that is singular, structurally or numerically; the message names it."""


class NotConverged(GreenmfgError, ArithmeticError):
    """An iterative solve that was asked for explicitly and did not reach the asked accuracy."""
