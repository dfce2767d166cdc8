"""Reading the files of a zip archive, a folder or a single file, with errors that name them."""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from greenmfg.errors import FileFormatError, InputError, Location

__all__ = ["Package", "element_from_json", "parse_json", "parse_xml", "record_error"]


class Package:
    """The files of an LCA package, by relative path (``/``-separated), in sorted order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = path.name
        self._zip: zipfile.ZipFile | None = None
        if not path.exists():
            raise FileFormatError(f"{path} does not exist; give an LCA zip, folder or .spold file",
                                  f"{path} 不存在；请给出 LCA 压缩包、文件夹或 .spold 文件",
                                  location=Location(file=str(path)), expected="an existing path",
                                  found=str(path))
        if path.is_dir():
            self._names = sorted(p.relative_to(path).as_posix() for p in path.rglob("*")
                                 if p.is_file())
        elif zipfile.is_zipfile(path):
            try:
                self._zip = zipfile.ZipFile(path)
                self._names = sorted(i.filename for i in self._zip.infolist() if not i.is_dir())
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise self._bad_zip(exc) from exc
        elif path.suffix.casefold() == ".zip":
            raise self._bad_zip(zipfile.BadZipFile("not a zip file (no end-of-archive record)"))
        else:
            self._names = [path.name]

    def _bad_zip(self, exc: Exception) -> FileFormatError:
        return FileFormatError(
            f"{self.label} is not a readable zip archive ({exc}); give an olca-schema JSON-LD zip, "
            "an ILCD / TIDAS zip, or a folder or zip of EcoSpold2 .spold files",
            f"{self.label} 不是可读的 zip 压缩包（{exc}）；请给出 JSON-LD、ILCD/TIDAS 或 EcoSpold2 数据包",
            location=Location(file=self.label), expected="a zip archive", found=str(exc))

    def close(self) -> None:
        """Close the archive, if any."""
        if self._zip is not None:
            self._zip.close()

    def names(self) -> list[str]:
        """All file names, sorted."""
        return list(self._names)

    def where(self, name: str) -> str:
        """How messages name a file of the package."""
        if self._zip is None and self.path.is_file():
            return self.label
        return f"{self.label}:{name}"

    def read(self, name: str) -> bytes:
        """The bytes of one file; an unreadable member raises naming it."""
        try:
            if self._zip is not None:
                return self._zip.read(name)
            if self.path.is_dir():
                return (self.path / name).read_bytes()
            return self.path.read_bytes()
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError) as exc:
            raise FileFormatError(f"{self.where(name)} cannot be read ({exc}); the archive is "
                                  "damaged or encrypted", f"{self.where(name)} 无法读取（{exc}）",
                                  location=Location(file=self.where(name)),
                                  expected="a readable file", found=str(exc)) from exc

    def sha256(self) -> str:
        """SHA-256 of the file, or of every member's name and bytes for a folder."""
        if self.path.is_file():
            return hashlib.sha256(self.path.read_bytes()).hexdigest()
        digest = hashlib.sha256()
        for name in self._names:
            digest.update(name.encode() + b"\x00" + hashlib.sha256(self.read(name)).digest())
        return digest.hexdigest()


def record_error(where: str, record: str, problem: str, expected: str, found: str,
                 problem_zh: str | None = None, column: str | None = None,
                 kind: type[InputError] = InputError) -> InputError:
    """An error naming the file, the record (process / flow id and name) and what was expected."""
    return kind(f"{record}: {problem}; expected {expected}; correct the file and import "
                      "it again",
                      f"{record}：{problem_zh or problem}；应为 {expected}；请修正文件后重新导入",
                      location=Location(file=where, column=column), expected=expected,
                      found=found)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def parse_xml(data: bytes, where: str, expected: str) -> ElementTree.Element:
    """Parse XML and drop namespaces from tags and attributes (``xml:lang`` becomes ``lang``).

    Raises
    ------
    FileFormatError
        Not well-formed XML, or a document type declaration (refused: entity expansion).
    """
    record = Path(where.rsplit(":", 1)[-1]).stem
    if b"<!DOCTYPE" in data[:2048]:
        raise FileFormatError(f"{where} (record {record}) declares a DOCTYPE, which LCA data "
                              f"never needs; expected {expected}",
                              f"{where}（记录 {record}）含 DOCTYPE 声明", location=Location(file=where),
                              expected=expected, found="<!DOCTYPE")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise FileFormatError(f"{where} (record {record}) is not well-formed XML: {exc.msg} at "
                              f"line {line}, column {column}; expected {expected}",
                              f"{where}（记录 {record}）不是格式正确的 XML：第 {line} 行第 {column} 列",
                              location=Location(file=where, row=line), expected=expected,
                              found=str(exc)) from exc
    for element in root.iter():
        element.tag = _local(element.tag)
        if element.attrib:
            element.attrib = {_local(k): v for k, v in element.attrib.items()}
    return root


def parse_json(data: bytes, where: str, expected: str) -> Any:
    """Parse a JSON document, naming the file and position when it is not valid JSON."""
    record = Path(where.rsplit(":", 1)[-1]).stem
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{where} (record {record}) is not UTF-8 text ({exc.reason}); "
                              f"expected {expected}", f"{where}（记录 {record}）不是 UTF-8 文本",
                              location=Location(file=where), expected=expected,
                              found="binary data") from exc
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"{where} (record {record}) is not valid JSON: {exc.msg} at line "
                              f"{exc.lineno}, column {exc.colno}; expected {expected}",
                              f"{where}（记录 {record}）不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列",
                              location=Location(file=where, row=exc.lineno), expected=expected,
                              found=exc.msg) from exc


def element_from_json(document: Any, where: str) -> ElementTree.Element:
    """An element tree from the JSON form of an XML document (TIDAS: ``@attr``, ``#text``,
    repeated elements as lists, ``prefix:name`` keys), with local names as :func:`parse_xml`."""
    if not isinstance(document, dict) or len(document) != 1:
        raise FileFormatError(f"{where} is not the JSON form of one ILCD data set (one root key "
                              "such as 'processDataSet')", f"{where} 不是 TIDAS/ILCD JSON 数据集",
                              location=Location(file=where), expected="one root element",
                              found=f"{type(document).__name__} with "
                                    f"{len(document) if isinstance(document, dict) else 0} keys")

    def scalar(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)

    def build(name: str, value: Any) -> ElementTree.Element:
        element = ElementTree.Element(_local(name))
        if isinstance(value, dict):
            for key, child in value.items():
                if key.startswith("@"):
                    if not key.startswith("@xmlns"):
                        element.set(_local(key[1:]), scalar(child))
                elif key == "#text":
                    element.text = scalar(child)
                else:
                    for item in child if isinstance(child, list) else [child]:
                        element.append(build(key, item))
        elif not isinstance(value, list):
            element.text = scalar(value) if value is not None else None
        return element

    (name, value), = document.items()
    return build(name, value)
