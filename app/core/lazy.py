"""Package namespaces whose names are imported on first use (PEP 562's module ``__getattr__``).

``from app.core.gemini import GeminiClient`` then imports the client module (and httpx) only when that name
is asked for, so a package's ``__init__`` can offer its whole public API without slowing the app's start.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package that exports names from its modules lazily.

    Args:
        package: The package's ``__name__``.
        exports: Exported name -> the module of the package that defines it (``"GeminiClient": "client"``).

    Returns:
        The two functions, to assign to the package's ``__getattr__`` and ``__dir__``.
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)  # later lookups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted(set(exports) | set(vars(sys.modules[package])))

    return __getattr__, __dir__
