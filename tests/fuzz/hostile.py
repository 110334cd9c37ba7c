"""Hostile values for the fuzz tests, by the kind of input they are sent to.

Each strategy mixes fixed nasty cases (which hypothesis tries early) with generated text.
"""

import string

from hypothesis import strategies as st

# Raw markup that must never reach a page unescaped (tests/fuzz/test_forms.py looks for it).
MARKUP = [
    "<script>alert('fuzz')</script>",
    '<img src=x onerror=alert("fuzz")>',
    '"><svg onload=alert("fuzz")>',
]
RAW_MARKERS = ["<script>alert(", "<img src=x onerror", "<svg onload"]

FIXED_TEXT = [
    "",
    " ",
    "\x00",
    "康\x00希",
    "\x01\x02\x0b\x0c\x1b\x7f",
    "\t\n\r",
    "\u200b\u202e\ufeff",
    "\ufffe\uffff",
    "x" * 10_000,
    "政" * 2_001,
    "'; DROP TABLE members_member; --",
    "' OR '1'='1",
    "%",
    "_",
    "\\",
    "1' UNION SELECT password FROM orgs_user --",
    "{{ 7*7 }}{% debug %}",
    "${jndi:ldap://x}",
    "../../../../etc/passwd",
    "😀👨‍👩‍👧‍👦🇨🇳",
    "燕山街道 燕山街道 聯絡處 联络处 臺灣 台湾 發展 发展",
    "ｆｕｌｌｗｉｄｔｈ　全角",
    "NaN",
    "-1",
    "9" * 40,
    *MARKUP,
]
FIXED_NUMBERS = [
    "",
    "0",
    "-1",
    "-0",
    "1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "1.5",
    "１２",
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "99999999999999999999999999.99",
    "0x10",
    "1,000",
    " 7 ",
]
FIXED_DATES = [
    "",
    "0000-00-00",
    "2026-02-30",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "1900-01-01",
    "2026/05/12",
    "12/05/2026",
    "二〇二六年五月十二日",
    "2026-05-12T25:61",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-05-12 08:00:00+99:00",
    "yesterday",
]

_printable = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
)


def text_values():
    return st.one_of(st.sampled_from(FIXED_TEXT), _printable, st.sampled_from(MARKUP))


def number_values():
    return st.one_of(
        st.sampled_from(FIXED_NUMBERS),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.text(alphabet=string.digits + ".-e+", max_size=30),
    )


def date_values():
    return st.one_of(st.sampled_from(FIXED_DATES), text_values())


def choice_values(options):
    """A listed option most of the time, otherwise something that is not one."""
    listed = [o for o in options if o != ""]
    hostile = st.one_of(st.sampled_from(["", "0", "-1", "999999999", "1\x00"]), text_values())
    if not listed:
        return hostile
    return st.one_of(st.sampled_from(listed), st.sampled_from(listed), hostile)


def file_values():
    """(name, bytes) of uploads that pretend to be something they are not."""
    return st.sampled_from(
        [
            ("photo.jpg", b"<script>alert('fuzz')</script>"),
            ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),  # a JPEG header and nothing
            ("doc.pdf", b"%PDF-1.4\n" + b"A" * 100),
            ("evil.exe", b"MZ\x90\x00" + b"\x00" * 60),
            ("a.docx", b"PK\x03\x04" + b"\x00" * 40),
            ("\x00.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
            ("../../etc/passwd", b"root:x:0:0"),
            ("空.xlsx", b""),
            ("报告<script>.pdf", b"%PDF-1.4\n%%EOF"),
        ]
    )
