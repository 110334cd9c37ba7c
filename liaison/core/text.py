"""Text that may be stored: no control characters.

PostgreSQL refuses NUL in a string (a 500 if it gets that far) and XML, so every xlsx export and
docx document, refuses the other C0 controls. None of them is ever typed on purpose, so they are
removed where input enters: request parameters (liaison.core.middleware.InputCleaningMiddleware)
and imported files (liaison.members.importing). Tab, newline and carriage return stay.
"""

import re

# C0 controls except \t \n \r, and the two non-characters XML 1.0 excludes.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def has_unstorable(value: str) -> bool:
    return _UNSTORABLE.search(value) is not None


def clean_text(value: str) -> str:
    return _UNSTORABLE.sub("", value)
