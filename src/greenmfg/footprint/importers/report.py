"""What an LCA import did: counts, every mapped and unmapped elementary flow, every unlinked
product exchange, and the warnings raised on the way."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from greenmfg.footprint.flowlist import FlowMapping

__all__ = ["ImportReport", "UnlinkedExchange"]


class UnlinkedExchange(BaseModel):
    """A product or waste exchange that no process of the database provides.

    It stays in the database (and in an export) but is not part of the technosphere matrix:
    the process's footprint is cut off there. ``amount`` is in ``unit`` per reference amount.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    process_id: str
    process_name: str
    flow_id: str
    flow_name: str
    amount: float
    unit: str
    is_input: bool
    reason: str


class ImportReport(BaseModel):
    """The outcome of reading one LCA file.

    ``unmapped`` lists every elementary flow used by an exchange that did not map onto the
    default flow list (it stays in the database as its own flow, with no default
    characterisation factor); ``unmapped_unused`` counts those no exchange uses (typically
    flows that only an imported LCIA method names). ``status`` is set by the workspace:
    ``inserted``, ``updated`` or ``unchanged`` (same content hash as the stored database).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_id: str
    name: str
    source_format: str
    file: str
    sha256: str
    content_hash: str
    flow_list_edition: str
    status: Literal["read", "inserted", "updated", "unchanged"] = "read"
    processes: int
    flows: int
    exchanges: int
    methods: int
    factors: int
    linked_exchanges: int
    mapped: tuple[FlowMapping, ...]
    unmapped: tuple[FlowMapping, ...]
    unmapped_unused: int
    unlinked: tuple[UnlinkedExchange, ...]
    ignored_factors: int
    skipped_files: tuple[str, ...]
    warnings: tuple[str, ...]
