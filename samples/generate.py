"""Write the bundled sample bulletins: a fictional programme (临江市 2025年 市办实事, 4件8项) reported monthly.

Our own sentences and numbers (no corpus text). Values grow through the year along a fixed S-curve, so the
trend views have something to show; percents are computed from value and target with the bulletins' half-up
rounding, so every sample passes validation unless a fault is injected on purpose.

The bundled set is what a real site looks like: the August bulletin was never published (SKIPPED_MONTH), and the
October one was re-published the next day with one figure corrected (CORRECTED_MONTH, `…-10-corrected.html`), so
`make demo` shows a missing bulletin and a restatement.

    python samples/generate.py samples            # rewrite the bundled set (11 months + 1 correction)
    python samples/generate.py /tmp/x --all --months 6         # months 1..6, none skipped, no correction
    python samples/generate.py /tmp/x --fault pct --months 6   # a faulty copy for tests

Faults (for tests and demos of validation): pct (a percent that does not match its target), part (a 其中 part
larger than its whole), drop_item (one item missing from a "8项" bulletin), falling (a cumulative figure lower
than the month before). `revision` writes a corrected re-publication of a month with one changed figure.
"""

from __future__ import annotations

import argparse
import calendar
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

YEAR = 2025
PROGRESS = [Decimal(x) for x in ("0.06", "0.13", "0.22", "0.31", "0.40", "0.50", "0.59", "0.68", "0.78", "0.88",
                                 "0.96", "1.04")]
"""Share of the annual target reached by the end of each month (an S-curve ending slightly above plan)."""

FAULTS = ("pct", "part", "drop_item", "falling")

SKIPPED_MONTH = 8
"""The bundled set has no August bulletin (a month the publisher skipped)."""

CORRECTED_MONTH = 10
"""The bundled set has October twice: as first published, and re-published the next day with one figure
corrected (item 4, one more estate: 132 -> 133 老旧小区, 88 % -> 88.7 %)."""


def _pct(value: Decimal, target: Decimal) -> str:
    return str((value * 100 / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).removesuffix(".0")


def _count(target: int, share: Decimal, bump: int = 0) -> Decimal:
    return (Decimal(target) * share).quantize(Decimal(1), rounding=ROUND_HALF_UP) + bump


def bulletin_html(month: int, fault: str | None = None, revision: int = 0) -> str:
    """The HTML page of the bulletin as of the end of `month` (1-12) of 2025, with site furniture around it."""
    if fault is not None and fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; choose one of {FAULTS}")
    share = PROGRESS[month - 1]
    if fault == "falling" and month > 1:
        share = PROGRESS[month - 2] - Decimal("0.05")
    jobs = (Decimal("12") * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # 万人
    training = _count(30000, share)
    loans = (Decimal("8.5") * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # 亿元
    founders = _count(2600, share)
    schools_started = min(_count(20, share * Decimal("1.3")), Decimal(20))
    schools_done = _count(20, share * Decimal("0.7"))
    estates = _count(150, share, bump=revision)
    lifts = _count(300, share)
    beds = _count(2000, share)
    canteens = _count(40, share)
    meal_points = _count(120, share)
    homes = _count(1500, share)
    jobs_pct = _pct(jobs, Decimal(12))
    if fault == "pct":
        jobs_pct = str(Decimal(jobs_pct) + 45)
    if fault == "part":
        schools_done = schools_started + 3
    published_month, published_year = (month + 1, YEAR) if month < 12 else (1, YEAR + 1)
    published_day = 7 if revision else 6  # a correction comes out the next day
    last_day = calendar.monthrange(YEAR, month)[1]
    achieved = [name for name, value, target in (("养老床位方面", beds, 2000), ("加装电梯方面", lifts, 300),
                                                  ("老旧小区改造方面", estates, 150)) if value >= target]
    summary = (f"截至{month}月底,{YEAR}年4件8项市办实事中的{len(achieved)}项已实现年度目标,包括"
               f"{'、'.join(achieved)},其余项目正在按计划有序推进。" if achieved else
               f"截至{month}月底,{YEAR}年4件8项市办实事均按计划有序推进。")
    items = [
        ("一、稳定和扩大就业,城镇新增就业12万人,职业技能培训3万人", [
            f"1.就业方面,全市城镇新增就业{jobs}万人,占年计划的{jobs_pct}%;完成职业技能培训{training}人,"
            f"占年计划的{_pct(training, Decimal(30000))}%。",
            f"2.创业扶持方面,累计发放创业担保贷款{loans}亿元,扶持创业{founders}人。",
        ]),
        ("二、提升教育供给,新建改扩建中小学和幼儿园20所", [
            f"3.学校建设方面,{schools_started}所中小学和幼儿园已开工,占年计划的{_pct(schools_started, Decimal(20))}%,"
            f"其中{schools_done}所已竣工,占年计划的{_pct(schools_done, Decimal(20))}%。",
        ]),
        ("三、改善居住条件,改造老旧小区150个,加装电梯300部", [
            f"4.老旧小区改造方面,{estates}个老旧小区已开工改造,占年计划的{_pct(estates, Decimal(150))}%。",
            f"5.加装电梯方面,累计完成加装电梯{lifts}部,占年计划的{_pct(lifts, Decimal(300))}%。",
        ]),
        ("四、加强养老服务,新增养老床位2000张,建设社区食堂40处", [
            f"6.养老床位方面,累计新增养老床位{beds}张,占年计划的{_pct(beds, Decimal(2000))}%。",
            f"7.社区食堂方面,建成社区食堂{canteens}处、老年助餐点{meal_points}个,分别占年计划的"
            f"{_pct(canteens, Decimal(40))}%和{_pct(meal_points, Decimal(120))}%。",
            f"8.适老化改造方面,完成困难老年人家庭适老化改造{homes}户。",
        ]),
    ]
    if fault == "drop_item":
        items[3][1].pop()
    body = "\n".join(f"<p>{heading}</p>\n" + "\n".join(f"<p>{line}</p>" for line in lines) for heading, lines in items)
    correction = "<p>(本文于次日更正了第4项数据)</p>" if revision else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{YEAR}年临江市办实事进展情况({month}月)</title>
<script>var analytics = "none";</script></head>
<body>
<div class="header"><a href="/">临江市人民政府</a> | <a href="/news">政务要闻</a> | <a href="/open">信息公开</a></div>
<nav class="breadcrumb">首页 &gt; 政务要闻 &gt; 市办实事</nav>
<div class="article">
<h1>{YEAR}年临江市办实事进展顺利</h1>
<p class="info">发布日期:{published_year}-{published_month:02d}-{published_day:02d} 来源:临江市政府办公室</p>
<p>临江日报{published_month}月6日讯 记者从市政府办公室获悉,截至{month}月底({YEAR}年{month}月{last_day}日),各项市办实事推进情况如下。{summary}</p>
{body}
{correction}
</div>
<div class="share">分享到: 微信 微博</div>
<div class="footer">主办:临江市人民政府办公室 版权所有 联系我们</div>
</body></html>
"""


def write_samples(out_dir: Path, months: range | list[int] = range(1, 13), fault: str | None = None,
                  fault_month: int | None = None, revision: int = 0, corrected: int | None = None) -> list[Path]:
    """Write one `linjiang-2025-MM.html` per month of `months`; a fault or a revision (if any) goes into
    `fault_month` (default: the last), in place. `corrected`: a month (in `months`) that also gets its corrected
    re-publication beside it, `linjiang-2025-MM-corrected.html` (revision 1, published a day later). Returns the
    paths written, in that order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    fault_month = fault_month or months[-1]
    for month in months:
        path = out_dir / f"linjiang-{YEAR}-{month:02d}.html"
        html = bulletin_html(month, fault if month == fault_month else None, revision if month == fault_month else 0)
        path.write_text(html, encoding="utf-8")
        paths.append(path)
        if month == corrected:
            path = out_dir / f"linjiang-{YEAR}-{month:02d}-corrected.html"
            path.write_text(bulletin_html(month, revision=1), encoding="utf-8")
            paths.append(path)
    return paths


def write_bundled(out_dir: Path) -> list[Path]:
    """The bundled set (`samples/`): months 1-12 without SKIPPED_MONTH, with CORRECTED_MONTH re-published."""
    return write_samples(out_dir, [m for m in range(1, 13) if m != SKIPPED_MONTH], corrected=CORRECTED_MONTH)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--months", type=int, default=12, help="write months 1..N")
    parser.add_argument("--fault", choices=FAULTS)
    parser.add_argument("--revision", type=int, default=0, help="corrected re-publication of the last month")
    parser.add_argument("--all", action="store_true", help="months 1..N only: no skipped month, no correction "
                        "(implied by --months, --fault and --revision)")
    args = parser.parse_args()
    if args.all or args.months != 12 or args.fault or args.revision:
        written = write_samples(args.out_dir, range(1, args.months + 1), args.fault, None, args.revision)
    else:
        written = write_bundled(args.out_dir)
    for path in written:
        print(path)
