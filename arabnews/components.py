"""Imports every component module so that its factory is registered (entry points do this lazily)."""

from __future__ import annotations

import importlib

COMPONENT_MODULES = ("sentences", "boilerplate", "linker", "quotes", "speakers")

for _module in COMPONENT_MODULES:
    importlib.import_module(f"{__package__}.{_module}")
