"""Pagefind's index rewritten in a fixed order: the same meaning, Pagefind's own names, and a clean refusal of anything else."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import stat
import tomllib
from collections.abc import Callable
from pathlib import Path

import cbor2
import pytest

from reformpress.problems import BuildFailed
from reformpress.publish import pagefind_files
from reformpress.publish.pagefind_files import (
    PREFIX,
    SUPPORTED,
    UnexpectedIndex,
    canonicalise_index,
    pack,
    pagefind_hash,
    read_filter,
    unpack,
)
from reformpress.publish.search import run_pagefind

from .kit.site import REPO, SiteDir, case_text, snapshot, write_many_filters_site

REWRITTEN = ("filter/", "pagefind.", "pagefind-entry.json")
"""What canonicalising may change in a bundle (filter files, the meta file, the entry file); nothing else."""


@pytest.fixture(scope="module")
def raw_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pagefind's own output (not canonicalised) for a site whose filters have many values."""
    site = write_many_filters_site(tmp_path_factory.mktemp("raw") / "site")
    site.build(search=False)
    run_pagefind(site.output)
    return site.output / "pagefind"


@pytest.fixture
def bundle(raw_bundle: Path, tmp_path: Path) -> Path:
    """A copy of the raw bundle to change."""
    return Path(shutil.copytree(raw_bundle, tmp_path / "pagefind"))


def filters_of(bundle: Path) -> dict[str, dict[str, tuple[int, ...]]]:
    """Filter name → value → page numbers, from every filter file of a bundle."""
    found = [read_filter(path) for path in sorted((bundle / "filter").iterdir())]
    return {filter_file.name: filter_file.mapping() for filter_file in found}


def meta_of(bundle: Path) -> tuple[str, list]:
    """The name of a bundle's one metadata file and its decoded contents."""
    [path] = bundle.glob("pagefind.*.pf_meta")
    return path.name, unpack(path)[0]


def test_pagefind_names_each_file_by_the_unpadded_sha1_of_its_contents(raw_bundle: Path) -> None:
    """What pagefind_files assumes about Pagefind's names, checked on Pagefind's own files."""
    paths = sorted(raw_bundle.glob("*/*.pf_*")) + sorted(raw_bundle.glob("*.pf_meta"))
    assert len(paths) > 15
    for path in paths:
        body = gzip.decompress(path.read_bytes()).removeprefix(PREFIX)
        language, short = path.name.rsplit(".", 1)[0].removeprefix("pagefind.").split("_")
        assert language == "zh-cn"
        assert short == pagefind_hash(body)[: len(language) + 8 if path.suffix == ".pf_meta" else 7], path.name
    assert hashlib.sha1(b"\x00").hexdigest() == "5ba93c9db0cff93f52b521d7420e43f6eda2784f"
    assert pagefind_hash(b"\x00") == "5ba93c9db0cff93f52b521d742e43f6eda2784f"  # 0e → "e": Rust's {:x} per byte


def test_canonical_filter_files_mean_what_pagefinds_meant(raw_bundle: Path, bundle: Path) -> None:
    before = filters_of(raw_bundle)
    raw_meta_name, raw_meta = meta_of(raw_bundle)
    canonicalise_index(bundle)
    assert filters_of(bundle) == before  # each filter: the same values on the same pages
    assert {name: len(values) for name, values in before.items()} == {"地区": 10, "年份": 4, "系列": 3}
    for path in (bundle / "filter").iterdir():
        filter_file = read_filter(path)
        assert [value for value, _ in filter_file.values] == sorted(filter_file.mapping())
        assert path.name == f"zh-cn_{pagefind_hash(unpack(path)[1])[:7]}.pf_filter"
        assert gzip.decompress(path.read_bytes())[:12] == PREFIX and path.read_bytes()[:10] == pagefind_files.GZIP_HEADER
    for path in (raw_bundle / "filter").iterdir():  # a filter Pagefind happened to write sorted keeps its name
        filter_file = read_filter(path)
        if [value for value, _ in filter_file.values] == sorted(filter_file.mapping()):
            assert (bundle / "filter" / path.name).is_file()

    meta_name, meta = meta_of(bundle)
    assert meta_name == f"pagefind.zh-cn_{pagefind_hash(unpack(bundle / meta_name)[1])[:13]}.pf_meta"
    assert [name for name, _ in meta[3]] == ["地区", "年份", "系列"]
    assert {f"{file_hash}.pf_filter" for _, file_hash in meta[3]} == {path.name for path in (bundle / "filter").iterdir()}
    assert meta[:3] == raw_meta[:3] and meta[5:] == raw_meta[5:] and sorted(meta[4]) == sorted(raw_meta[4])
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    raw_entry = json.loads((raw_bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert f"pagefind.{entry['languages']['zh-cn']['hash']}.pf_meta" == meta_name
    raw_entry["languages"]["zh-cn"]["hash"] = entry["languages"]["zh-cn"]["hash"]
    assert entry == raw_entry and raw_meta_name.startswith("pagefind.zh-cn_")

    raw, done = snapshot(raw_bundle), snapshot(bundle)
    assert {name: data for name, data in raw.items() if not name.startswith(REWRITTEN)} == {
        name: data for name, data in done.items() if not name.startswith(REWRITTEN)
    }
    canonicalise_index(bundle)
    assert snapshot(bundle) == done  # a canonical index stays as it is


def damage_version(bundle: Path) -> None:
    entry = bundle / "pagefind-entry.json"
    entry.write_text(entry.read_text(encoding="utf-8").replace(f'"version":"{SUPPORTED}.', '"version":"9.0.'), encoding="utf-8")


def damage_meta(bundle: Path) -> None:
    [meta] = bundle.glob("pagefind.*.pf_meta")
    meta.write_bytes(b"not gzip")


def damage_meta_layout(bundle: Path) -> None:
    [meta] = bundle.glob("pagefind.*.pf_meta")
    value = unpack(meta)[0]
    meta.write_bytes(pack(cbor2.dumps(value[:4])))  # no sort orders


def damage_meta_filter(bundle: Path) -> None:
    [meta] = bundle.glob("pagefind.*.pf_meta")
    value = unpack(meta)[0]
    meta.write_bytes(pack(cbor2.dumps([*value[:3], [["地区", "en_1234567"]], *value[4:]])))


def damage_filter(bundle: Path) -> None:
    path = min((bundle / "filter").iterdir())
    path.write_bytes(pack(cbor2.dumps([read_filter(path).name, [["古田县", ["0"]]]])))


def remove_filter(bundle: Path) -> None:
    max((bundle / "filter").iterdir()).unlink()


def extra_prefix(bundle: Path) -> None:
    path = min((bundle / "filter").iterdir())
    path.write_bytes(gzip.compress(b"pagefind_v2" + unpack(path)[1]))


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (damage_version, "pagefind-entry.json is from Pagefind 9.0."),
        (damage_meta, "is not gzip"),
        (damage_meta_layout, "is not [version, pages, chunks, filters, sorts, …] of Pagefind 1.5.x"),
        (damage_meta_filter, "has a filter that is not [name, zh-cn_hash]"),
        (damage_filter, "has a value that is not [text, [page, …]]"),
        (remove_filter, ".pf_filter is missing"),
        (extra_prefix, "does not start with pagefind_dcd"),
    ],
)
def test_files_of_another_format_are_refused_before_anything_changes(bundle: Path, damage: Callable[[Path], None], said: str) -> None:
    damage(bundle)
    before = snapshot(bundle)
    with pytest.raises(UnexpectedIndex) as caught:
        canonicalise_index(bundle)
    assert said in str(caught.value)
    assert snapshot(bundle) == before


def test_build_with_an_index_of_another_format_fails_cleanly(site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site.build(search=False)
    old = snapshot(site.output)
    newer = tmp_path / "pagefind"  # a Pagefind that writes what 1.5 did not (called with --site SITE --output-path BUNDLE)
    newer.write_text(
        '#!/bin/sh\nmkdir -p "$4"\necho "export {}" > "$4/pagefind.js"\n'
        """echo '{"version":"2.0.0","languages":{"zh-cn":{"hash":"zh-cn_1234567890abc"}}}' > "$4/pagefind-entry.json"\n""",
        encoding="utf-8",
    )
    newer.chmod(newer.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(newer))
    site.write("content/demo/01-gutian.md", case_text("改过的标题"))
    with pytest.raises(BuildFailed) as caught:
        site.build()
    assert [p.format() for p in caught.value.problems] == [
        (
            "pagefind/: Pagefind 生成的搜索索引不是本工具认识的格式：pagefind-entry.json is from Pagefind 2.0.0, not 1.5.x"
            " — 本工具只支持 Pagefind 1.5.x：请运行 python3 -m pip install 'pagefind[extended]==1.5.*'（或 bash scripts/setup.sh）后重新构建；原有网站未受影响"
        )
    ]
    assert snapshot(site.output) == old
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".output.") and p.name != ".output.lock"] == []  # the empty lock file stays


def test_pyproject_pins_the_pagefind_versions_whose_files_we_rewrite() -> None:
    major, minor = SUPPORTED.split(".")
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert f"pagefind[extended]>={SUPPORTED},<{major}.{int(minor) + 1}" in dependencies
    assert any(dependency.startswith("cbor2") for dependency in dependencies)
