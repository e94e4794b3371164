"""Write docs/documents/targets/*.md and docs/documents/procedures.md from the rules data.

``python tools/gen_documents_docs.py``; a test fails when the pages are stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from egisz_sdk.documents import _rules  # noqa: E402

OUT = ROOT / "docs" / "documents"
_MIB = 1024 * 1024


def _value(name: str, value: object) -> str:
    if name == "max_bytes" and isinstance(value, int):
        return f"{value:,} bytes ({value / _MIB:g} MiB)".replace(",", " ")
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def target_page(target: str) -> str:
    rules = _rules.target_rules(target)
    lines = [
        f"# {rules.title.en}",
        "",
        f"Target `{target}` — {rules.title.ru}. Default ruleset: `{rules.default}`"
        + (
            f"; also: {', '.join(f'`{r.name}`' for r in rules.rulesets if r.name != rules.default)} "
            "(the sources disagree; pass `ruleset=` to choose)."
            if len(rules.rulesets) > 1
            else "."
        ),
        "",
        "Generated from `src/egisz_sdk/documents/rules/" + target + ".json` by `tools/gen_documents_docs.py`.",
        "",
    ]
    for ruleset in rules.rulesets:
        lines += [f"## Ruleset `{ruleset.name}`", "", ruleset.description, ""]
        lines += ["| rule | value | severity | source |", "|---|---|---|---|"]
        for name, rule in ruleset.rules:
            if rule is None:
                continue
            lines.append(f"| `{name}` | {_value(name, rule.value)} | {rule.severity} | {_cell(rule.source)} |")
        lines.append("")
    lines += [
        "Every target also applies the [safety bounds](../index.md#safety-bounds) and the content checks "
        "(encryption, active content, macros, external relationships, polyglots, extension vs content).",
        "",
    ]
    return "\n".join(lines)


def procedures_page() -> str:
    lines = [
        "# Required document sets",
        "",
        "What `documents.check_set(files, procedure=…)` expects. Generated from "
        "`src/egisz_sdk/documents/rules/procedures.json` by `tools/gen_documents_docs.py`.",
        "",
        "`required` documents are reported missing when absent; `conditional` ones when their condition is passed "
        "as true in `circumstances=` (absent with an unstated condition: an `info` finding; present with the "
        "condition false: superfluous); `optional` ones are accepted. Any other type is superfluous.",
        "",
    ]
    types = _rules.document_types()
    for name, proc in _rules.procedures().items():
        lines += [f"## `{name}` — {proc.title.en}", "", f"{proc.title.ru}. Default ruleset: `{proc.default}`.", ""]
        for ruleset in proc.rulesets:
            lines += [f"### Ruleset `{ruleset.name}`", "", "| document | need | condition | checked as | source |"]
            lines.append("|---|---|---|---|---|")
            for req in ruleset.documents:
                title = types[req.type]
                lines.append(
                    f"| `{req.type}` — {title.en} ({title.ru}) | {req.need} | {req.condition or ''} | "
                    f"[`{req.target}`](targets/{req.target}.md) | {_cell(req.source)} |"
                )
            lines.append("")
    lines += ["## Document types and the name prefixes that declare them", "", "| type | title | prefixes |"]
    lines.append("|---|---|---|")
    for type_id, info in types.items():
        lines.append(f"| `{type_id}` | {info.en} / {info.ru} | {', '.join(f'`{a}`' for a in info.aliases)} |")
    lines.append("")
    return "\n".join(lines)


def render() -> dict[Path, str]:
    """Every generated page by path."""
    pages = {OUT / "targets" / f"{t}.md": target_page(t) for t in _rules.targets()}
    pages[OUT / "procedures.md"] = procedures_page()
    return pages


if __name__ == "__main__":
    for path, text in render().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
