"""Personal numbers in a report are stopped before they are published: ID, mobile and card numbers that are real, with their line, masked.

Numbers are made here from the rules that make them real (GB 11643's check digit, Luhn), and
written as editors type them: inside Chinese sentences, with spaces, in YAML fields.
"""

from __future__ import annotations

import pytest

from reformpress.content.personal import id_number_valid, luhn_valid, personal_numbers

from .kit.site import SiteDir, case_text, report_of

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(first17: str) -> str:
    """An ID number with its check digit worked out as GB 11643-1999 says."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def card_number(first: str) -> str:
    """A card number with its Luhn check digit."""
    return next(first + str(digit) for digit in range(10) if luhn_valid(first + str(digit)))


VALID_ID = id_number("35092219850615321")
WRONG_ID = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")
CARD = card_number("622848001234567890")  # 19 digits


def test_the_rules_that_make_a_number_real() -> None:
    assert id_number_valid("11010519491231002X")  # the standard's own example
    assert id_number_valid(VALID_ID) and not id_number_valid(WRONG_ID)
    assert not id_number_valid(id_number("35092219851315321"))  # month 13
    assert luhn_valid(CARD) and not luhn_valid(CARD[:-1] + str((int(CARD[-1]) + 1) % 10))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"村民王某（身份证号{VALID_ID}）反映", [(0, "id-number")]),
        (f"村民王某（身份证号{WRONG_ID}）反映", []),  # a wrong check digit: not an ID number
        ("联系电话：139 0593 1234。", [(0, "mobile")]),
        ("联系电话：+86 13905931234", [(0, "mobile")]),
        ("全年办件 139059312345 件", []),  # twelve digits: a statistic, not a phone number
        ("办公电话 0593-2822345", []),  # a landline
        (f"第一行\n捐款请转入 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}", [(1, "bank-card")]),
        ("文号宁政〔2022〕123456789012345678号", []),  # not a real ID: no birth date there
    ],
)
def test_what_counts_as_a_personal_number(text: str, found: list[tuple[int, str]]) -> None:
    assert [(line, kind) for line, kind, _ in personal_numbers(text)] == found


def test_a_report_with_an_id_number_and_a_mobile_is_not_built_and_says_where(site: SiteDir) -> None:
    body = f"""\
        ## 引言

        引言第一句。

        ## 改革背景

        背景内容。

        ## 创新做法

        走访村民王某（身份证号{VALID_ID}），电话 13905931234。

        ## 主要成效

        成效内容。

        ## 经验启示

        启示内容。
        """
    site.write("content/demo/01-gutian.md", case_text(body=body, front="summary: 请拨打 139-0593-5678 咨询\n"))
    before = (site.root / "output").exists()
    lines = report_of(site)
    text = "\n".join(lines)
    assert f"content/demo/01-gutian.md:18: 稿件中有居民身份证号（{VALID_ID[:4]}" in text, text
    assert "content/demo/01-gutian.md:18: 稿件中有手机号码（139****1234）" in text, text
    assert "content/demo/01-gutian.md:6: 稿件中有手机号码（139****5678）" in text, text
    assert VALID_ID not in text and "13905931234" not in text, "the message repeats the number it warns about"
    assert "personal_allowed" in text
    assert (site.root / "output").exists() == before


def test_a_number_published_on_purpose_is_listed_in_site_yaml(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(front="summary: 服务热线 139 0593 1234，欢迎来电\n"))
    assert any("139****1234" in line for line in report_of(site))
    yaml = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", yaml + "personal_allowed: [139-0593-1234]\n")
    site.build()
    assert "139 0593 1234" in (site.output / "demo/01-gutian/index.html").read_text(encoding="utf-8")


def test_the_example_site_and_generated_corpus_hold_no_personal_numbers(example_site: SiteDir) -> None:
    assert (example_site.output / "index.html").is_file()  # it built: no report of it holds one


def test_a_mobile_in_a_yaml_case_is_found_on_its_line(site: SiteDir) -> None:
    site.write(
        "content/demo/03-yaml.yaml",
        "title: 霞浦县的做法\ndate: 2022-11-09 10:00\nregions: [古田县]\nsections:\n  intro: 引言。\n  background: |\n    背景第一段。\n\n    联系人：13905931234\n  practices: 做法。\n  results: 成效。\n  lessons: 启示。\n",
    )
    assert [line for line in report_of(site) if "139****1234" in line] == [
        "content/demo/03-yaml.yaml:9: 稿件中有手机号码（139****1234），发布后任何人都能看到 — 发布前删除，或改写为单位的办公电话；确需公开的（如服务热线），把这个号码写进 site.yaml 的 personal_allowed 列表"
    ]
