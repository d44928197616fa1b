"""Normalisation and HTML main text."""

from __future__ import annotations

from transforms.extract import extract
from transforms.text import bulletin_text, html_to_text, normalise, not_a_bulletin, to_simplified


def test_nfkc_full_width():
    assert normalise("完成投资５.８亿元，占年计划的９０％") == "完成投资5.8亿元,占年计划的90%"


def test_traditional_to_simplified_with_opencc():
    assert to_simplified("億元總投資") == "亿元总投资"
    assert to_simplified("已完成") == "已完成"  # simplified text is returned unchanged


def test_pinyin_glosses_removed():
    assert normalise("重點(diǎn)項(xiàng)目710項(xiàng)") == "重点项目710项"


def test_html_furniture_removed_and_tables_kept_as_tab_lines():
    html = ("<div class='nav'>首页</div><p>正文一</p><table><tr><th rowspan='2'>地区</th><th colspan='2'>就业</th>"
            "</tr><tr><th>目标</th><th>完成</th></tr><tr><td>甲区</td><td>10</td><td>12</td></tr></table>")
    assert html_to_text(html).split("\n") == ["正文一", "地区\t就业\t就业", "地区\t目标\t完成", "甲区\t10\t12"]


def test_a_merged_number_is_repeated_only_in_a_row_number_column():
    html = ("<table><tr><td>序号</td><td>项目</td><td>完成(个)</td></tr>"
            "<tr><td rowspan='2'>3</td><td>甲</td><td rowspan='2'>14</td></tr><tr><td>乙</td></tr>"
            "<tr><td>4</td><td>丙</td><td colspan='2'>8</td></tr></table>")
    assert html_to_text(html).split("\n") == ["序号\t项目\t完成(个)", "3\t甲\t14", "3\t乙\t", "4\t丙\t8\t"]


def test_empty_cells_keep_their_column():
    html = "<table><tr><td>甲</td><td></td><td>3</td></tr><tr><td>乙</td><td></td><td></td></tr></table>"
    assert bulletin_text(html).split("\n") == ["甲\t\t3", "乙\t\t"]


def test_numbered_entries_flattened_into_one_line_start_their_own_lines():
    from transforms.text import normalise

    assert normalise("1、 全省农村公路建设:完成88%。 2、 乡镇卫生院400个。 3、 农网建设完成84.3%") == (
        "1、 全省农村公路建设:完成88%。\n2、 乡镇卫生院400个。\n3、 农网建设完成84.3%")
    assert normalise("二、招投标及开工情况 1.招投情况.全省有62个. 2.开工情况 已开工") == (
        "二、招投标及开工情况\n1.招投情况.全省有62个.\n2.开工情况 已开工")
    # Decimals, ordinals and lists of numbers are not entries: nothing is split.
    assert normalise("增长1.5万人,第1、2项完成。分别为10.4、8.6") == "增长1.5万人,第1、2项完成。分别为10.4、8.6"


def test_not_a_bulletin_names_foreign_and_undecoded_text():
    assert not_a_bulletin("截至10月底,城镇新增就业5.2万人,占年计划的104%。") is None
    assert not_a_bulletin("") is None and not_a_bulletin(" \n") is None  # left to "empty" / "no figures"
    # Latin-1 French read as cp1250: no Chinese character at all.
    french = "Au 31 octobre, la ville a réalisé 45 projets, taux 90 %."
    assert not_a_bulletin(french) == (
        "only 0 of 45 characters are Chinese: not a Chinese progress bulletin (another language, or bytes decoded "
        "in the wrong charset), refused"
    )
    # A Big5 page whose Chinese became "?" (and U+FFFD): 16 replaced, 4 Chinese left.
    garbled = "????\ufffd\ufffd??,??????5.2万人,占??的104%。"
    assert not_a_bulletin(garbled).startswith("16 of 30 characters are replacement characters (U+FFFD or '?')")
    # A real bulletin's few "?" (a row of them as a separator, as in one corpus page) are no reason.
    assert not_a_bulletin("? ? ? ? ?\n" + "城镇新增就业5.2万人,占年计划的104%。" * 2) is None
    # Mostly figures, a few Chinese words: a table-heavy bulletin is still Chinese enough.
    assert not_a_bulletin("项目\t完成\t计划\n道路\t12.5\t20\n学校\t3\t4\n") is None


def test_a_line_spaced_out_character_by_character_is_read_as_written_without_the_spaces():
    assert normalise("全 市 新 增 城 镇 就 业 3.2 万 人 , 完 成 年 度 目 标 的 91.4% 。") == "全市新增城镇就业3.2万人,完成年度目标的91.4%。"
    # Digits a space cuts apart stay apart (never join them into a number), and single-space tables keep cells.
    assert normalise("全 市 新 增 城 镇 就 业 完 成 9 1.4% 。") == "全市新增城镇就业完成9 1.4%。"
    assert normalise("序号 项目名称 年度目标\n1 新增养老床位 4000张") == "序号\t项目名称\t年度目标\n1\t新增养老床位\t4000张"


def test_bracketed_sub_entries_flattened_into_a_paragraph_start_their_own_lines():
    text = "三、关于医疗服务能力。(1)截至6月底,已完成培训1.5万名;(2)村卫生室补助已拨付。"
    assert normalise(text) == "三、关于医疗服务能力。\n(1)截至6月底,已完成培训1.5万名;\n(2)村卫生室补助已拨付。"
    # A single bracketed number, or one that starts no sequence, stays where it is.
    assert normalise("完成投资(1)期工程5亿元。") == "完成投资(1)期工程5亿元。"


def test_circled_item_numbers_become_bracketed_ones_not_digits_glued_to_words():
    from transforms.extract import extract

    assert normalise("①新增养老床位300张;②新建驿站8个") == "(1)新增养老床位300张;\n(2)新建驿站8个"
    figures = extract("三、养老服务\n①新增养老床位300张,已完成280张。\n②新建驿站8个,已建成6个。").figures
    assert [(f.item, f.label, f.value) for f in figures] == [("(1)", "新增养老床位", 280), ("(2)", "新建驿站建成", 6)]


def test_a_number_a_pdf_line_cut_is_joined_back_in_prose_but_never_across_table_lines():
    assert normalise("完成投资2.1\n8亿元。") == "完成投资2.18亿元。"
    assert normalise("完成年度目标任务的9\n7.7%。") == "完成年度目标任务的97.7%。"
    assert normalise("已完成98座,完成率81\n.7%。") == "已完成98座,完成率81.7%。"
    # a line of one number, a row's number, cells: left as they are
    assert normalise("新增养老床位\n3000\n3200") == "新增养老床位\n3000\n3200"
    assert normalise("新建公园完成率75\n2、新增停车泊位800个") == "新建公园完成率75\n2、新增停车泊位800个"


def test_percentage_points_a_pdf_copy_cut_are_one_unit():
    assert normalise("增速提高 0.4 个 百分点。") == "增速提高 0.4 个百分点。"
    assert normalise("增速提高0.4个\n百分点。") == "增速提高0.4个百分点。"


def test_a_space_a_pdf_copy_left_inside_a_rate_word_is_taken_out_before_its_number_only():
    assert normalise("开工685处,开工 率为 87%。") == "开工685处,开工率为 87%。"
    assert normalise("完成投资45770万元,投资完 成率为21%。") == "完成投资45770万元,投资完成率为21%。"
    # a header row flattened with single spaces keeps its cells
    assert normalise("项目 年度目标 完成率\n新建公园 10个 80%").startswith("项目\t年度目标\t完成率\n")


def test_a_rate_a_pdf_copy_spaced_is_the_percent_of_its_count():
    figure = extract("全省集中供水工程开工685处,开工 率为 87%。").figures[0]
    assert (figure.value, figure.unit, figure.pct_of_plan, figure.pct_basis) == (685, "处", 87, "开工率")


def test_a_list_of_related_pages_is_left_out_with_its_dates_and_prose_after_it_stays():
    raw = (
        "海滨市民生实事项目进展顺利\n截至7月底,今年全市十件民生实事总体进展顺利。\n"
        "相关阅读:\n海滨市2022年民生实事全面完成 2023-01-05\n上半年民生实事进展情况通报 2023-07-12\n"
        "全市新增城镇就业2.68万人,占年计划的76.6%。\n"
    )
    text = bulletin_text(raw)
    assert "2022年" not in text and "2023-01-05" not in text and text.endswith("占年计划的76.6%。")


def test_percentage_points_cut_by_a_line_break_are_one_unit():
    assert normalise("超序时进度0.8个百分\n点。") == "超序时进度0.8个百分点。"


def test_spam_a_page_injected_is_left_out_with_its_amounts():
    assert bulletin_text("新增养老床位2400张《彩票平台日赚500元》,完成全年任务的80%。") == "新增养老床位2400张,完成全年任务的80%。"
    assert bulletin_text("完成全年任务的80%;加微信abc8899领888元红包;建成社区食堂37个。") == "完成全年任务的80%;建成社区食堂37个。"
    # a government's own vouchers are no spam
    assert bulletin_text("发放消费红包500万元。") == "发放消费红包500万元。"


def test_a_kana_no_before_a_number_stands_for_de_or_for_nothing():
    assert bulletin_text("完成年度目标(3000张)の80%。") == "完成年度目标(3000张)的80%。"
    assert bulletin_text("分别完成年度目标任务的103.3%、の104%。") == "分别完成年度目标任务的103.3%、104%。"


def test_page_numbers_a_pdf_copy_left_inside_sentences_are_left_out():
    assert bulletin_text("占年计划的第3页106.8%。") == "占年计划的106.8%。"
    assert bulletin_text("建成社区养老服务综合体- 3 -37个。") == "建成社区养老服务综合体37个。"
    assert bulletin_text("占年计划的106.8%;第3页 共8页 帮助失业人员再就业3.42万人。") == "占年计划的106.8%; 帮助失业人员再就业3.42万人。"
    # a range or a negative number is no page number
    assert bulletin_text("范围 3 - 5 - 7") == "范围 3 - 5 - 7"
