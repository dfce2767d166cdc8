"""The command line starts without the LCA engine: SciPy and the matrix code load on first use."""

from __future__ import annotations

import subprocess
import sys

import greenmfg.footprint as footprint


def test_importing_the_cli_loads_no_matrix_code() -> None:
    script = ("import sys, greenmfg.cli.app; "
              "print(sorted(m for m in sys.modules if m.startswith(('scipy.sparse', "
              "'greenmfg.footprint.system', 'greenmfg.footprint.solve', "
              "'greenmfg.footprint.lcia'))))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_every_name_of_the_footprint_package_resolves_to_its_module() -> None:
    for module, names in footprint._EXPORTS.items():
        for name in names:
            value = getattr(footprint, name)
            home = getattr(value, "__module__", "") if callable(value) else ""
            assert home.startswith(f"greenmfg.footprint.{module}") or not home, (name, home)
    assert sorted(n for names in footprint._EXPORTS.values() for n in names) == \
        sorted(footprint.__all__)
    assert "calculate" in dir(footprint)
