"""Reading LCA data: openLCA JSON-LD, ILCD / eILCD (TianGong TIDAS) and EcoSpold2.

:func:`read_database` recognises the format, reads the package into columns, links product
inputs to their providers, maps elementary flows onto the default flow list and returns the
:class:`~greenmfg.footprint.database.LcaDatabase` with an
:class:`~greenmfg.footprint.importers.report.ImportReport` that lists every unmapped flow and
every unlinked exchange. A malformed file raises :class:`~greenmfg.errors.InputError` naming the
file, the record (process or flow id and name) and what was expected; nothing is half read.

It is pure: it reads the file and returns data; storing it is the workspace's job.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path, PurePosixPath

from greenmfg.errors import FileFormatError, Location, OptionError
from greenmfg.footprint.database import LcaDatabase
from greenmfg.footprint.defaults import DEFAULT_DATABASE_ID, default_database, default_flow_list
from greenmfg.footprint.importers._assemble import Assembler
from greenmfg.footprint.importers._package import Package, element_from_json, parse_json
from greenmfg.footprint.importers.ecospold2 import read_ecospold2
from greenmfg.footprint.importers.ilcd import ROOTS, read_ilcd
from greenmfg.footprint.importers.jsonld import FOLDERS, read_jsonld
from greenmfg.footprint.importers.report import ImportReport, UnlinkedExchange

__all__ = ["ImportReport", "LcaFormat", "UnlinkedExchange", "database_id_for", "detect_format",
           "read_database"]


class LcaFormat(StrEnum):
    """The LCA data formats read."""

    JSONLD = "jsonld"
    ILCD = "ilcd"
    ECOSPOLD2 = "ecospold2"


def detect_format(package: Package) -> LcaFormat:
    """The format of a package, from its file names (and, for JSON, its first data set).

    Raises
    ------
    FileFormatError
        When no file of a known format is found.
    """
    names = package.names()
    suffixes = {PurePosixPath(n).suffix.casefold() for n in names}
    if ".spold" in suffixes:
        return LcaFormat.ECOSPOLD2
    folders = {PurePosixPath(n).parent.name for n in names}
    if any(PurePosixPath(n).name == "olca-schema.json" for n in names) or \
            folders & {"unit_groups", "flow_properties", "lcia_categories", "lcia_methods"}:
        return LcaFormat.JSONLD
    if ".xml" in suffixes:
        return LcaFormat.ILCD
    for name in names:
        if name.casefold().endswith(".json"):
            where = package.where(name)
            document = parse_json(package.read(name), where, "an LCA data set")
            if isinstance(document, dict) and "@type" in document and \
                    PurePosixPath(name).parent.name in FOLDERS:
                return LcaFormat.JSONLD
            if isinstance(document, dict) and len(document) == 1 and \
                    element_from_json(document, where).tag in ROOTS:
                return LcaFormat.ILCD
    raise FileFormatError(
        f"{package.label} holds no LCA data set greenmfg reads; give an openLCA JSON-LD zip or "
        "folder, an ILCD / TIDAS zip or folder (XML or JSON), or EcoSpold2 .spold files",
        f"{package.label} 中没有可识别的 LCA 数据集；请给出 JSON-LD、ILCD/TIDAS 或 EcoSpold2 数据",
        location=Location(file=package.label), expected="JSON-LD, ILCD or EcoSpold2",
        found=", ".join(sorted(suffixes)) or "no files")


def database_id_for(path: Path, name: str | None = None) -> str:
    """A database id from a name or the file name: lower case, ``-`` between words.

    >>> database_id_for(Path("TianGong LCA 2025.zip"))
    'tiangong-lca-2025'
    """
    archive = path.suffix.casefold() in (".zip", ".spold") or path.is_file()
    text = name if name else (path.stem if archive else path.name)
    slug = re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "-", text.casefold()).strip("-")
    if not slug:
        raise OptionError(f"'{text}' gives an empty database id; pass --name",
                          f"“{text}”无法生成数据库编号，请用 --name 指定", expected="a name with letters",
                          found=text)
    if slug == DEFAULT_DATABASE_ID:
        raise OptionError(f"'{DEFAULT_DATABASE_ID}' is the packaged default database; choose "
                          "another name", f"“{DEFAULT_DATABASE_ID}”为内置默认数据库，请换一个名称",
                          expected="another name", found=slug)
    return slug


_READERS = {LcaFormat.JSONLD: read_jsonld, LcaFormat.ILCD: read_ilcd,
            LcaFormat.ECOSPOLD2: read_ecospold2}


def read_database(path: str | Path, *, name: str | None = None,
                  fmt: LcaFormat | str | None = None) -> tuple[LcaDatabase, ImportReport]:
    """Read an LCA package into a database and its import report.

    Parameters
    ----------
    path
        A zip archive, a folder, or a single ``.spold`` file.
    name
        Name of the database (its id is derived from it); the file name when omitted.
    fmt
        The format, when detection should be skipped.

    Raises
    ------
    InputError
        A malformed file or record (the message names both), or a database that cannot be
        assembled into matrices.
    """
    path = Path(path)
    package = Package(path)
    try:
        chosen = LcaFormat(fmt) if fmt else detect_format(package)
        database_id = database_id_for(path, name)
        assembler = Assembler(chosen.value, package.label)
        _READERS[chosen](package, assembler)
        return assembler.finish(database_id, name or database_id, sha256=package.sha256(),
                                flow_list=default_flow_list(), default=default_database())
    finally:
        package.close()
