"""An uploaded file, saved under its own name in a private temporary folder while it is read."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile

from greenmfg.api.error_map import UploadTooLarge

_UNSAFE = re.compile(r"[^\w.\-() （）]+")
_CHUNK = 1 << 20


def safe_name(filename: str | None) -> str:
    """The file's own name without folders or odd characters (rejection reports show it).

    >>> safe_name("../../etc/passwd")
    'passwd'
    >>> safe_name("C:\\\\data\\\\能耗 2025.xlsx")
    '能耗 2025.xlsx'
    >>> safe_name(None)
    'upload'
    """
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")[:128]
    return name or "upload"


@contextmanager
def saved_upload(upload: UploadFile, max_bytes: int) -> Iterator[Path]:
    """The upload as a file; larger than ``max_bytes`` answers 413 (nothing is read further)."""
    with tempfile.TemporaryDirectory(prefix="greenmfg-upload-") as folder:
        path = Path(folder) / safe_name(upload.filename)
        size = 0
        with path.open("wb") as out:
            while chunk := upload.file.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise UploadTooLarge(
                        f"the file is larger than {max_bytes} bytes; split it or ask for a "
                        "larger limit (GREENMFG_MAX_UPLOAD_BYTES)",
                        f"文件大于 {max_bytes} 字节；请拆分文件或请管理员调高上限"
                        "（GREENMFG_MAX_UPLOAD_BYTES）")
                out.write(chunk)
        yield path
