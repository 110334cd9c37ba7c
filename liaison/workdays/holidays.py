"""The State Council's holiday schedules (国务院办公厅关于部分节假日安排的通知), as preloaded.

2026: 国办发明电〔2025〕号 of 2025-11-04. 2027: the statutory days of 《全国年节及纪念日放假办法》
(2025 revision) on their 2027 dates, without make-up working days; the administrator adds
those from the State Council notice for 2027 when it is out (标注 PROVISIONAL).
"""

import datetime

D = datetime.date


def _span(first: datetime.date, days: int) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range(days)]


# year → list of (name, holiday dates, make-up working dates)
SCHEDULES = {
    2026: [
        ("元旦", _span(D(2026, 1, 1), 3), [D(2026, 1, 4)]),
        ("春节", _span(D(2026, 2, 15), 9), [D(2026, 2, 14), D(2026, 2, 28)]),
        ("清明节", _span(D(2026, 4, 4), 3), []),
        ("劳动节", _span(D(2026, 5, 1), 5), [D(2026, 5, 9)]),
        ("端午节", _span(D(2026, 6, 19), 3), []),
        ("中秋节", _span(D(2026, 9, 25), 3), []),
        ("国庆节", _span(D(2026, 10, 1), 7), [D(2026, 9, 20), D(2026, 10, 10)]),
    ],
    2027: [
        ("元旦", [D(2027, 1, 1)], []),
        ("春节", _span(D(2027, 2, 5), 4), []),  # 除夕 to 正月初三
        ("清明节", [D(2027, 4, 5)], []),
        ("劳动节", _span(D(2027, 5, 1), 2), []),
        ("端午节", [D(2027, 6, 9)], []),
        ("中秋节", [D(2027, 9, 15)], []),
        ("国庆节", _span(D(2027, 10, 1), 3), []),
    ],
}
PROVISIONAL = {2027}
