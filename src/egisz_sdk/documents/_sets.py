"""``check_many`` (many files, in parallel, bounded) and ``check_set`` (a procedure's required set)."""

from __future__ import annotations

import datetime as _dt
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from egisz_sdk.documents._check import check
from egisz_sdk.documents._model import Finding, Fix, Report, SetReport, finding
from egisz_sdk.documents._names import type_from_name
from egisz_sdk.documents._rules import Ruleset, document_types, target_rules
from egisz_sdk.documents._rules import procedure as _procedure
from egisz_sdk.errors import EgiszError, ValidationError

__all__ = ["CONDITIONS", "MAX_FILES", "check_many", "check_set", "list_directory"]

#: Files sent to a worker process at a time by :func:`check_many`.
BATCH = 16
#: At most this many files in one directory or set.
MAX_FILES = 100_000
#: Conditions of conditional documents: ``name → (Russian, English)``; pass them in ``circumstances=``.
CONDITIONS = {
    "has_licence": ("у работника есть лицензия", "the worker holds a licence"),
    "needs_qualification": ("этого требует специальность", "the specialty requires one"),
    "criminal_record_category": ("этого требует должность", "the position requires one"),
    "has_previous_accreditation": ("есть прежнее свидетельство об аккредитации", "there is a previous accreditation"),
    "has_previous_certificate": ("есть прежний сертификат специалиста", "there is a previous specialist certificate"),
    "name_changed": ("фамилия менялась", "the surname has changed"),
}
_SINGLE = {"passport", "snils", "application", "portfolio", "insurance", "no_sanctions", "no_criminal_record"}
Outcome = Report | EgiszError


def _one(item: Any, kwargs: dict[str, Any]) -> Outcome | dict[str, Any]:
    try:
        return check(item, **kwargs)
    except EgiszError as exc:
        return {"class": type(exc).__name__, **exc.to_dict()}


def _rebuild(result: Outcome | dict[str, Any]) -> Outcome:
    if isinstance(result, dict):
        from egisz_sdk import errors

        cls = getattr(errors, str(result.pop("class")), EgiszError)
        return cls.from_mapping(result)
    return result


def check_many(
    files: Iterable[Any],
    *,
    target: str | Mapping[Any, str],
    ruleset: str | Ruleset | None = None,
    jobs: int = 1,
    today: _dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Any, Outcome]]:
    """Check many files; yield ``(file, Report or the typed error)`` in input order.

    ``target`` is one target for all, or a mapping ``file → target``. With ``jobs > 1`` paths are checked in that
    many worker processes (pypdf and Pillow hold the GIL) with at most ``2 × jobs`` files in flight, so memory stays
    bounded whatever the count; ``progress(n)`` is called after each file. A file that cannot be read yields its
    :class:`~egisz_sdk.errors.ValidationError` instead of stopping the run.
    """
    if not isinstance(jobs, int) or not 1 <= jobs <= 64:
        raise ValidationError("documents.argument.invalid", field="jobs", name="jobs", value=jobs, allowed="1…64")

    def options(item: Any) -> dict[str, Any]:
        chosen = target if isinstance(target, str) else target[item]
        return {"target": chosen, "ruleset": ruleset, "today": today}

    for (item, _), outcome in _run(((item, options(item)) for item in files), jobs, progress):
        yield item, outcome


def _batch(pairs: list[tuple[Any, dict[str, Any]]]) -> list[Outcome | dict[str, Any]]:
    return [_one(item, options) for item, options in pairs]


def _run(
    work: Iterable[tuple[Any, dict[str, Any]]], jobs: int, progress: Callable[[int], None] | None
) -> Iterator[tuple[tuple[Any, dict[str, Any]], Outcome]]:
    """Run :func:`check` over ``(file, keyword arguments)`` pairs, inline or in a bounded process pool.

    Work goes to the workers in batches of :data:`BATCH` files (one round trip per batch, not per file), with at
    most ``2 × jobs`` batches in flight.
    """
    if jobs == 1:
        for pair in work:
            yield pair, _rebuild(_one(*pair))
            if progress:
                progress(1)
        return
    window: list[tuple[list[tuple[Any, dict[str, Any]]], Future[Any]]] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch in _batches(work, BATCH):
            window.append((batch, pool.submit(_batch, batch)))
            if len(window) >= 2 * jobs:
                yield from _drain(window.pop(0), progress)
        for done in window:
            yield from _drain(done, progress)


def _batches(work: Iterable[tuple[Any, dict[str, Any]]], size: int) -> Iterator[list[tuple[Any, dict[str, Any]]]]:
    batch: list[tuple[Any, dict[str, Any]]] = []
    for pair in work:
        batch.append(pair)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _drain(
    done: tuple[list[tuple[Any, dict[str, Any]]], Future[Any]], progress: Callable[[int], None] | None
) -> Iterator[tuple[tuple[Any, dict[str, Any]], Outcome]]:
    batch, future = done
    for pair, result in zip(batch, future.result()):
        yield pair, _rebuild(result)
    if progress:
        progress(len(batch))


def list_directory(directory: str | os.PathLike[str], limit: int = MAX_FILES) -> list[Path]:
    """The regular files directly in ``directory`` (sorted; hidden files skipped; at most ``limit``)."""
    root = Path(directory)
    if not root.is_dir():
        raise ValidationError("documents.input.unreadable", field="file", name=root.name, reason="not a directory")
    out = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or not entry.is_file():
            continue
        out.append(entry)
        if len(out) > limit:
            raise ValidationError(
                "documents.argument.invalid", field="files", name="files", value=len(out), allowed=f"≤ {limit}"
            )
    return out


def _named(files: Any) -> dict[str, Any]:
    if isinstance(files, (str, os.PathLike)):
        return {p.name: p for p in list_directory(files)}
    if isinstance(files, Mapping):
        return {str(k): v for k, v in files.items()}
    out: dict[str, Any] = {}
    for item in files:
        if not isinstance(item, (str, os.PathLike)):
            raise ValidationError("documents.input.type", field="files", type=type(item).__name__)
        out[Path(item).name] = item
        if len(out) > MAX_FILES:
            raise ValidationError("documents.argument.invalid", field="files", name="files", value=len(out), allowed="")
    return out


def _default_target(type_id: str) -> str | None:
    from egisz_sdk.documents._rules import targets

    for name in targets():
        if type_id in target_rules(name).rulesets[0].rules.document_types.value:
            return name
    return None


def check_set(
    files: Any,
    *,
    procedure: str,
    ruleset: str | None = None,
    rulesets: Mapping[str, str | Ruleset] | None = None,
    metadata: Mapping[str, Mapping[str, Any]] | None = None,
    circumstances: Mapping[str, bool] | None = None,
    today: _dt.date | None = None,
    jobs: int = 1,
) -> SetReport:
    """Check the documents of one procedure: each file against its target, and the set against what is required.

    Args:
        files: a directory, an iterable of paths, or a mapping ``file name → path / bytes / file object``.
        procedure: ``frmr.registration``, ``frmr.accreditation`` or ``frmo.documents``.
        ruleset: the procedure's list of required documents (``None``: its default, e.g. ``guides``).
        rulesets: ``target → ruleset`` for the per-file checks (default: each target's default).
        metadata: ``file name → metadata`` (see :func:`check`); ``document_type`` there overrides the name.
        circumstances: conditions of conditional documents (:data:`CONDITIONS`), e.g. ``{"has_licence": True}``.
        today: the date expiry is judged against.
        jobs: worker processes for the per-file checks.

    The type of each file comes from its metadata or its ``type_Surname`` name (Russian or English aliases).
    """
    proc, chosen = _procedure(procedure, ruleset)
    conditions = dict(circumstances or {})
    for key, value in conditions.items():
        if key not in CONDITIONS or not isinstance(value, bool):
            raise ValidationError(
                "documents.argument.invalid",
                field="circumstances",
                name=str(key)[:40],
                value=value,
                allowed=list(CONDITIONS),
            )
    named = _named(files)
    meta = dict(metadata or {})
    by_type = {req.type: req for req in chosen.documents}
    types: dict[str, str | None] = {}
    targets_of: dict[str, str] = {}
    findings: list[Finding] = []
    superfluous: list[str] = []
    source = chosen.documents[0].source if chosen.documents else proc.title.en
    for name in named:
        declared = (meta.get(name) or {}).get("document_type")
        type_id = declared if declared in document_types() else type_from_name(name)
        types[name] = type_id
        if type_id is None:
            findings.append(
                finding("documents.set.unclassified", "error", source, Fix("rename", "type_Surname"), name=name)
            )
            continue
        req = by_type.get(type_id)
        if req is None or (req.need == "conditional" and conditions.get(req.condition or "") is False):
            superfluous.append(name)
            title = document_types()[type_id]
            fix = Fix("remove", name)
            findings.append(
                finding(
                    "documents.set.superfluous",
                    "warning",
                    source,
                    fix,
                    ru_params={"title": title.ru},
                    name=name,
                    title=title.en,
                )
            )
        target = req.target if req else _default_target(type_id)
        if target:
            targets_of[name] = target
    missing: list[str] = []
    counts = Counter(t for t in types.values() if t)
    for req in chosen.documents:
        title = document_types()[req.type]
        ru = {"title": title.ru}
        present = counts.get(req.type, 0)
        needed = req.need == "required" or (req.need == "conditional" and conditions.get(req.condition or "") is True)
        if present == 0 and needed:
            missing.append(req.type)
            findings.append(
                finding(
                    "documents.set.missing", "error", req.source, Fix("provide", req.type), ru_params=ru, title=title.en
                )
            )
        elif present == 0 and req.need == "conditional" and req.condition not in conditions:
            if_ru, if_en = CONDITIONS.get(req.condition or "", (req.condition, req.condition))
            findings.append(
                finding(
                    "documents.set.conditional",
                    "info",
                    req.source,
                    Fix("provide", req.type),
                    ru_params={"title": title.ru, "condition": if_ru},
                    title=title.en,
                    condition=if_en,
                    name=req.condition,
                )
            )
        if present > 1 and req.type in _SINGLE:
            findings.append(
                finding("documents.set.duplicate", "warning", req.source, ru_params=ru, title=title.en, count=present)
            )
    reports = _file_reports(named, targets_of, rulesets or {}, meta, today, jobs)
    return SetReport(
        procedure=procedure,
        ruleset=chosen.name,
        files=reports,
        types=types,
        findings=tuple(findings),
        missing=tuple(missing),
        superfluous=tuple(superfluous),
    )


def _file_reports(
    named: dict[str, Any],
    targets_of: dict[str, str],
    rulesets: Mapping[str, str | Ruleset],
    meta: dict[str, Mapping[str, Any]],
    today: _dt.date | None,
    jobs: int,
) -> dict[str, Report]:
    out: dict[str, Report] = {}
    work = []
    for name, target in targets_of.items():
        options = {
            "target": target,
            "ruleset": rulesets.get(target),
            "metadata": dict(meta.get(name) or {}),
            "name": name,
            "today": today,
        }
        work.append((named[name], options))
    parallel = jobs if all(isinstance(item, (str, os.PathLike)) for item, _ in work) else 1
    for (_, options), result in _run(work, parallel, None):
        if isinstance(result, EgiszError):
            raise result
        out[str(options["name"])] = result
    return {name: out[name] for name in named if name in out}
