"""A malformed LCA file raises an InputError that names the file, the record and what was
expected; nothing is half read."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from greenmfg.errors import FileFormatError, InputError, UnitError
from greenmfg.footprint import read_database

FIXTURES = Path(__file__).parent / "fixtures"
STEEL = "5a0e0000-0000-4000-8000-000000000043"
AL = "1c0d0000-0000-4000-8000-000000000042"
HEAT_FILE = "ec020000-0000-4000-8000-000000000002_ec020000-0000-4000-8000-000000000012.spold"


def copy(fixture: str, tmp_path: Path) -> Path:
    target = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, target)
    return target


def edit_json(path: Path, change: object) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)  # type: ignore[operator]
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_bad_xml_names_the_file_and_record(tmp_path: Path) -> None:
    package = copy("ilcd_aluminium", tmp_path)
    process = package / "ILCD" / "processes" / f"{AL}.xml"
    process.write_text(process.read_text(encoding="utf-8")[:900], encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        read_database(package)
    message = str(caught.value)
    assert f"ilcd_aluminium:ILCD/processes/{AL}.xml" in message
    assert f"record {AL}" in message and "not well-formed XML" in message
    assert "expected an ILCD data set" in message
    assert isinstance(caught.value, ValueError) and caught.value.location.row is not None


def test_bad_json_names_the_file_and_record(tmp_path: Path) -> None:
    package = copy("jsonld_steel", tmp_path)
    (package / "processes" / f"{STEEL}.json").write_text('{"@id": "x", ', encoding="utf-8")
    with pytest.raises(FileFormatError, match=rf"processes/{STEEL}\.json \(record {STEEL}\) is "
                                               "not valid JSON"):
        read_database(package)


def test_missing_exchange_amount_jsonld(tmp_path: Path) -> None:
    package = copy("jsonld_steel", tmp_path)
    edit_json(package / "processes" / f"{STEEL}.json",
              lambda doc: doc["exchanges"][1].pop("amount"))
    with pytest.raises(InputError) as caught:
        read_database(package)
    message = str(caught.value)
    assert f"process '{STEEL}' ('steel production, electric arc furnace'), exchange 2" in message
    assert "no amount; expected an 'amount'" in message
    assert caught.value.location.column == "amount"


def test_missing_exchange_amount_ilcd(tmp_path: Path) -> None:
    package = copy("ilcd_aluminium", tmp_path)
    process = package / "ILCD" / "processes" / f"{AL}.xml"
    text = process.read_text(encoding="utf-8")
    process.write_text(text.replace("<meanAmount>54.0</meanAmount>", "").replace(
        "<resultingAmount>54.0</resultingAmount>", ""), encoding="utf-8")
    with pytest.raises(InputError, match=rf"process '{AL}' \('aluminium ingot production'\), "
                                         r"exchange 1 \(flow '1c0d0000-0000-4000-8000-"
                                         r"000000000031'\): no meanAmount or resultingAmount"):
        read_database(package)


def test_missing_exchange_amount_ecospold2(tmp_path: Path) -> None:
    package = copy("ecospold2_heat", tmp_path)
    spold = package / HEAT_FILE
    spold.write_text(spold.read_text(encoding="utf-8").replace('amount="0.03" ', ""),
                     encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_database(package)
    message = str(caught.value)
    assert "heat production, natural gas, at boiler" in message
    assert "exchange 2 ('natural gas, high pressure'): no 'amount' attribute" in message
    assert HEAT_FILE in message


def test_unknown_unit_jsonld(tmp_path: Path) -> None:
    package = copy("jsonld_steel", tmp_path)

    def change(doc: dict) -> None:  # type: ignore[type-arg]
        doc["exchanges"][1]["unit"] = {"@type": "Unit", "name": "furlong-hour"}

    edit_json(package / "processes" / f"{STEEL}.json", change)
    with pytest.raises(InputError) as caught:
        read_database(package)
    message = str(caught.value)
    assert f"process '{STEEL}'" in message and "exchange 2" in message
    assert "unknown unit 'furlong-hour'" in message
    assert "a unit of group 'Units of energy' (MJ, kWh)" in message


def test_unknown_unit_ecospold2(tmp_path: Path) -> None:
    package = copy("ecospold2_heat", tmp_path)
    spold = package / HEAT_FILE
    text = spold.read_text(encoding="utf-8")
    spold.write_text(text.replace('<unitName xml:lang="en">m3</unitName>',
                                  '<unitName xml:lang="en">zorkmid</unitName>', 1),
                     encoding="utf-8")
    with pytest.raises(UnitError) as caught:
        read_database(package)
    message = str(caught.value)
    assert "exchange 2 ('natural gas, high pressure')" in message
    assert "unknown unit 'zorkmid'; expected 'm3' (the flow's unit in its other exchanges)" \
        in message


def test_unreadable_zip_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "tiangong.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(FileFormatError, match=r"tiangong\.zip is not a readable zip archive"):
        read_database(broken)


def test_damaged_zip_member_names_the_member(tmp_path: Path) -> None:
    archive = tmp_path / "steel.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in sorted((FIXTURES / "jsonld_steel").rglob("*.json")):
            out.write(path, path.relative_to(FIXTURES / "jsonld_steel").as_posix())
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as inside:
        info = inside.getinfo(f"processes/{STEEL}.json")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5: start + 25] = b"\x00" * 20  # corrupt the compressed bytes
    archive.write_bytes(bytes(data))
    with pytest.raises(FileFormatError, match=rf"steel\.zip:processes/{STEEL}\.json cannot be "
                                               "read"):
        read_database(archive)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(FileFormatError, match="holds no LCA data set"):
        read_database(tmp_path)


def test_two_reference_products_are_refused(tmp_path: Path) -> None:
    package = copy("jsonld_steel", tmp_path)

    def change(doc: dict) -> None:  # type: ignore[type-arg]
        doc["exchanges"][3]["isQuantitativeReference"] = True

    edit_json(package / "processes" / f"{STEEL}.json", change)
    with pytest.raises(InputError, match=r"2 reference products .*; expected exactly one "
                                         "quantitative reference"):
        read_database(package)


def test_a_flow_missing_from_the_package_is_named(tmp_path: Path) -> None:
    package = copy("jsonld_steel", tmp_path)
    (package / "flows" / "5a0e0000-0000-4000-8000-000000000037.json").unlink()
    with pytest.raises(InputError, match=r"exchange 6 \(flow '5a0e0000-0000-4000-8000-"
                                         r"000000000037'\): the flow is not in the package"):
        read_database(package)


def test_bad_uncertainty_is_refused_at_import(tmp_path: Path) -> None:
    package = copy("jsonld_steel", tmp_path)

    def change(doc: dict) -> None:  # type: ignore[type-arg]
        doc["exchanges"][2]["uncertainty"]["maximum"] = 0.3  # below the minimum 0.4

    edit_json(package / "processes" / f"{STEEL}.json", change)
    with pytest.raises(InputError, match="triangular needs finite minimum <= loc"):
        read_database(package)


def test_a_unit_of_the_wrong_dimension_ecospold2(tmp_path: Path) -> None:
    package = copy("ecospold2_heat", tmp_path)
    spold = package / HEAT_FILE
    text = spold.read_text(encoding="utf-8")
    spold.write_text(text.replace('<unitName xml:lang="en">m3</unitName>',
                                  '<unitName xml:lang="en">kg</unitName>', 1), encoding="utf-8")
    with pytest.raises(UnitError, match=r"exchange 2 \('natural gas, high pressure'\): unit 'kg' "
                                        "cannot be converted to 'm3'"):
        read_database(package)
