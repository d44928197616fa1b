"""Figures are built in one module and changed only there; the records passed between stages are frozen."""

from __future__ import annotations

import ast
import dataclasses
import pathlib
from decimal import Decimal

import pytest

import transforms.extract as package
from transforms.extract import extract
from transforms.extract.figures import Decided, Pct, Site, build_figure
from transforms.extract.prose import Slot
from transforms.extract.quantities import Quantity, scan_quantities
from transforms.record import Figure, Target

FIGURE_FIELDS = {f.name for f in dataclasses.fields(Figure)}
PACKAGE = pathlib.Path(package.__file__).parent


def _figure_field_assignments(path: pathlib.Path) -> list[str]:
    """`obj.field = …` (also augmented, annotated and tuple targets) where `field` is a `Figure` field and `obj`
    is not `self`: the ways a module could change a figure."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        for target in targets:
            for leaf in target.elts if isinstance(target, ast.Tuple) else [target]:
                if (
                    isinstance(leaf, ast.Attribute)
                    and leaf.attr in FIGURE_FIELDS
                    and not (isinstance(leaf.value, ast.Name) and leaf.value.id == "self")
                ):
                    found.append(f"{path.name}:{leaf.lineno} {ast.unparse(leaf)}")
    return found


def test_only_the_figures_module_changes_a_figure():
    modules = sorted(p for p in PACKAGE.glob("*.py") if p.name != "figures.py")
    assert len(modules) >= 15
    assert [a for path in modules for a in _figure_field_assignments(path)] == []
    # The check sees assignments where they are: figures.py has them (its setters and `finish`).
    assert any("fig.part_of" in a for a in _figure_field_assignments(PACKAGE / "figures.py"))


def test_quantities_and_slots_are_frozen():
    q = scan_quantities("新增就业4.2万人", 0, 9)[0]
    assert (q.num_text, q.unit, q.start, q.end, q.in_quote) == ("4.2", "万人", 4, 9, False)
    with pytest.raises(AttributeError):
        q.in_quote = True  # type: ignore[misc]
    slot = Slot(q, None, "target", "新增就业")
    with pytest.raises(AttributeError):
        slot.role = "figure"  # type: ignore[misc]
    assert slot._replace(role="figure").role == "figure" and slot.role == "target"


def test_a_table_cell_figure_is_built_once_with_what_its_row_states():
    q = Quantity(10, 14, "1,200", "个", None)
    site = Site("3", None, "老旧小区\t1,500\t1,200\t80", 0)
    decided = Decided(
        "progress", Pct(Decimal("80"), "80", "计划"), Target("计划", Decimal(1500), "个"), "table column", "1200"
    )
    fig = build_figure(q, site, 6, "老旧小区完成", decided)
    assert fig is not None
    assert (fig.id, fig.item, fig.category, fig.value, fig.value_text, fig.base_value, fig.unit_known) == (
        "F007",
        "3",
        None,
        Decimal(1200),
        "1200",
        Decimal(1200),
        True,
    )
    assert (fig.pct_of_plan, fig.pct_text, fig.pct_basis, fig.target, fig.target_unit, fig.target_source, fig.kind) == (
        Decimal(80),
        "80",
        "计划",
        Decimal(1500),
        "个",
        "table column",
        "progress",
    )


def test_a_table_read_through_the_pipeline_keeps_its_row_decisions():
    text = "表1\n项目\t年度目标(个)\t完成(个)\t完成率(%)\n全市\t150\t120\t80\n"
    figures = extract(text).figures
    assert [
        (f.label, f.value, f.unit, f.target, f.target_unit, f.target_source, f.pct_of_plan, f.kind) for f in figures
    ] == [("全市完成", Decimal(120), "个", Decimal(150), "个", "table column", Decimal(80), "progress")]


@pytest.mark.parametrize(
    "text",
    [
        "农村供水保障工程已连续2个月亮红灯。",
        "市政府要在3个月内向常委会书面报告整改情况。",
        "会议应到组成人员35人,实到32人。",
        "说明:完成率=1-6月完成情况/年度目标任务×100%。",
    ],
)
def test_durations_attendance_and_formulas_are_no_figures(text):
    assert extract(text).figures == []


@pytest.mark.parametrize(
    "text",
    [
        "下一步,市民生实事办将对进度低于50%的项目开展专项督导。",
        "对进度滞后、完成率低于序时进度20个百分点的项目实行挂牌督办。",
        "2023年,市政府确定实施10个方面28项为民办实事项目。",
    ],
)
def test_thresholds_that_pick_out_items_and_a_programmes_size_are_no_figures(text):
    assert extract(text).figures == []


def test_a_gap_to_a_provincial_target_is_a_figure():
    figures = extract("体检率达到72.6%,高于省定目标2.6个百分点。").figures
    assert [(f.label, f.value, f.unit) for f in figures] == [
        ("体检率", Decimal("72.6"), "%"),
        ("体检率高于省定目标", Decimal("2.6"), "个百分点"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "累计完成投资2.3亿元,资金到位率达92%。",
            [("完成投资", Decimal("2.3"), None), ("资金到位率", Decimal("92"), None)],
        ),
        ("全省累计筹措到位资金9.56亿元,资金到位率为45%。", [("筹措到位资金", Decimal("9.56"), Decimal("45"))]),
    ],
)
def test_a_rate_of_funds_received_is_the_amounts_percent_only_when_the_amount_is_those_funds(text, expected):
    assert [(f.label, f.value, f.pct_of_plan) for f in extract(text).figures] == expected


def test_a_footnote_counting_the_programmes_items_is_no_figure():
    text = "注:1.完成率=完成数÷年度目标×100%;2.带★项目为省民生实事,共5项;3.数据截至9月25日。"
    assert extract(text).figures == []


@pytest.mark.parametrize(
    "text", ["十件民生实事中,7件完成进度超过年度计划的60%。", "其中7项完成进度超过年度计划的60%。"]
)
def test_items_counted_past_a_threshold_are_a_summary_and_the_threshold_no_percent_of_plan(text):
    assert extract(text).figures == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("建成后可新增学位1800个。", []),
        ("已建成6个,剩余2个预计11月底前建成。", [Decimal("6")]),
        ("今年,我区将新建社区养老服务综合体6个。", []),
    ],
)
def test_what_a_work_will_give_and_what_remains_are_no_figures(text, expected):
    assert [f.value for f in extract(text).figures] == expected


@pytest.mark.parametrize(
    "text",
    [
        "33项具体任务中,已有28项达到或超过序时进度。",
        "32项中有30项达到序时进度,占93.8%。",
        "30件中有26件达到或超过序时进度。",
        "截至9月底,10件民生实事总体进展顺利,其中3件已完成年度任务。",
    ],
)
def test_the_programmes_items_by_status_are_a_summary(text):
    assert extract(text).figures == []


def test_a_stage_rate_after_several_stage_counts_is_the_percent_of_the_stage_it_names():
    figures = extract("全县农村危房改造任务2000户,已开工1432户,完工1068户,完工率53.4%。").figures
    assert [(f.value, f.pct_of_plan, f.target) for f in figures] == [
        (Decimal("1432"), None, Decimal("2000")),
        (Decimal("1068"), Decimal("53.4"), Decimal("2000")),
    ]


def test_houses_not_yet_started_are_no_figure():
    assert extract("尚有433套未开工。").figures == []


def test_funds_released_are_figures_and_an_investment_plan_released_is_a_target():
    text = "市级财政下达两癌筛查专项经费420万元、家庭医生签约服务补助资金1860万元。"
    assert [(f.value, f.target) for f in extract(text).figures] == [(Decimal("420"), None), (Decimal("1860"), None)]
    plan = "下达投资计划10955万元,完成投资4503万元。"
    assert [(f.value, f.target) for f in extract(plan).figures] == [(Decimal("4503"), Decimal("10955"))]


def test_a_bare_share_after_a_share_that_named_its_plan_is_a_percent_of_that_plan():
    text = "东湖区完工21个,占该区任务的28.4%;西山区完工17个,占26.6%;南岭县完工9个,占16.7%。"
    assert [(f.pct_of_plan, f.pct_basis) for f in extract(text).figures] == [
        (Decimal("28.4"), "该区任务"),
        (Decimal("26.6"), "该区任务"),
        (Decimal("16.7"), "该区任务"),
    ]


def test_a_bound_several_things_pass_is_no_figure_but_a_value_they_all_reach_is():
    assert [f.unit for f in extract("三县分别完成2310人、1980人、2040人,完成率均超过55%。").figures] == [
        "人",
        "人",
        "人",
    ]
    assert [f.value for f in extract("两项筛查率均达到100%。").figures] == [Decimal("100")]


@pytest.mark.parametrize(
    "text",
    ["11月30日前完工率达到95%以上。", "6月底前完成筛查任务的60%以上,9月底前全部完成。", "10月底前完成剩余120户改造。"],
)
def test_a_goal_by_a_deadline_to_come_is_no_figure(text):
    assert extract(text).figures == []


def test_a_list_after_a_work_plan_key_is_plans_not_figures():
    assert extract("今年工作安排:城镇新增就业8万人以上,新增学位2万个,改造老旧小区150个。").figures == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the achieved count is garbled (l for 1): its plan is no figure, its share names it, nothing is guessed
        ("新建城市停车泊位2000个,已建成l680个,占年计划的84%。", [("新建城市停车泊位建成占年计划", "84", "%")]),
        ("已建成养老床位41O张,占年计划的34.2%。", [("养老床位占年计划", "34.2", "%")]),
        # a unit misread (万 as 方): no figure for the amount, its share named by its words
        ("全市城镇新增就业0.86方人,占年计划的28.7%。", [("城镇新增就业占年计划", "28.7", "%")]),
        # a garbled whole: its place's part is neither the plan's part nor the commitment's figure
        ("改造老旧小区45个,已开工l8个,其中萧县6个。", [("萧县", "6", "个")]),
    ],
)
def test_a_garbled_amount_keeps_its_plan_and_share_from_other_figures(text, expected):
    figures = extract(text).figures
    assert [(f.label, f.value_text, f.unit) for f in figures] == expected
    assert all(f.target is None and f.part_of is None for f in figures)
