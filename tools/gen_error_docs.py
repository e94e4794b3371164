"""Write docs/errors.md from the error catalogue (``python tools/gen_error_docs.py``; a test checks it is fresh)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from egisz_sdk._catalogue import catalogue  # noqa: E402

HEADER = """# Error codes

Every error the SDK raises is an `egisz_sdk.errors.EgiszError` with a stable dotted `code`, the `field` it
concerns, and messages in Russian and English (`str(error)` shows both, then the code). The codes below are
generated from the catalogue files in `src/egisz_sdk/_catalogue/`; `{name}` marks a value filled in at run time.

```
EgiszError
 ├── ValidationError (ValueError)
 │    └── InvalidIdentifier
 ├── SignatureError
 ├── AuthError
 │    └── EsiaError
 ├── RegistryError
 ├── TransportError
 └── ConfigurationError
```
"""


def render() -> str:
    groups: dict[str, list[str]] = {}
    for code, entry in sorted(catalogue().items()):
        group = code.split(".", 1)[0]
        ru = entry.ru.replace("|", "\\|")
        en = entry.en.replace("|", "\\|")
        groups.setdefault(group, []).append(f"| `{code}` | {ru} | {en} |")
    parts = [HEADER]
    for group, rows in groups.items():
        parts.append(f"\n## {group}\n\n| code | Русский | English |\n|---|---|---|\n" + "\n".join(rows) + "\n")
    return "".join(parts)


if __name__ == "__main__":
    (ROOT / "docs" / "errors.md").write_text(render(), encoding="utf-8")
