"""A workspace file that another process holds open (DuckDB allows one writer process).

``greenmfg serve`` keeps its workspace open for as long as it runs, so a ``greenmfg user …`` (or
any other command) on the same file meets DuckDB's lock error. :func:`workspace_locked` turns
that error into a :class:`WorkspaceLocked` that names the file and the holding process and says
what to do; ``greenmfg.cli.app.run`` prints it.
"""

from __future__ import annotations

import re

import duckdb

from greenmfg.errors import GreenmfgError

__all__ = ["LOCK_ERRORS", "WorkspaceLocked", "workspace_locked"]

#: What DuckDB raises when it cannot lock the file (the message says which kind it is).
LOCK_ERRORS: tuple[type[Exception], ...] = (duckdb.IOException,)

_LOCK = re.compile(r'Could not set lock on file "(?P<file>[^"]+)": Conflicting lock is held in '
                   r"(?P<holder>.*?) \(PID (?P<pid>\d+)\)")


class WorkspaceLocked(GreenmfgError):
    """The workspace file is open in another process, most likely a running server."""

    def __init__(self, file: str, pid: str) -> None:
        super().__init__(
            f"the workspace file {file} is held open by another process (PID {pid}), most "
            "likely a running `greenmfg serve`: a workspace file can be open in one process at "
            "a time. While the server runs, do this through its API (users: /api/v1/users as "
            "an admin; imports: POST /api/v1/orgs/{code}/imports), or stop the server and run "
            "the command again",
            f"工作区文件 {file} 正被另一个进程（PID {pid}）占用，多半是正在运行的 "
            "`greenmfg serve`：同一时间只能有一个进程打开工作区文件。服务器运行期间请通过其 API "
            "操作（用户管理：管理员使用 /api/v1/users；导入：POST /api/v1/orgs/{code}/imports），"
            "或先停止服务器再重新运行该命令")
        self.file = file
        self.pid = pid

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.file, self.pid))


def workspace_locked(exc: BaseException) -> WorkspaceLocked | None:
    """The clear error for DuckDB's lock error, or None for any other error.

    >>> err = duckdb.IOException('IO Error: Could not set lock on file "/w/ws.duckdb": '
    ...                          'Conflicting lock is held in /usr/bin/python3 (PID 4321). See ...')
    >>> locked = workspace_locked(err)
    >>> (locked.file, locked.pid)
    ('/w/ws.duckdb', '4321')
    >>> workspace_locked(duckdb.IOException("IO Error: disk full")) is None
    True
    """
    if not isinstance(exc, LOCK_ERRORS):
        return None
    found = _LOCK.search(str(exc))
    return None if found is None else WorkspaceLocked(found["file"], found["pid"])
