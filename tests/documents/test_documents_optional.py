"""The documents package imports and checks DOCX without pypdf and Pillow; PDFs and images name the extra."""

from __future__ import annotations

import subprocess
import sys


def test_documents_work_without_the_extra() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'pypdf', 'PIL'}:\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from egisz_sdk import documents\n"
        "from egisz_sdk.testing import documents as samples\n"
        "meta = {'document_type': 'contract', 'issue_date': '01.01.2024', 'valid_until': '01.01.2030'}\n"
        "assert documents.check(samples.docx().data, target='frmo.documents', ruleset='guides', metadata=meta).ok\n"
        "assert 'documents.docx.macro' in documents.check(samples.macro_docx().data, target='frmo.documents').codes\n"
        "from egisz_sdk.errors import ConfigurationError\n"
        "for data in (samples.text_pdf().data, samples.png(60, 80).data):\n"
        "    try:\n"
        "        documents.check(data, target='frmr.application')\n"
        "    except ConfigurationError as exc:\n"
        "        assert exc.code == 'documents.extra.missing' and 'egisz-sdk[documents]' in str(exc), str(exc)\n"
        "    else:\n"
        "        raise AssertionError('no error')\n"
        "assert 'pypdf' not in sys.modules and 'PIL' not in sys.modules\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
