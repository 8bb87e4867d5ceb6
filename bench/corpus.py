"""A deterministic benchmark corpus: N reform reports in reformpress, Pelican and Hugo form.

Every report is written from this file's own word lists with a random generator seeded by the
report's number, so the same N always gives byte-identical trees.  Each report has 3,000–6,000
Chinese characters in six sections (编者按, 引言, 改革背景, 创新做法 with sub-headings, 主要成效,
经验启示), one or two figures, regions, tags and key figures.  The three trees carry the same text:

* ``reformpress/``  site.yaml, content/<series>/NN-slug.md (+ images/), the repo's templates;
* ``pelican/``      pelicanconf.py, content/<series>/NN-slug.md with Pelican metadata;
* ``hugo/``         config.yaml, content/<series>/NN-slug.md with RFC 3339 dates, minimal layouts.

Usage: ``python bench/corpus.py 500 bench/work/corpus-500``.
"""

from __future__ import annotations

import io
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PER_SERIES = 100
"""Reports per series (a city's series rarely runs longer)."""
IMAGES_PER_SERIES = 12

CITIES = ["宁德", "福州", "厦门", "泉州", "漳州", "莆田", "三明", "南平", "龙岩", "平潭", "温州", "丽水", "衢州", "赣州", "梅州", "潮州", "汕头", "上饶", "抚州", "黄山"]
COUNTY_NAMES = ["古田", "屏南", "寿宁", "周宁", "柘荣", "霞浦", "福安", "福鼎", "蕉城", "东侨", "永泰", "闽清", "罗源", "连江", "长乐", "福清", "同安", "翔安", "晋江", "石狮",
                "南安", "惠安", "安溪", "永春", "德化", "云霄", "漳浦", "诏安", "东山", "平和"]
COUNTY_SLUGS = ["gutian", "pingnan", "shouning", "zhouning", "zherong", "xiapu", "fuan", "fuding", "jiaocheng", "dongqiao", "yongtai", "minqing", "luoyuan", "lianjiang",
                "changle", "fuqing", "tongan", "xiangan", "jinjiang", "shishi", "nanan", "huian", "anxi", "yongchun", "dehua", "yunxiao", "zhangpu", "zhaoan", "dongshan", "pinghe"]
TOPICS = ["营商环境", "乡村振兴", "干部培养", "数字政府", "医疗保障", "教育评价", "生态补偿", "林权改革", "河长制", "网格治理", "一件事一次办", "放管服", "要素市场", "金融服务",
          "科技特派员", "文旅融合", "海上养殖", "茶产业", "新能源", "电机电器", "农村产权", "集体经济", "基层党建", "社会救助", "养老服务", "住房保障", "城市更新", "信用体系",
          "综合执法", "审批服务", "人才引进", "招商引资", "园区建设", "质量标准", "知识产权", "对台合作", "山海协作", "四下基层", "数字乡村", "共同富裕"]
SUBJECTS = ["市委改革办", "县委组织部", "各乡镇", "市场监管部门", "农业农村局", "行政服务中心", "村“两委”", "试点企业", "基层干部", "科技特派员", "金融机构", "社区网格员",
            "医保部门", "教育部门", "生态环境局", "自然资源局", "各县（市、区）", "牵头单位", "驻村工作队", "行业协会"]
VERBS = ["坚持", "探索", "建立", "完善", "推进", "深化", "聚焦", "健全", "创新", "统筹", "压实", "打通", "优化", "强化", "落实", "构建"]
OBJECTS = ["“一站式”服务机制", "“四个一批”培养路径", "全链条监管体系", "跨部门协同机制", "村级集体经济发展模式", "“互联网+政务服务”平台", "容错纠错机制", "要素保障清单",
           "群众诉求快速响应机制", "产业链“链长制”", "“山海协作”结对机制", "闭环管理制度", "标准化生产规程", "数据共享交换平台", "利益联结机制", "考核评价办法"]
RESULTS = ["办事时限压缩了一半以上", "群众满意度持续提升", "村集体收入明显增加", "企业获得感不断增强", "一批难题得到有效解决", "基层治理效能显著提高", "产业规模稳步扩大",
           "改革经验在全省推广", "服务群众“最后一公里”被打通", "重点项目落地提速"]
CONNECTORS = ["同时，", "此外，", "在此基础上，", "与此同时，", "为此，", "截至目前，", "今年以来，", "下一步，", "实践中，", "具体而言，"]
PEOPLE = ["林晓", "陈静", "王磊", "黄海", "郑宁", "吴敏", "刘洋", "张华"]
HEADS = ["一", "二", "三", "四"]


@dataclass(frozen=True)
class Report:
    """One generated report, in a form each tool's writer turns into its own file."""

    series: int
    number: int
    slug: str
    title: str
    date: datetime
    regions: tuple[int, ...]
    tags: tuple[str, ...]
    units: tuple[str, ...]
    editor: str
    highlights: tuple[tuple[str, str, str], ...]
    sections: tuple[tuple[str, str], ...]
    """(heading, Markdown) of the six sections; images as ``images/<name>.jpg``."""


def sentence(rng: random.Random) -> str:
    """One sentence of 20–60 characters."""
    kind = rng.randrange(6)
    subject, verb, obj = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)
    if kind == 0:
        return f"{rng.choice(CONNECTORS)}{subject}{verb}{obj}，{rng.choice(RESULTS)}。"
    if kind == 1:
        return f"{subject}围绕“{rng.choice(TOPICS)}”这一重点，{verb}{obj}，累计完成{rng.randrange(12, 900)}项具体任务。"
    if kind == 2:
        return f"通过{verb}**{obj}**，{rng.choice(RESULTS)}，相关做法得到上级部门肯定。"
    if kind == 3:
        return f"全年共投入资金{rng.randrange(100, 9000)}万元，带动{rng.randrange(10, 500)}个村（社区）{rng.choice(VERBS)}{rng.choice(OBJECTS)}。"
    if kind == 4:
        return f"{subject}牢牢把握“{rng.choice(TOPICS)}”和“{rng.choice(TOPICS)}”两条主线，推动各项改革举措落地见效。"
    return f"{rng.choice(CONNECTORS)}{rng.choice(RESULTS)}，{subject}{verb}{obj}的经验已在{rng.randrange(2, 30)}个乡镇复制推广。"


def paragraph(rng: random.Random, sentences: int) -> str:
    return "".join(sentence(rng) for _ in range(sentences))


def make_report(index: int, start: datetime, step: int = 1013) -> Report:
    """Report ``index`` (0-based) of the corpus, ``step`` minutes after the one before (give or take)."""
    rng = random.Random(f"reformpress-bench-{index}")
    series, number = divmod(index, PER_SERIES)
    county = rng.randrange(len(COUNTY_NAMES))
    topic = rng.choice(TOPICS)
    target = rng.randrange(3000, 6000)  # Chinese characters in the body
    images = [f"images/p{(index * 7 + k) % IMAGES_PER_SERIES:02d}.jpg" for k in range(1 + (index % 3 == 0))]
    per = target // 42 // 5  # ~42 characters a sentence incl. headings and lists; five sections carry most of the text
    practices = []
    for h in range(3):
        practices.append(f"### {HEADS[h]}、{rng.choice(VERBS)}{rng.choice(OBJECTS)}\n\n{paragraph(rng, max(2, per // 3))}\n\n{paragraph(rng, max(2, per // 4))}")
    sections = (
        ("编者按", paragraph(rng, 2)),
        ("引言", paragraph(rng, max(2, per // 2))),
        ("改革背景", f"{paragraph(rng, per)}\n\n![{topic}现场](" + images[0] + f" \"{COUNTY_NAMES[county]}{topic}工作现场\")\n\n{paragraph(rng, max(2, per // 2))}"),
        ("创新做法", "\n\n".join(practices)),
        ("主要成效", "\n".join(f"- {sentence(rng)}" for _ in range(4)) + f"\n\n{paragraph(rng, per)}" + ("\n\n![成效](" + images[1] + ")" if len(images) > 1 else "")),
        ("经验启示", f"{paragraph(rng, per)}\n\n{paragraph(rng, max(2, per // 2))}"),
    )
    regions = tuple(sorted({county, rng.randrange(len(COUNTY_NAMES))}))[: 1 + rng.randrange(2)]
    tags = tuple(dict.fromkeys([topic, *rng.sample(TOPICS, 2 + rng.randrange(2))]))
    return Report(
        series=series,
        number=number + 1,
        slug=f"{COUNTY_SLUGS[county]}-{index:05d}",
        title=f"{COUNTY_NAMES[county]}县{rng.choice(VERBS)}{rng.choice(OBJECTS)}推动{topic}取得新成效",
        date=start + timedelta(minutes=index * step + rng.randrange(min(600, step))),
        regions=regions,
        tags=tags,
        units=(f"{COUNTY_NAMES[county]}县委改革办", rng.choice(SUBJECTS)),
        editor=rng.choice(PEOPLE),
        highlights=tuple((str(rng.randrange(10, 5000)), rng.choice(["个", "家", "名", "万元"]), f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}") for _ in range(3)),
        sections=sections,
    )


def series_slug(series: int) -> str:
    return f"s{series + 1:03d}-reform"


def series_title(series: int) -> str:
    return f"{CITIES[series % len(CITIES)]}市全面深化改革系列成果展示（第{series // len(CITIES) + 1}辑）"


def body(report: Report) -> str:
    return "\n\n".join(f"## {heading}\n\n{text}" for heading, text in report.sections) + "\n"


def images(count: int) -> list[bytes]:
    """``count`` small JPEGs of different sizes and colours."""
    from PIL import Image

    result = []
    for k in range(count):
        data = io.BytesIO()
        Image.new("RGB", (480 + 16 * k, 270 + 9 * k), (40 + 15 * k, 90, 160 - 7 * k)).save(data, "JPEG", quality=70)
        result.append(data.getvalue())
    return result


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def write_reformpress(dest: Path, reports: list[Report], pictures: list[bytes]) -> None:
    regions = "\n".join(f"  {name}县: {slug}" for name, slug in zip(COUNTY_NAMES, COUNTY_SLUGS))
    write(dest / "site.yaml", f"title: 改革成果展示（基准测试）\nbase_url: https://bench.example.gov.cn/\nlanguage: zh-CN\ntimezone: Asia/Shanghai\n"
                              f"description: 基准测试语料\nper_page: 10\nrelated_count: 5\nregions:\n{regions}\n")
    shutil.copytree(REPO / "templates", dest / "templates", dirs_exist_ok=True)
    for series in sorted({r.series for r in reports}):
        folder = dest / "content" / series_slug(series)
        write(folder / "_series.yaml", f"title: {series_title(series)}\ncolumn: 全面深化改革进行时\neditor_note: 本专栏集中展示各地改革成果。\nsource: 市委改革办\nnumbering: circled\n")
        for k, picture in enumerate(pictures):
            write(folder / f"images/p{k:02d}.jpg", picture)
    for r in reports:
        highlights = "".join(f"  - {{value: \"{v}\", unit: {u}, label: {label}}}\n" for v, u, label in r.highlights)
        front = (f"---\ntitle: {r.title}\ndate: {r.date:%Y-%m-%d %H:%M}\nunits: [{', '.join(r.units)}]\neditor: {r.editor}\n"
                 f"regions: [{', '.join(COUNTY_NAMES[i] + '县' for i in r.regions)}]\ntags: [{', '.join(r.tags)}]\nhighlights:\n{highlights}---\n\n")
        write(dest / "content" / series_slug(r.series) / f"{r.number:02d}-{r.slug}.md", front + body(r))


PELICAN_CONF = """\
AUTHOR = "市委改革办"
SITENAME = "改革成果展示（基准测试）"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
STATIC_PATHS = {static}
ARTICLE_URL = ARTICLE_SAVE_AS = "{{category}}/{{slug}}/index.html"
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
MARKDOWN = {{"extension_configs": {{"markdown.extensions.extra": {{}}, "markdown.extensions.sane_lists": {{}}}}, "output_format": "html5"}}
CACHE_PATH = "cache"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
"""


def write_pelican(dest: Path, reports: list[Report], pictures: list[bytes]) -> None:
    all_series = sorted({r.series for r in reports})
    write(dest / "pelicanconf.py", PELICAN_CONF.format(static=[f"{series_slug(s)}/images" for s in all_series]))
    for series in all_series:
        for k, picture in enumerate(pictures):
            write(dest / "content" / series_slug(series) / f"images/p{k:02d}.jpg", picture)
    for r in reports:
        text = body(r).replace("](images/", "]({static}images/")
        head = (f"Title: {r.title}\nDate: {r.date:%Y-%m-%d %H:%M}\nCategory: {series_slug(r.series)}\nTags: {', '.join(r.tags)}\n"
                f"Slug: {r.number:02d}-{r.slug}\nAuthors: {r.editor}\nRegions: {', '.join(COUNTY_NAMES[i] + '县' for i in r.regions)}\n\n")
        write(dest / "content" / series_slug(r.series) / f"{r.number:02d}-{r.slug}.md", head + text)


HUGO_CONFIG = """\
baseURL: https://bench.example.gov.cn/
languageCode: zh-cn
title: 改革成果展示（基准测试）
hasCJKLanguage: true
paginate: 10
relativeURLs: true
timeZone: Asia/Shanghai
disableKinds: [RSS, sitemap, robotsTXT]
taxonomies: {tag: tags, region: regions}
related:
  includeNewer: true
  threshold: 0
  toLower: false
  indices: [{name: tags, weight: 100}, {name: regions, weight: 100}]
markup:
  goldmark:
    renderer: {unsafe: false}
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> <a href="{{ "/regions/" | relURL }}">地区</a> <a href="{{ "/tags/" | relURL }}">专题标签</a></header>
<main>{{ block "main" . }}{{ end }}</main><footer>版权所有</footer></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Params.series }}{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2006-01-02 15:04" }}</time> 来源：{{ .Params.source }}</p>
{{ .Content }}
<p>{{ range .Params.regions }}<a href="{{ (printf "/regions/%s/" (urlize .)) | relURL }}">{{ . }}</a> {{ end }}{{ range .Params.tags }}<a href="{{ (printf "/tags/%s/" (urlize .)) | relURL }}">{{ . }}</a> {{ end }}</p>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">上一篇：{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">下一篇：{{ .Title }}</a>{{ end }}</nav>
</article>
{{ $related := .Site.RegularPages.Related . | first 5 }}{{ with $related }}<section><h2>相关新闻</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary | plainify | truncate 120 }}</li>{{ end }}</ul></section>{{ end }}
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2006-01-02 15:04" }}</time> {{ .Summary | plainify | truncate 120 }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>最新稿件</h1><ul>{{ range first 10 .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary | plainify | truncate 120 }}</li>{{ end }}</ul>
<ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ len .Pages }}</li>{{ end }}</ul>{{ end }}
""",
}


def write_hugo(dest: Path, reports: list[Report], pictures: list[bytes]) -> None:
    write(dest / "config.yaml", HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write(dest / "layouts" / name, text)
    for series in sorted({r.series for r in reports}):
        write(dest / "content" / series_slug(series) / "_index.md", f"---\ntitle: {series_title(series)}\n---\n本专栏集中展示各地改革成果。\n")
        for k, picture in enumerate(pictures):
            write(dest / "static" / series_slug(series) / f"images/p{k:02d}.jpg", picture)
    for r in reports:
        text = body(r).replace("](images/", f"](/{series_slug(r.series)}/images/")
        head = (f"---\ntitle: \"{r.title}\"\ndate: {r.date:%Y-%m-%dT%H:%M:00+08:00}\nslug: {r.number:02d}-{r.slug}\nseries: \"{series_title(r.series)}\"\nsource: 市委改革办\n"
                f"tags: [{', '.join(r.tags)}]\nregions: [{', '.join(COUNTY_NAMES[i] + '县' for i in r.regions)}]\n---\n\n")
        write(dest / "content" / series_slug(r.series) / f"{r.number:02d}-{r.slug}.md", head + text)


LAST = datetime(2024, 12, 31, 8, 30)
"""No report is dated after this (and a few hours): every tool publishes every report, whenever the benchmark runs.

reformpress and Hugo hold back reports dated in the future; before this bound, the 10,000-report
corpus ran into 2033 and only the 6,697 reports dated before the run (2026-11-29) were built.
"""


def generate(count: int, dest: Path) -> Path:
    """Write the three trees for ``count`` reports under ``dest`` (replacing what was there)."""
    if dest.exists():
        shutil.rmtree(dest)
    start = datetime(2014, 1, 6, 8, 30)
    step = min(1013, int((LAST - start).total_seconds() // 60) // count)  # ≈ 17 hours apart up to 5,500 reports; closer for more
    reports = [make_report(index, start, step) for index in range(count)]
    assert all(report.date <= LAST + timedelta(hours=10) for report in reports)
    pictures = images(IMAGES_PER_SERIES)
    write_reformpress(dest / "reformpress", reports, pictures)
    write_pelican(dest / "pelican", reports, pictures)
    write_hugo(dest / "hugo", reports, pictures)
    return dest


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
