"""The extraction vocabulary: every word list the rules read, in one place, each with its phenomenon and an example.

Rules never spell a word list: they build their patterns from these groups (`Words.pattern()` is the
alternation in the order given, so order matters where one word is a prefix of another: longest first).
The examples are written by us in the style of the bulletins; none is copied from a bulletin of the corpus.
Adding a word changes what the extractor reads: run `benchmarks/compare_extraction.py` and the corpus
evaluation before and after (docs/extraction.md, "How to add a rule").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """A group of words that stand for one phenomenon of the bulletins, with an example of it."""

    phenomenon: str
    example: str
    words: tuple[str, ...]

    def pattern(self) -> str:
        """The words as a regex alternation, in the order given, each matched as written ("市(州)": brackets
        escaped)."""
        return "|".join(re.escape(word) for word in self.words)

    def chars(self) -> str:
        """The words, each one character, as one string (for a character class or a membership test)."""
        assert all(len(w) == 1 for w in self.words), self.words
        return "".join(self.words)


# --- document ------------------------------------------------------------------------------------------------

PROGRAMME_NAMES = Words(
    "the name of a practical-projects programme (DESIGN.md glossary), longest first within each family",
    "2020年海滨市市办实事进展情况",
    ("为民办实事", "市办实事", "县办实事", "区办实事", "重点民生实事", "民生实事", "惠民实事", "民生工程", "为民实事",
     "民生项目", "市政府实事项目", "重点建设项目", "重点项目"),
)
PROGRAMME_NAME_CORES = Words(
    "every programme name holds one of these (a cheap test before the programme pattern)",
    "十件实事", ("实事", "民生", "重点"),
)
PROGRAMME_LEVELS = Words(
    "the level of government written before a programme name, part of the name (longest first)",
    "2021年10件省重点民生实事", ("省级", "市级", "县级", "区级", "省", "市", "县", "区"),
)
LOCAL_PRONOUNS = Words(
    "words before a level that name no particular government: 我市 (our city), 全省 (the whole province)",
    "我市为民办实事", ("全", "我", "本", "各", "该"),
)
PUBLISHED_LABELS = Words(
    "the label of a publication date line, most specific first (a page's 成文日期 is when it was written, and "
    "is read only when no label before it is found)", "发布日期:2020-11-11; 时间:2022-02-10 13:51",
    ("发布日期", "发布时间", "发表时间", "发文日期", "PostTime", "时间", "日期"),
)
DATELINE_ENDS = Words(
    "what follows the month and day of a news dateline", "11月11日讯; 成都12月11日电; 7月20日,记者从省政府获悉",
    ("讯", "电", ",记者"),
)
DATELINE_SOURCES = Words(
    "what ends a dateline written \"(记者)X月X日从/在<source>…\": the news was learnt from the source",
    "记者10月18日从市发改委获悉; 10月18日从市政府新闻办了解到", ("获悉", "了解到", "得知"),
)
QUARTER_END = {"前三季度": 9, "三季度": 9, "第三季度": 9, "上半年": 6, "前两季度": 6, "二季度": 6, "一季度": 3,
               "第一季度": 3, "全年": 12, "年度": 12, "四季度": 12, "下半年": 12}
"""Last month of a named period (上半年 -> June, 前三季度 -> September). Example: "截至前三季度" -> 30 September."""
QUARTERS = Words(
    "a named part of the year after 截至 (longest first)", "截至三季度末",
    ("前三季度", "上半年", "第一季度", "一季度", "前两季度", "第三季度末", "三季度末", "第三季度", "三季度",
     "第二季度末", "二季度末", "一季度末"),
)
TITLE_QUARTERS = Words(
    "a named part of the year in a title (the span reported)", "2020年前三季度民生实事进展",
    ("前三季度", "上半年", "下半年", "第一季度", "一季度", "前两季度", "第二季度", "二季度", "三季度末", "三季度",
     "第四季度", "四季度"),
)

# --- structure -----------------------------------------------------------------------------------------------

CHINESE_DIGITS = "一二三四五六七八九十"
"""Digits of category and item numbers (一、 (二) 第三项)."""
DEPARTMENT_SUFFIXES = Words(
    "the last word of a department heading that names an item (department-by-department reports)",
    "市民政局:新建养老床位500张", ("局", "办", "委", "院", "园", "中心", "公司", "厅", "部"),
)
PROGRESS_MARKERS = Words(
    "the words that open the progress part of a commitment-then-progress item", "推进情况:已完成…",
    ("推进", "进展", "完成", "落实"),
)

# --- quantities ----------------------------------------------------------------------------------------------

EXTRA_UNITS = Words(
    "units beyond transforms.numbers.BASE_UNITS: standards per month/year, the misspelt 个百分比, scores",
    "低保标准提高到800元/月;满意度91.02分", ("元/月", "元/年", "元/人", "个百分比", "分"),
)
PER_UNITS = Words(
    "what a compound unit is per, after a slash or its first part",
    "低保标准835元/人月; 补助300元/月/人; 能耗0.1578吨标准煤/万元",
    ("万元", "人", "户", "月", "年", "天", "日", "次", "亩"),
)
ALTERNATIVE_UNITS = Words(
    "a second count word in brackets after the unit", "保障性住房1793套(间)", ("个", "处", "间", "套", "所", "座", "家", "件", "台", "户"),
)
QUALIFIERS_BEFORE = Words(
    "qualifiers before a number (about, nearly, over, at least), longest first where one is a prefix",
    "约5.8亿元,超过3000人", ("约", "近", "超过", "不少于", "逾", "超"),
)
QUALIFIERS_AFTER = Words("'more than' after the number or its multiplier", "4500余株", ("余", "多"))
QUALIFIER_AFTER_UNIT = Words("'and above' after the unit", "5000人以上", ("以上",))
CUMULATIVE = Words("a running total since the start of the year: a qualifier of the figure", "累计完成投资5亿元",
                   ("累计",))
NOT_AFTER = Words(
    "characters before a number that make it an ordinal, a time span, the end of a range, or a signed number (a sign "
    "is never dropped: the number is left out)", "第二批, 前三季度, 6-9岁, −5%",
    ("第", "前", "后", "-", "—", "~", ".", "/", "−", "–", "‒", "+", "负"),
)
NOT_ORDINAL_BEFORE = Words(
    "words ending in a character of NOT_AFTER that make no ordinal or time span: a number after them is an amount",
    "目前3所幼儿园已开工 (前 of 目前, not of 前三季度); 滞后32个百分点 (后 of 滞后, not of 后三季度)",
    ("目前", "当前", "滞后", "落后", "超前"),
)
MULTIPLE_LEADS = Words(
    "growth words before a multiple: only after one is N倍 a figure (是全省的2倍 compares, it measures nothing)",
    "外贸出口增长1.2倍; 同比增长了1.5倍", ("增长了", "增长", "增加了", "增加", "提高了", "提高", "提升了", "提升"),
)
SINGLE_DIGITS = "一二三四五六七八九"
"""Single Chinese digits read as an amount only before a measure word that ends the clause ("卫生院三所。",
"已开工四所,"): elsewhere they are part of words (一是, 一批, 一体化, 统一, 一站式, 一季度, 一线)."""
APPROXIMATE_BEFORE = "数几上成"
"""Characters before a bare place numeral (十, 百, 千, 万, 亿 alone) that make it an order of magnitude, not an
amount: 数十个 (dozens), 几十个, 上百家, 上万户, 成千: left out, never read as 10, 100 or 10000 (no guessing).
成 only before 百/千/万/亿 (成百上千): before 十 it ends a verb (建成十余个)."""
APPROXIMATE_ONLY_BEFORE_LARGE = "成"
"""The characters of `APPROXIMATE_BEFORE` that make an order of magnitude only before 百, 千, 万 or 亿."""
BARE_LARGE_NUMERALS = "百千万亿佰仟"
"""Place numerals that alone are an amount only with a qualifier (千余户, 万余人, 近万名: one thousand, ten thousand
"and more" or "nearly"); without one they are words (每千人口, 万人广场) and nothing is read."""
PLACE_NUMERALS = "十百千万亿拾佰仟"
"""Chinese numerals that name a power of ten (a numeral made only of them is a bare magnitude: 千, 千万, 亿)."""
SINGLE_DIGIT_NAME_UNITS = Words(
    "units that after a single Chinese digit make a name, not an amount (a road, village, park, school, station, "
    "class or gate numbered in words)", "园区六路, 新华一村, 实验二校, 公交三站", ("路", "村", "镇", "园", "校", "站", "门", "班", "口", "部", "头", "床"),
)
SINGLE_DIGIT_CLAUSE_ENDS = "。,;、:)\n!?"
"""Characters after a single Chinese digit's measure word that end its clause (after NFKC: ASCII punctuation)."""
WORD_UNITS = Words(
    "units that with a Chinese numeral form a word, not an amount", "十分重要, 两次会议, 十件实事",
    ("分", "次", "期", "批", "件", "项", "类"),
)
PHASE_UNITS = Words("units read as a phase or batch unless 工/次 follows (二期工程)", "二期工程", ("期", "批"))
CHINESE_AMOUNT_DIGITS = "十百千万亿两壹贰叁肆伍陆柒捌玖拾"
"""A single Chinese numeral that is an amount on its own (十 个, 两 所, formal 叁亿元); other single ones are
ordinals (一期) or parts of words, and amounts only where `SINGLE_DIGITS` says."""
CHINESE_DIGIT_RUN = "一二两三四五六七八九壹贰叁参肆伍陆柒捌玖"
"""Digits that, two in a row ("五六个", "两三所", "二〇二三"), make an approximate range or a digit-by-digit
code, never one number (cn2an would read 五六 as 56); 零/〇 may follow only a place (一百零五)."""
MULTI_DIGIT_PHASE_UNITS = Words(
    "word units that a Chinese numeral of two characters or more counts (phases stop at 五期; 二十期 is sessions)",
    "举办各类培训班二十期", ("期",),
)

# --- clauses and labels --------------------------------------------------------------------------------------

LEADING_NOISE = Words(
    "verbs, scopes and connectors that open a clause but do not name the figure",
    "全市已累计完成城镇新增就业3万人 -> 城镇新增就业; 二是新建农贸市场10个 -> 新建农贸市场 (enumerations 一是, 二是)",
    ("截至目前", "目前", "今年以来", "今年", "已经", "已", "累计", "全市", "全县", "全区", "全省", "全州", "我市", "我区", "我县", "我省",
     "共计", "共", "其中包括", "其中", "包括", "全面", "圆满", "顺利", "提前", "超额", "如期", "基本", "仅", "实际",
     "完成", "建成", "组织", "开展", "实现", "达到",
     "为", "有", "和", "及以上", "及以下", "及", "以上", "以下", "-", "■",
     "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"),
)
NOUNS_OPENING_WITH_NOISE = Words(
    "words that open with a word of LEADING_NOISE, which stay the label's (超额完成: a surplus over the plan, not the "
    "plan: 超额完成年度目标1.6万人 is no 年度目标)", "建成区绿化覆盖率41.2% -> 建成区绿化覆盖率",
    ("建成区", "超额完成"),
)
TRAILING_NOISE = Words(
    "verbs and qualifiers just before a number that do not name the figure",
    "新增就业已达到3万人 -> 新增就业",
    ("已经", "已", "共计", "共", "达到", "达", "稳定在", "保持在", "控制在", "提高到", "提高至", "提升到", "提升至", "至", "为", "约",
     "近", "超过", "不少于", "逾", "和", "及", "等", "分别", "仅为", "仅", "只有", "只"),
)
SCOPES_BEFORE_AMOUNT = Words(
    "scopes between a verb and its amount: where, not what (trailing noise of a label, except after a comparison: "
    "增幅高于全省2.1个百分点 keeps 全省)", "惠及全市1.1万户居民 -> 惠及居民; 培训全县1.2万名农民工 -> 培训农民工",
    ("全市", "全县", "全区", "全省", "全州", "全镇", "沿线", "辖区"),
)
ASPECT_WORD = "方面"
"""An item's lead "就业方面," names the item's aspect, not the figure."""

LIST_STATUS_TAILS = Words(
    "how a list of places or sectors is doing, said after the list and before its 分别 values",
    "嘉泽镇、西太湖竣工率较高,分别为100%、65%",
    ("进展情况较好", "进展较好", "进展不够理想", "情况较好", "进展较快", "进展较慢", "较高", "较低", "较好"),
)
COLON_LEADS_NOT_NAMES = Words(
    "words before a colon (or opening a sentence) that open a report, a list or a news story but name no project: "
    "a figure after them keeps its label",
    "进展情况:已完成投资5亿元; 其中:工业项目…",
    ("情况", "进展", "进度", "其中", "目前", "截至", "截止", "主要", "具体", "包括", "如下", "工作", "措施", "打算",
     "问题", "成效", "内容", "目标", "任务", "计划", "方面", "一是", "二是", "三是", "四是", "五是",
     "获悉", "了解到", "获知", "记者", "据", "介绍", "表示", "透露", "今年以来", "年初以来"),
)
AMOUNTS_NAMED_WITH_VERB = Words(
    "amounts whose name holds their verb: the label keeps it when the verb opens the clause",
    "已完成投资11.54亿元 -> 完成投资 (not 投资)", ("完成投资", "完成投入", "到位资金", "拨付资金"),
)
DEPENDENT_AMOUNT_WORDS = Words(
    "words that open the label of an amount measured on the thing counted just before it",
    "新开工改造城镇老旧小区350个,涉及居民4.78万户 -> 新开工改造城镇老旧小区涉及居民",
    ("涉及", "惠及", "覆盖", "受益", "带动"),
)
STAGE_WORDS = Words(
    "words that name an action or a stage, not a thing: a label made only of them is bare and takes its subject "
    "from the parent, a quoted project or the item heading", "其中1722套已开工; 已扩容至200家",
    ("开工建设", "开复工", "复工", "开工", "完工", "竣工", "建成", "投用", "投入使用", "并投入使用", "完成", "实施", "培训", "免疫",
     "在建", "正在施工", "施工",
     "扩容", "参与", "优惠", "投资", "完成投资", "新增", "增长", "受理", "可受理", "安装", "覆盖", "惠及", "服务", "救助",
     "发放", "筛查", "检查", "排查", "整治", "治理", "改造", "启动", "签约", "其中", "新建", "新改建", "建设", "开展",
     "组织", "开设", "举办", "打造", "提升", "创建", "新辟", "开通", "通车", "到位", "交付", "运营", "投运", "购置到位", "设立", "推广", "培育", "引进", "帮助", "扶持"),
)
SILENT_STAGES = Words(
    "stage words that add nothing to a subject", "“城镇棚户区改造27.76万套”项目,已完成17.18万套 -> 城镇棚户区改造",
    ("完成", "实施", "其中"),
)
CHANGE_WORDS = Words(
    "words that measure the amount named before them: the label takes that amount's label",
    "一般公共预算收入508.17亿元,同比增长6.5% -> 一般公共预算收入同比增长",
    ("同比增长", "同比下降", "增长", "下降", "增速", "进度", "形象进度"),
)
AREA_WORDS = Words(
    "words that only name an area of the place a total covers: figures so labelled after the total break it down",
    "全市累计改造老旧小区300个,主城区180个,县城120个",
    ("中心城区", "主城区", "城区", "市区", "县城", "县域", "县区", "县(市、区)", "县(市)", "县(区)", "县市区", "区县",
     "市本级", "本级", "城镇", "农村", "乡镇", "街道", "开发区", "园区"),
)
TOTAL_MARKERS = Words(
    "words that make a figure a total that later figures may break down by sector or area",
    "全市283个重点项目完成投资603亿元……工业项目完成投资205.58亿元",
    ("全市", "全省", "全县", "全区", "全州", "全盟", "累计", "合计", "总计", "共计"),
)

# --- quantity roles ------------------------------------------------------------------------------------------

STATUS_WORDS = Words(
    "words of a status count over the programme's own items (how many are done, late, on schedule)",
    "已提前完成16项;推进缓慢的有3项",
    ("提前完成", "超额完成", "完成年度目标", "完成年度任务", "完成年度计划", "完成全年", "基本完成", "未完成", "不能全部完成", "能够完成", "进展较快",
     "进展较慢", "进度偏慢", "进展偏慢", "推进缓慢", "推进顺利", "正常推进", "按序时", "超序时", "按计划", "常态化",
     "剩余", "其余", "这", "调整", "已完成", "完成较好", "达序时", "实现年度目标", "实现全年目标", "实施较慢",
     "进展良好", "有序推进", "超计划完成", "落实落地", "序时推进", "正在推进", "推进中", "滞后", "进度滞后",
     "正在实施", "加快推进", "达到序时", "未过半", "过半", "全面完成", "按期完成", "序时进度"),
)
NOT_STARTED = Words(
    "works not yet started: their count goes to the document's notes, not to figures (corpus README, works by "
    "stage)", "尚未开工的项目12个;8个项目正在开展前期工作",
    ("尚未开工", "未开工", "未启动", "前期工作", "推进中", "顺延", "延期", "推迟", "剩余", "尚余", "还剩"),
)
THRESHOLD_NOUNS = Words(
    "what a percent after 的 picks out (the programme's items, units of government): a threshold, not a figure",
    "对进度低于50%的项目开展专项督导", ("子项目", "项目", "事项", "实事", "单位", "部门", "乡镇", "县区", "县(市、区)", "地区"),
)
PROGRAMME_NOUNS = Words(
    "nouns after a count that make it a count of the programme's own items", "30项民生实事",
    ("实事", "事项", "项目", "子项目", "大类", "类", "指标任务", "指标", "件"),
)
CAPACITY_WORDS = Words(
    "words of a plant's capacity: an amount after them that qualifies the project named after it is part of its name",
    "年产30万吨新型建材项目", ("年产", "年处理", "日处理", "日供水", "日产", "年吞吐", "装机"),
)
NEXT_STEP_LEADS = Words(
    "words that open a sentence on the work to come (a forecast, a plan), whose amounts are not figures",
    "下一步,预计全年城镇新增就业将突破9000人", ("下一步", "下步", "下一阶段", "下阶段"),
)
NEXT_YEAR_LEADS = Words(
    "words that open a sentence on next year's plans (a year-end report's outlook), whose amounts are not figures",
    "明年将新建改造农村公路150公里", ("明年", "来年", "下一年度", "下一年", "下年度"),
)
PROGRAMME_PREFIXES = Words(
    "words before 实事 or 工程 that name a programme of practical projects (a count before them counts its items)",
    "12项重点民生工程进展顺利", ("民生", "惠民", "为民办", "为民", "民心", "利民", "便民"),
)
PROGRAMME_ITEM_NOUNS = Words(
    "nouns of the programme's own items (not works such as 项目): a count out of them is a status count",
    "全市50个民生实事项目中,已完成12个", ("实事", "事项", "指标任务", "指标", "具体任务", "任务"),
)
PROGRAMME_LIST_LEADS = Words(
    "words that open the list of the programme's projects (its commitments, not progress) before a colon",
    "2021年10项民生实事项目分别是:新建公园10个、改造老旧小区50个",
    ("分别是", "分别为", "包括", "具体是", "具体为", "主要是", "是"),
)
SCOPE_NOUNS = Words(
    "administrative units and departments: a count of them describes scope, not work", "14个试点区县; 16家牵头责任单位",
    ("县(市、区)", "县(市区)", "县(市)", "市(州)", "县", "区县", "市州", "镇街", "乡镇", "街道", "地市", "省辖市",
     "部门", "牵头责任单位", "牵头单位", "责任单位", "成员单位"),
)
FACILITIES_OF_A_SCOPE = Words(
    "facilities named by the administrative unit they serve: a count of them is work, not scope",
    "完成2个乡镇卫生院改造; 建成12个乡镇综合文化站",
    ("卫生院", "卫生室", "综合文化站", "文化站", "敬老院", "养老", "幼儿园", "中小学", "学校", "便民服务", "服务中心",
     "服务站", "污水", "垃圾", "集镇"),
)
MEETING_WORDS = Words(
    "meetings that steer the programme: how often they met is how the work was run, not work done",
    "市政府召开推进会5次; 常务会3次专题研究",
    ("会议", "推进会", "调度会", "专题会", "协调会", "常务会", "常委会", "座谈会", "现场会", "联席会", "专题研究"),
)
LISTING_WORDS = Words("words that list the programme's items", "安排民生实事10项", ("安排", "包含", "共有", "涉及", "民生实事"))
PLAN_LABELS = Words("words that name a plan amount", "年度计划投资2.47亿元; 年度任务目标12亿元",
                    ("计划", "安排", "下达", "目标", "任务"))
ACTUAL_MARKS = Words(
    "marks of work done: a sentence holding one reports progress, not only plan", "截至5月底,已开复工147项",
    ("已", "累计", "截至", "截止", "实际", "目前", "实现", "完工", "建成"),
)
COMPARISON_WORDS = Words(
    "words that compare an amount with a plan: the amount is a gap, not the plan",
    "筛查率99.89%,高于年度目标任务4.89个百分点", ("高于", "低于", "高出", "超过", "超出", "快于", "慢于", "领先", "落后"),
)
ACTUAL_WORDS = Words("words that make a plan-looking amount an actual", "已完成计划投资5亿元", ("完成", "实际", "已", "落实"))
TARGET_WORDS = Words("a sentence that states the plan: its quantities are targets", "目标任务为:改造小区1500个",
                     ("目标任务", "目标", "任务"))
DONE_WORDS = Words(
    "completion verbs between a whole and its done part", "15个农村幸福院建设已完成8个",
    ("已", "完成", "建成", "开工", "开复工", "送", "改造"),
)
JOIN_WORDS = Words("joining words: two quantities joined so are two figures, not a whole and its part",
                   "新建5所和改建8所", ("和", "及", "与", "其中"))
START_WORDS = Words("works started: a count of projects started is a figure", "30个项目开工", ("开工", "开复工"))

# --- percents ------------------------------------------------------------------------------------------------

BARE_COMPLETION = Words(
    "a completion word alone before a percent, after a figure: that figure's percent of plan",
    "新增、更换配变2043台, 完成81.7%", ("完成", "已完成", "完成了"),
)
PLAN_WORDS = Words(
    "the plan a percent is measured against", "占年计划的138.6%",
    ("计划", "任务", "目标", "时序进度", "序时进度", "总体进度", "工程量", "总投资", "年度预算", "年初预算", "全年预算"),
)
RATE_WORDS = Words(
    "a progress rate after a figure: the figure's percent of plan", "完成投资34亿元,投资完成率68%",
    ("完成率", "开工率", "开复工率", "复工率", "竣工率", "完工率", "建成率", "投用率", "落地率", "到位率", "执行率", "完成进度",
     "支出进度", "进度", "完成比例", "完成比率"),
)
PERCENT_JOINERS = Words("words between the percents of a list", "分别占年计划的100%和95%", ("、", "和", "及", "与", ","))
PER_CAPITA = Words("per-capita and per-thousand figures: a rate after them is not their percent of plan",
                   "每千人拥有床位5张", ("千人", "万人", "每", "人均"))
OWN_PROGRESS = ("形象进度", "时序进度", "序时进度", "总体进度")
"""Progress words that are a figure of their own or a plan basis, never a rate of the figure before them:
"工程形象进度达80%" is itself a figure; "超时序进度5个百分点" compares with the schedule."""
WHOLE_RATE = "整体"
"""整体完成率 is the programme's overall rate, not one figure's."""

# --- tables --------------------------------------------------------------------------------------------------

TOTAL_ROWS = Words("the total row of a table: other rows are its parts", "合计\t1200",
                   ("全市", "全省", "全县", "全区", "全州", "合计", "总计", "小计", "总体"))
TARGET_COLUMNS = Words("header words of a target column", "年度目标任务", ("目标", "任务", "计划", "要求", "内容", "事项"))
PCT_COLUMNS = Words("header words of a percent column (完成进度: the share of the plan done; not 形象进度, a rate of its own)",
                    "完成率(%)", ("率", "比例", "%", "完成进度"))
KEY_COLUMNS = Words(
    "header words of columns that key a row (not amounts)", "责任单位",
    ("单位", "领导", "是否", "原因", "备注", "序号", "分类", "类别", "地区", "市州", "市 州", "县", "区"),
)
ACTUAL_COLUMNS = Words("header words of a progress column (numeric tables)", "累计完成", ("完成", "累计", "实际", "进度", "进展"))
STAGE_COLUMNS = Words("header words of a column counting a stage reached (numeric tables): work done", "已开工小区(个)",
                      ("开工", "复工", "竣工", "完工", "建成", "投用", "投入使用", "交付", "在建", "开业"))
PROGRESS_CELLS = Words("header words of a progress column (prose tables)", "进展情况", ("进展", "进度", "完成情况", "情况"))
PHASE_FOLLOWERS = Words("characters after 期/批 that make a word (期工 as in 工期, 批次)", "分3批次实施", ("工", "次"))
SCOPE_PREFIXES = Words("words before an administrative unit in a scope count", "5个代管县", ("代管", "试点"))
COUNT_LEADS = Words("words just before a status count of items", "进展顺利的有12项", ("的有", "中有", "中的", "共有"))
ITEM_NOUNS = Words("the last words before a count of the programme's items", "民生实事5个已完成", ("实事", "事项"))
TOTAL_INVESTMENT = "总投资"
"""A project's total investment (over all years): neither a figure of the year nor its plan."""

# --- document (appended) -------------------------------------------------------------------------------------

MORE_PROGRAMME_NAMES = Words(
    "further names of reported programmes, read like `PROGRAMME_NAMES` (longest first within each family)",
    "截至9月,全省新增保障性安居工程31万套; 2023年南山区民生微实事项目推进情况; 2023年我市20项民心工程进展情况",
    ("保障性安居工程", "民生微实事", "民心工程"),
)
MORE_PROGRAMME_LEVELS = Words(
    "levels of government before a programme name besides `PROGRAMME_LEVELS`: a league (盟, Inner Mongolia) or an "
    "autonomous prefecture (州)", "盟级重大项目", ("盟级", "州级"),
)
EVERYDAY_REGION_NAMES = Words(
    "official names of districts and counties that are also everyday words (the new town, the old town, the city "
    "centre; 和县 in 市和县, 比如县 in 比如县城): the text's region only before its government or after its city",
    "新城区配套学校已竣工", ("新城区", "老城区", "城中区", "城东区", "城西区", "城南区", "城北区", "市中区", "和县",
                            "比如县"),
)
REGION_WORD_CONTINUATIONS = Words(
    "words that a region name's last character opens: the name glued to one is part of another word, no region",
    "永安市场改造提升工程已完工; 新城区域", ("市场", "市值", "市面", "区域", "区块", "区间", "县域"),
)
ORGANISATION_ENDS = Words(
    "what ends the name of a firm or an institution that opens with a province's short form (安徽建工集团)",
    "安徽建工集团承建的县医院新院区", ("集团", "公司", "大学", "学院", "银行"),
)
LEVELLED_PROGRAMME_NAMES = Words(
    "programme names only after a level of government ending in 级 (alone they are everyday words)",
    "盟级重大项目; 省级重大项目", ("重大项目",),
)
