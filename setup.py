"""Build of the optional C extension arabnews._linkscan (the linker's compiled first pass); everything else is in
pyproject.toml. ``optional=True``: without a C compiler the install still succeeds and the linker runs its
pure-Python path (same output)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("arabnews._linkscan", ["arabnews/_linkscan.c"], optional=True)])
