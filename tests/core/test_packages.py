"""The core's packages offer their public API by name, and every name they list is really there."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("package", ["app.core.gemini", "app.core.store", "app.core.chat"])
def test_every_name_a_core_package_lists_can_be_imported_from_it(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__all__, "the package names no public API"
    for name in module.__all__:
        assert getattr(module, name) is not None
        assert name in dir(module)
    with pytest.raises(AttributeError):
        module.NoSuchName  # noqa: B018
