"""Fengong's knowledge graph: `kg.Graph` is the library, `kg.cli` the command line over it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .graph import Graph

__all__ = ["Graph"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `import kg.cli` (and `kg --help`) stays quick.
    if name == "Graph":
        from .graph import Graph

        return Graph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
