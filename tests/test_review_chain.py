"""先审后发: sign-offs recorded in a report's front matter, and a report not yet signed off held back everywhere.

The site names its review stages in site.yaml; with ``required: true`` a report without every
sign-off is left out like a draft — its page, the lists, feeds, sitemap and search index — and
``check`` lists who it waits for.  Sign-off names are never shown to readers.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from .kit.site import SiteDir, case_text, report_of

REVIEW = "review:\n  stages: [初审, 复审, 签发]\n  required: true\n"
SIGNED = "review:\n  初审: 审核人甲 2022-10-24 09:00\n  复审: 审核人乙 2022-10-25\n  签发: 审核人丙 2022-10-26 08:00\n"
WAITING = "review:\n  初审: 审核人甲 2022-10-27\n  复审:\n  签发:\n"


def with_review(site: SiteDir, required: bool = True) -> SiteDir:
    review = REVIEW if required else REVIEW.replace("  required: true\n", "")
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8") + review)
    site.write("content/demo/01-gutian.md", case_text(front=SIGNED))
    site.write("content/demo/02-shouning.md", case_text("寿宁县推进下党乡村振兴", date="2022-10-28 09:30", front=WAITING).replace("[古田县]", "[寿宁县]"))
    return site


def every_text(output: Path) -> str:
    """Every file the site publishes, as text; the search index's gzipped files unpacked."""
    parts = []
    for file in sorted(output.rglob("*")):
        if file.is_file():
            data = file.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", errors="ignore"))
    return "\n".join(parts)


def test_a_report_waiting_for_a_sign_off_is_published_nowhere(site: SiteDir) -> None:
    with_review(site)
    site.build()  # with the search index
    assert (site.output / "demo/01-gutian/index.html").is_file()
    assert not (site.output / "demo/02-shouning").exists()
    published = every_text(site.output)
    assert "古田县探索乡村治理新机制" in published
    assert "寿宁县推进下党乡村振兴" not in published and "02-shouning" not in published, "the unsigned report leaked"
    assert not re.search("审核人[甲乙丙]", published), "a sign-off name reached the readers"


def test_check_lists_whom_each_report_waits_for_and_drafts_preview_it(site: SiteDir) -> None:
    with_review(site)
    result = site.cli("check")
    assert result.exit_code == 0, result.output
    assert "content/demo/02-shouning.md: 等待复审、签发，审完后才发布（预览可加 --drafts）" in result.output
    assert "01-gutian" not in result.output
    assert site.cli("build", "--drafts", "--no-search").exit_code == 0
    assert (site.output / "demo/02-shouning/index.html").is_file()


def test_signing_the_last_stage_publishes_it(site: SiteDir) -> None:
    with_review(site)
    site.build(search=False)
    site.write("content/demo/02-shouning.md", case_text("寿宁县推进下党乡村振兴", date="2022-10-28 09:30", front=SIGNED).replace("[古田县]", "[寿宁县]"))
    site.build(search=False)
    assert (site.output / "demo/02-shouning/index.html").is_file()


def test_impossible_sign_offs_are_errors_with_their_line(site: SiteDir) -> None:
    with_review(site)
    front = "review:\n  初审: 审核人甲 2022-10-27 09:00\n  复审: 审核人乙\n  终审: 审核人丙 2022-10-20\n  签发: 审核人丙 2099-01-01\n"
    site.write("content/demo/01-gutian.md", case_text(front=front))
    lines = report_of(site)
    path = "content/demo/01-gutian.md"
    assert f"{path}:7: “初审”的审核日期 2022-10-27 09:00 晚于发布时间 2022-10-26 15:47（先审后发） — 核实审核日期和发布时间：稿件须在发布前审完" in lines
    assert any(line.startswith(f"{path}:8: 审核记录“复审: 审核人乙”看不懂") for line in lines), lines
    assert any(line.startswith(f"{path}:9: 不认识的字段“终审”") for line in lines), lines
    assert any(line.startswith(f"{path}:10: “签发”的审核日期 2099-01-01 还没有到") for line in lines), lines


def test_without_required_reports_are_published_and_only_listed(site: SiteDir) -> None:
    with_review(site, required=False)
    site.build(search=False)
    assert (site.output / "demo/02-shouning/index.html").is_file()
    assert "content/demo/02-shouning.md: 尚未记录复审、签发" in site.cli("check").output


def test_new_writes_the_empty_sign_off_block(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8") + REVIEW)
    result = site.cli("new", "demo", "--region", "古田县", "--title", "古田县推进食用菌产业改革")
    assert result.exit_code == 0, result.output
    made = next(file for file in (site.root / "content/demo").glob("03-*.md"))
    text = made.read_text(encoding="utf-8")
    assert re.search(r"(?m)^review:    # 审核后填写姓名和日期.*\n  初审:\n  复审:\n  签发:\n", text), text


def test_a_word_import_starts_with_the_empty_sign_off_block_and_waits(site: SiteDir, tmp_path: Path) -> None:
    from .kit.cli import make_report_docx

    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8") + REVIEW)
    report = make_report_docx(tmp_path / "古田县报送稿.docx", tmp_path / "pictures")
    result = site.cli("import-docx", str(report), "--series", "demo", "--region", "古田县")
    assert result.exit_code == 0, result.output
    made = next(file for file in (site.root / "content/demo").glob("03-*.md"))
    assert "\nreview:    # 审核后填写姓名和日期，如 张三 2022-10-25 09:00\n  初审:\n  复审:\n  签发:\n---\n" in made.read_text(encoding="utf-8")
    assert f"{made.relative_to(site.root).as_posix()}: 等待初审、复审、签发" in site.cli("check").output
