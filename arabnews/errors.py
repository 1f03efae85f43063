"""Coded errors and warnings, in spaCy's style: every message says what went wrong and how to fix it."""

from __future__ import annotations

import warnings

from spacy.errors import ErrorsWithCodes


class Warnings(metaclass=ErrorsWithCodes):
    W001 = ("camel-tools is installed but its normaliser could not be imported ({err}); arabnews falls back "
            "to the pyarabic backend. Reinstall with `pip install \"arabnews[camel]\"` to use camel-tools.")
    W003 = ("Knowledge-base file {path} line {line}: {problem}. The entry was skipped; fix the line to include it.")


class Errors(metaclass=ErrorsWithCodes):
    E001 = ("arabnews.{func} expects text as str, got {type_name}. Decode bytes first "
            "(`data.decode('utf-8')`) or pass `doc.text`.")
    E002 = ("Unknown normaliser backend {backend!r}. Use 'pyarabic' (always available) or 'camel' "
            "(needs `pip install \"arabnews[camel]\"`).")
    E003 = ("The camel normaliser backend was requested but camel-tools is not installed. "
            "Install it with `pip install \"arabnews[camel]\"` or use backend='pyarabic'.")
    E004 = ("Unknown arabnews component {name!r} in load(). Available components: {available}.")
    E005 = ("Input file {path} does not exist or is not a file/folder arabnews can read "
            "(.txt, .jsonl, .jsonl.gz, .html).")
    E006 = ("Line {line} of {path} is not valid JSON ({err}). Each line of a .jsonl input must be one JSON "
            "object with a text field (see --text-field).")
    E007 = ("Line {line} of {path}: {problem}. Name the text field with --text-field.")
    E008 = ("Data file {name!r} is not part of the arabnews package data. Available: {available}.")
    E009 = ("Config value {key}={value!r} for component {component!r} is invalid: {why}.")
    E010 = ("Gold file {path} line {line}: {problem}. See ../shared/ANNOTATION.md for the format.")
    E011 = ("The 'html' extra is needed for HTML input: `pip install \"arabnews[html]\"` (installs trafilatura).")
    E012 = ("Knowledge-base file {path} does not exist. Pass .jsonl / .jsonl.gz source files (kb/sources format) or "
            "compiled .json files (`python -m arabnews kb compile`) in the linker's kb_paths.")
    E013 = ("The compiled knowledge base has format {found}; this arabnews reads arabnews-kb v1. Recompile it with "
            "`python -m arabnews kb compile`.")
    E014 = ("Wikidata dump {path}: {problem}. Pass the standard JSON dump (one entity per line, optionally .gz).")
    E015 = ("kb compile needs --out FILE, or --in-place to replace the KB inside the installed package (what the "
            "project's maintainers do after editing kb/sources).")
    E016 = ("No KB entity in the {n_files} source files of {sources}: nothing was written.")
    # E040-E049: corpus runs, exports, Dask, who-said (arabnews/corpus.py, quote_export.py, dask.py)
    E040 = ("Document {doc_id!r} could not be processed ({err_type}: {err}). It is recorded with this error in the "
            "output and the run went on; re-run with --retry-errors after fixing the cause.")
    E041 = ("A worker process died while processing document {doc_id!r} ({err}). The document is recorded as failed; "
            "lower --batch-size or check the machine's memory.")
    E042 = ("Unknown quotes export format {fmt!r} for {path}. Use a .jsonl, .csv or .parquet file name, or "
            "--quotes-format jsonl|csv|parquet.")
    E043 = ("Parquet export needs pyarrow: `pip install pyarrow` (or write .jsonl / .csv).")
    E044 = ("The Dask runner needs the 'dask' extra: `pip install \"arabnews[dask]\"` (dask[bag,dataframe] and "
            "distributed).")
    E045 = ("Output file {path} line {line} is not an arabnews run record ({err}). Pass the --out file of "
            "`python -m arabnews run`, or fix / remove the line (a run killed mid-write is repaired by re-running it).")
    E046 = ("who-said needs --speaker QID, --name NAME or --top N.")
    E047 = ("Cannot resume into {path}: the file is not a JSON-lines run output ({err}). Use --overwrite to "
            "start again or choose another --out.")
    E048 = ("Input file {path} could not be read after line {line} ({err_type}: {err}): it is truncated, corrupt "
            "or not UTF-8. The documents before it were processed; fix or re-download the file and re-run to resume.")
    E049 = ("Document {doc_id!r} was stopped after {seconds:g} s (--doc-timeout). It is recorded with this error and "
            "the run went on; raise --doc-timeout, or re-run with --retry-errors, if it is only very long.")
    # E070-E079: evaluation (arabnews/evaluation.py, `python -m arabnews evaluate`)
    E070 = ("Document id {doc_id!r} appears twice in the gold ({first} and {second}). Score files that annotate "
            "the same articles separately (e.g. a second annotation: `evaluate A.jsonl --pred B.jsonl`).")
    E071 = ("Prediction file {path} line {line}: {problem}. Pass records in the gold format of "
            "../shared/ANNOTATION.md (arabnews.evaluation.doc_to_record writes them).")
    # E090-E099: visual review page and corpus report (arabnews/render.py, report.py)
    E090 = ("arabnews.render expects a spaCy Doc, got {type_name}. Process the text first: "
            "`arabnews.render(nlp(text))`.")
    E091 = ("No document to render in {paths}{which}. Check the input (and --id) and try again.")


def warn_once(message: str) -> None:
    """Emit an arabnews warning; Python's default filter shows each distinct message once per location."""
    warnings.warn(message, UserWarning, stacklevel=3)


def check_text(value: object, func: str) -> str:
    """Return ``value`` if it is a str, else raise the coded TypeError that explains the fix."""
    if not isinstance(value, str):
        raise TypeError(Errors.E001.format(func=func, type_name=type(value).__name__))
    return value
