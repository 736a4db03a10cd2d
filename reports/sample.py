"""A generated archive shaped like the seed's campaign (DOMAIN.md), for the round-trip test and for trying the import.

``seed_like_archive()`` returns the workbook's bytes and the figures the report must give for it. By
construction: 42 units with 293 approved section-chief posts; 79 posts: 64 appointed, 1 under inspection,
14 moved to internal competition; the appointees are 16 promoted from deputy-section leadership, 19 from
non-leadership positions, 1 exceptionally from staff member, 12 exchanged within their unit and 16 across
units; 19 of them are women and 29 junior-college graduates. Ten posts failed in round 1 and were re-released
in round 2, where some of round 1's unsuccessful candidates applied again.
"""

import datetime
import io
import random
from typing import Any

from openpyxl import Workbook

from competition.registration.idcard import check_character
from reports.importer import SHEETS

START = datetime.date(2004, 11, 1)
DECIDED = datetime.date(2004, 12, 28)


def id_number(n: int, birth: datetime.date, sex: str = "男") -> str:
    # The sequence code's last digit is odd for a man, even for a woman (the import checks it against 性别).
    serial = (n % 500) * 2 + (1 if sex == "男" else 0)
    body = f"310113{birth:%Y%m%d}{serial:03d}"
    return body + check_character(body)


def seed_like_archive(seed: int = 2004) -> tuple[bytes, dict[str, Any]]:
    rng = random.Random(seed)
    units = [(f"单位{i:02d}", ["镇", "街道", "委办局"][i % 3], 6 if i == 0 else 7) for i in range(42)]
    people, terms, applications = [], [], []
    counter = iter(range(1, 100_000))

    def person(unit, rank, leadership, sex="男", education="本科", age=40, position="科员"):
        n = next(counter)
        birth = DECIDED.replace(year=DECIDED.year - age) - datetime.timedelta(days=1 + n % 200)
        ident = id_number(n, birth, sex)
        people.append([ident, f"人员{n:04d}", sex, birth, education, unit, position, rank, "是" if leadership else "否"])
        return ident

    # The appointees' situations before the campaign: (rank, leadership, same unit as the post).
    kinds = (
        [("副科级", True, False)] * 16
        + [("副科级", False, False)] * 19
        + [("科员", False, False)]
        + [("正科级", True, True)] * 12
        + [("正科级", True, False)] * 16
    )
    posts = [(f"单位{i % 42:02d}", f"职位{i:02d}") for i in range(79)]
    outcomes = ["appointed"] * 64 + ["inspection"] + ["internal"] * 14
    expected = {"registrations": 0, "outside": 0, "interviewed": 0, "repeat": set(), "repeat_appointed": set()}
    session = 0
    for index, ((unit, title), outcome) in enumerate(zip(posts, outcomes)):
        other_unit = f"单位{(index + 1) % 42:02d}"
        rows = []
        if outcome == "appointed":
            rank, leadership, same = kinds[index]
            ident = person(
                unit if same else other_unit,
                rank,
                leadership,
                sex="女" if index % 64 < 19 else "男",
                education="大专" if index >= 35 else "本科",
                age=26 + index % 27,
                position="主任" if rank == "正科级" and leadership else "副主任",
            )
            if rank == "正科级":
                terms.append([ident, unit if same else other_unit, f"原职位{index:02d}", datetime.date(2000, 1, 1), None, ""])
            rows.append((ident, "任用"))
            others = 2 + (11 if index == 0 else index % 3)
            rows += [(person(other_unit if k % 3 else unit, "副科级", True), "面试未通过") for k in range(others)]
        elif outcome == "inspection":
            rows = [(person(other_unit, "副科级", True), "考察中")] + [(person(unit, "副科级", True), "测评未通过") for _ in range(3)]
        else:
            rows = [(person(other_unit, "副科级", False), "转内部竞岗") for _ in range(2)]
        round_number = 1
        if outcome == "appointed" and 50 <= index < 60:
            # Failed in round 1 (nobody through the inspection), re-released in round 2, where one of round 1's
            # unsuccessful candidates applies again; on every other post round 2's appointee had failed in round 1.
            first = rows[0][0] if index % 2 == 0 else person(other_unit, "副科级", True)
            round_one = [(first, "考察未通过")] + [(person(other_unit, "副科级", True), "考察未通过") for _ in range(2)]
            session += 1
            for ident, result in round_one:
                applications.append(["2004年统一竞岗", 1, ident, unit, title, f"第{session}场", result])
            round_number = 2
            rows.append((round_one[1][0], "面试未通过"))
        session += 1
        for ident, result in rows:
            interviewed = result not in ("转内部竞岗",)
            applications.append(
                ["2004年统一竞岗", round_number, ident, unit, title, f"第{session}场" if interviewed else None, result]
            )
    # The oracle: counted from the rows, independently of the report.
    unit_of = {p[0]: p[5] for p in people}
    expected["registrations"] = len(applications)
    expected["outside"] = sum(1 for a in applications if unit_of[a[2]] != a[3])
    expected["interviewed"] = sum(1 for a in applications if a[5])
    expected["sessions"] = len({a[5] for a in applications if a[5]})
    later = {(a[2]) for a in applications if a[1] == 2}
    failed_one = {a[2] for a in applications if a[1] == 1 and a[6] != "任用"}
    expected["repeat"] = len(failed_one & later)
    expected["repeat_appointed"] = len({a[2] for a in applications if a[2] in failed_one & later and a[6] == "任用"})
    rng.shuffle(applications)

    workbook = Workbook()
    workbook.remove(workbook.active)
    data = {
        "单位": units,
        "人员": people,
        "任职": terms,
        "竞岗": [["2004年统一竞岗", "统一", START, DECIDED]],
        "职位": [["2004年统一竞岗", unit, title, 1] for unit, title in posts],
        "报名": applications,
    }
    for name, columns in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
        for row in data[name]:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), expected
