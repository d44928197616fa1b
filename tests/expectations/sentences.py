"""Sentences of our own (never corpus text) in the shapes the arithmetic rules check, shared by the check-column
tests and the validation run of conftest."""

# Our own sentences (never corpus text): a 亿 dropped from a value, a 万 dropped from a target, and a right one.
MAGNITUDES = (
    "截至9月底,全市重点项目完成投资45.6元,占年度计划50亿元的91.2%。全市新增城镇就业3.6万人,占全年目标4万人的90%。"
    "完成植树造林4.5万亩,占年度计划5亩的90%。"
)

BREAKDOWNS = {
    # complementary categories: 新建 + 续建 are all projects; 120.4 of 120.5 only the parts' rounding explains
    "rounded": "截至9月底,全区重点项目累计完成投资120.5亿元,其中新建项目完成投资50.2亿元,续建项目完成投资70.2亿元。",
    # 城镇 + 农村 are all residents: 50.3 of 52.3万人 is beyond any rounding
    "short": "截至9月底,全县城乡居民医保参保52.3万人,其中城镇居民20.1万人,农村居民30.2万人。",
    # two kinds of many: a partial list, never held to equality
    "partial": "全市棚户区改造新开工3000套,其中公租房1200套,经济适用房800套。",
    # the counts 100 + 50 = 150 show 市级 and 县级 are all the projects, so their investment is all of it
    "counted": "截至9月底,全市开复工项目150个,完成投资30亿元。其中,市级项目开工100个,完成投资20.5亿元;"
    "县级项目开工50个,完成投资8.1亿元。",
    "divided": "全市养老机构共120家,分为公办养老机构50家、民办养老机构60家。",
    # one whole broken down twice (by level, by sector): each adds up, both together are twice the whole
    "twice": "全市完成投资100亿元,其中省级项目40亿元、市级项目60亿元;分行业看,工业项目70亿元、服务业项目30亿元。",
}
"""One bulletin each: what the breakdown rules read."""
