"""Regenerate and compile the message catalogues.

    python scripts/messages.py

1. `makemessages` collects every gettext string into locale/{zh_Hans,zh_Hant,en}.
2. zh_Hans is written by hand. zh_Hant entries that are empty, or that still carry the
   "opencc" comment this script leaves, are filled from zh_Hans with OpenCC (s2t); an entry
   edited by hand (comment removed) is kept as it is.
3. Every catalogue is compiled to .mo (polib, so msgfmt is not needed to compile).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import opencc
import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGS = ["zh_Hans", "zh_Hant", "en"]
AUTO = "opencc"


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def collect(root: Path = ROOT, langs=LANGS) -> None:
    args = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location"]
    for lang in langs:
        args += ["-l", lang]
    for ignore in [".venv/*", "static/vendor/*", "var/*", "tests/*", "bench/*"]:
        args += ["--ignore", ignore]
    subprocess.run(args, cwd=root, check=True, capture_output=True)


def missing_msgids() -> list[str]:
    """Strings the code uses that locale/zh_Hans lacks: a fresh extraction in a scratch copy."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for name in ["config", "liaison", "templates"]:
            shutil.copytree(
                ROOT / name, scratch / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        shutil.copy(ROOT / "manage.py", scratch)
        (scratch / "locale" / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True)
        collect(scratch, ["zh_Hans"])
        fresh = polib.pofile(str(scratch / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path("zh_Hans")))}
    return sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in known)


def traditional() -> None:
    convert = opencc.OpenCC("s2t").convert
    simplified = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(po_path("zh_Hans")))}
    hant = polib.pofile(str(po_path("zh_Hant")))
    for entry in hant:
        source = simplified.get((entry.msgctxt, entry.msgid))
        if source is None:
            continue
        if entry.translated() and AUTO not in (entry.tcomment or ""):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {k: convert(v) for k, v in source.msgstr_plural.items()}
        else:
            entry.msgstr = convert(source.msgstr)
        entry.tcomment = AUTO
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    hant.save()


def compile_all() -> None:
    for lang in LANGS:
        po = polib.pofile(str(po_path(lang)))
        po.metadata_is_fuzzy = False
        po.header = (
            "Liaison · 政协联络处工作平台 message catalogue. zh_Hant: see scripts/messages.py."
        )
        po.metadata.update(
            {
                "Project-Id-Version": "liaison",
                "Language": lang,
                "Language-Team": lang,
                "Last-Translator": "Liaison developers",
            }
        )
        for noisy in ("PO-Revision-Date", "POT-Creation-Date"):  # dates only churn the diff
            po.metadata.pop(noisy, None)
        po.save()
        po.save_as_mofile(str(po_path(lang).with_suffix(".mo")))
        untranslated = len(po.untranslated_entries()) + len(po.fuzzy_entries())
        print(f"{lang}: {len(po)} messages, {untranslated} untranslated")


if __name__ == "__main__":
    collect()
    traditional()
    compile_all()
