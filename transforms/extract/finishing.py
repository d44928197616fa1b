"""Finishing rules: decisions that need every figure of the bulletin at once, applied in order after the prose and
table passes (and before kinds and implied targets are set).

Input: the normalised text, the bulletin's figures (parts linked, targets attached) and its items. Output: the
same figures, with parents of breakdowns and labels completed, in place. Each rule is a `Rule` with its
phenomenon and an example; `tests/transforms/extract/test_rules.py` reads every example with and without it.
"""

from __future__ import annotations

from transforms.extract.labels import (complete_bare_labels, drop_leading_counts, name_by_colon_lead, name_dependent_amounts,
                                       name_examples_by_their_kind, name_gaps, name_listed_changes,
                                       name_listed_places,
                                       name_places_sharing_a_rate,
                                       pair_respectively, share_the_subject_of_a_listed_measure)
from transforms.extract.parts import link_area_breakdowns, link_breakdowns, link_stage_breakdowns, link_totals_after_parts
from transforms.extract.rules import Rule
from transforms.extract.targets import (bind_bullet_commitments, bind_confirmed_wholes, bind_listed_commitments,
                                        bind_listed_tasks, bind_section_commitments)
from transforms.record import Figure, Item


def _breakdowns(text: str, figures: list[Figure], items: list[Item]) -> None:
    link_breakdowns(text, figures)


def _area_breakdowns(text: str, figures: list[Figure], items: list[Item]) -> None:
    link_area_breakdowns(text, figures)


def _totals_after_parts(text: str, figures: list[Figure], items: list[Item]) -> None:
    link_totals_after_parts(text, figures)


def _stage_breakdowns(text: str, figures: list[Figure], items: list[Item]) -> None:
    link_stage_breakdowns(figures)


def _leading_counts(text: str, figures: list[Figure], items: list[Item]) -> None:
    drop_leading_counts(text, figures)


def _examples(text: str, figures: list[Figure], items: list[Item]) -> None:
    name_examples_by_their_kind(text, figures)


def _confirmed_wholes(text: str, figures: list[Figure], items: list[Item]) -> None:
    bind_confirmed_wholes(figures)


def _bullet_commitments(text: str, figures: list[Figure], items: list[Item]) -> None:
    bind_bullet_commitments(text, figures)


def _listed_commitments(text: str, figures: list[Figure], items: list[Item]) -> None:
    bind_listed_commitments(text, figures)


def _section_commitments(text: str, figures: list[Figure], items: list[Item]) -> None:
    bind_section_commitments(text, figures, items)


def _respectively(text: str, figures: list[Figure], items: list[Item]) -> None:
    pair_respectively(text, figures)


def _bare_labels(text: str, figures: list[Figure], items: list[Item]) -> None:
    complete_bare_labels(text, figures, items)


def _colon_leads(text: str, figures: list[Figure], items: list[Item]) -> None:
    name_by_colon_lead(figures)


def _dependent_amounts(text: str, figures: list[Figure], items: list[Item]) -> None:
    name_dependent_amounts(figures)


def _listed_measures(text: str, figures: list[Figure], items: list[Item]) -> None:
    share_the_subject_of_a_listed_measure(text, figures)


def _gaps(text: str, figures: list[Figure], items: list[Item]) -> None:
    name_gaps(figures)


def _listed_changes(text: str, figures: list[Figure], items: list[Item]) -> None:
    name_listed_changes(figures)


def _listed_places(text: str, figures: list[Figure], items: list[Item]) -> None:
    name_listed_places(figures)


def _places_sharing_a_rate(text: str, figures: list[Figure], items: list[Item]) -> None:
    name_places_sharing_a_rate(figures)


def _listed_tasks(text: str, figures: list[Figure], items: list[Item]) -> None:
    bind_listed_tasks(text, figures)


FINISHING_RULES: tuple[Rule, ...] = (
    Rule("tasks listed with the amounts done", "tasks listed in one clause and the amounts done against them in the "
         "next, in the same order: each amount's task is its target and its name",
         "新建社区健身广场30个、农家书屋40个,已完成21个和33个。",
         ("新建社区健身广场=21个 target=30个(text)", "农家书屋=33个 target=40个(text)"), _listed_tasks),
    Rule("respectively list", "names listed before 分别 go to the values listed after it, in order",
         "萧县、砀山县、灵璧县开工率分别为90%、85%、80%。", ("萧县开工率=90%", "砀山县开工率=85%", "灵璧县开工率=80%"),
         _respectively),
    Rule("breakdown of a total", "figures by sector or area of a stated total, without 其中, are its parts",
         "全市重点项目完成投资100亿元。分行业看,工业项目完成投资60亿元,农业项目完成投资30亿元。",
         ("重点项目完成投资=100亿元", "工业项目完成投资=60亿元 part_of=F001", "农业项目完成投资=30亿元 part_of=F001"),
         _breakdowns),
    Rule("breakdown by area", "figures labelled only with an area after a total, summing to no more than it, are its "
         "parts, named by the area and the total's measure", "全市累计改造老旧小区300个,主城区180个,县城100个。",
         ("改造老旧小区=300个", "主城区改造老旧小区=180个 part_of=F001", "县城改造老旧小区=100个 part_of=F001"),
         _area_breakdowns),
    Rule("total after its parts", "a total stated after its parts in their sentence (合计, 共计) that they add up to is "
         "their whole", "城区新增停车位1600个,乡镇新增停车位900个,合计新增停车位2500个。",
         ("城区新增停车位=1600个 part_of=F003", "乡镇新增停车位=900个 part_of=F003", "合计新增停车位=2500个"),
         _totals_after_parts),
    Rule("stages that split a count", "counts after a count in its sentence that add up to it exactly are its parts",
         "新建学校15所,已竣工9所,在建6所。", ("新建学校=15所", "新建学校竣工=9所 part_of=F001", "新建学校在建=6所 part_of=F001"),
         _stage_breakdowns),
    Rule("whole confirmed by a rate", "an earlier count that a rate without its base confirms is that count's whole "
         "(its target), and names a bare stage count",
         "新建项目共40个。截至9月底,开工建设30个,开工率为75%。", ("新建项目开工建设=30个 75%(开工率) target=40个(text)",),
         _confirmed_wholes),
    Rule("bulleted commitment", "a bulleted project line's amounts are the targets of the progress reported below it",
         "☑新增便民停车泊位50个\n目前已新增路边停车泊位15个。", ("新增路边停车泊位=15个 target=50个(commitment)",),
         _bullet_commitments),
    Rule("commitments in a section of their own", "a section of the year's tasks before a section that reports "
         "them under the same numbers: each task is the target of its item's figures, not a figure",
         "一、年度目标任务\n1.新增城镇就业3000人;\n二、1-9月完成情况\n1.城镇新增就业2680人。",
         ("城镇新增就业=2680人 target=3000人(commitment)",), _section_commitments),
    Rule("leading count", "a label that starts with another quantity names the thing after it",
         "257个老旧小区中221个已开工。", ("老旧小区=221个 target=257个(text)",), _leading_counts),
    Rule("examples closed by 等", "a count after a list of examples closed by 等 is named by the thing after its unit, "
         "with the list's opening verb", "新建东湖街道、南山镇和北坪镇等3家婴幼儿成长驿站。",
         ("新建婴幼儿成长驿站=3家",), _examples),
    Rule("bare stage label", "a label that is only a stage word (开工, 完工) takes the thing counted from the parent "
         "or the item heading", "5.老旧小区改造方面,120个已开工,其中85个已完工。",
         ("老旧小区改造开工=120个", "老旧小区改造完工=85个 part_of=F001"), _bare_labels),
    Rule("commitments listed earlier", "the programme's projects listed with their amounts are the targets of the "
         "figures reported on them later", "今年十件民生实事项目分别是:新建公园10个、改造老旧小区50个。截至9月底,"
         "新建公园8个,改造老旧小区45个。", ("新建公园=8个 target=10个(commitment)", "改造老旧小区=45个 target=50个(commitment)"),
         _listed_commitments),
    Rule("name before a colon", "a sentence that opens with a project's name and a colon reports on that project",
         "城北学校项目:土建完成100%,装修完成95%。", ("城北学校项目土建完成=100%", "城北学校项目装修完成=95%"),
         _colon_leads),
    Rule("dependent amount", "an amount measured on the thing counted before it (涉及, 惠及) takes that thing's label",
         "新开工改造老旧小区120个,涉及居民1.5万户。", ("新开工改造老旧小区=120个", "新开工改造老旧小区涉及居民=1.5万户"),
         _dependent_amounts),
    Rule("subject of a listed measure", "a measure listed after 、 that opens with the stage of the one before it "
         "takes that one's subject", "困难家庭救助累计发放金额1.2亿元、累计发放人次30万人。",
         ("困难家庭救助累计发放金额=1.2亿元", "困难家庭救助累计发放人次=30万人"), _listed_measures),
    Rule("gap after a rate", "a gap in percentage points named only by its comparison takes the label of the figure "
         "before it", "农村客运覆盖率达到96.5%,高于年度目标任务1.5个百分点。",
         ("农村客运覆盖率=96.5%", "农村客运覆盖率高于年度目标任务=1.5个百分点"), _gaps),
    Rule("changes listed after amounts", "changes listed after 分别 with no names before it measure the amounts "
         "listed before them, in order", "城镇居民收入41200元、农村居民收入21350元,分别增长5.8%和7.6%。",
         ("城镇居民收入=41200元", "农村居民收入=21350元", "城镇居民收入增长=5.8%", "农村居民收入增长=7.6%"),
         _listed_changes),
    Rule("place in a rate list", "a place in a list after a rate named once takes that rate",
         "各县资金到位率:萧县 92%、砀山县 90%。", ("萧县资金到位率=92%", "砀山县资金到位率=90%"), _listed_places),
    Rule("places sharing a rate", "a rate stated once for a list of places is one metric named by the list",
         "宿州、亳州两市开工率均为100%。", ("宿州、亳州开工率=100%",), _places_sharing_a_rate),
)
"""Applied in this order: names listed before 分别 first (a part of a breakdown is known by its name), then parents
(a bare label may take its parent's subject), then labels; commitments listed earlier after bare labels are named
(a bare "改造1320户" under "二、农村危房改造" matches the commitment "改造农村危房1500户" only by its item's name)."""


def finish_figures(text: str, figures: list[Figure], items: list[Item]) -> None:
    """Apply every rule of `FINISHING_RULES`, in order, to the bulletin's figures (in place)."""
    for rule in FINISHING_RULES:
        rule.decide(text, figures, items)
