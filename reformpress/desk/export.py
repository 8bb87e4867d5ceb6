"""``edit --export``: the same editing desk as a folder of static files, over an intranet GitLab or Gitea.

With Decap's own ``gitlab`` and ``gitea`` backends there is no Python behind the desk: saving
commits the case file to the branch, and the site's CI builds on push (and runs
``reformpress check --strict``).  The form ⇄ file conversion runs in the browser as a Decap custom
format (``static/casefile.js``, the twin of :mod:`reformpress.desk.casefile`: both write the same
bytes), fed with the site's section schema.

The folder holds ``index.html`` (no inline script; a Content-Security-Policy that allows only its
own files and the configured GitLab/Gitea), ``desk-config.js`` (the generated configuration, with
the OAuth set-up written in its comments), ``README.txt``, our scripts under ``desk/`` and the
vendored Decap bundle under ``decap/``.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..content.config import load_config
from ..content.sections import PLACEHOLDER_MARKS
from ..model import SiteConfig
from .decap_config import SeriesInfo, collection, whole_config

FORMAT = "reformpress-md"
"""The name the JavaScript format is registered under and the collections use."""

BACKENDS = {"gitlab": "/api/v4", "gitea": "/api/v1"}
"""Decap's git backends the desk can be exported for → the API path under the server's address."""

OWN_SCRIPTS = ("boot.js", "casefile.js", "server-desk.js", "desk.css")


class ExportRefused(ValueError):
    """What is wrong with the export's options, in words for the person who typed them."""


@dataclass(frozen=True)
class GitServer:
    """Where the desk commits: the backend, the repository, its server and branch, the OAuth application."""

    backend: str
    repo: str
    base_url: str
    api_root: str
    branch: str = "main"
    app_id: str = ""

    @classmethod
    def checked(cls, backend: str, repo: str | None, base_url: str | None = None, api_root: str | None = None, branch: str = "main", app_id: str = "") -> GitServer:
        """The options as given on the command line; :class:`ExportRefused` with what to change."""
        if backend not in BACKENDS:
            raise ExportRefused(f"不认识的 --backend “{backend}”：只能是 gitlab 或 gitea")
        if not repo:
            raise ExportRefused("缺少 --repo：写仓库的路径，如 --repo reform-office/site（GitLab 的群组/项目，或 Gitea 的所有者/仓库）")
        pattern = r"[\w.-]+(/[\w.-]+)+" if backend == "gitlab" else r"[\w.-]+/[\w.-]+"
        if not re.fullmatch(pattern, repo, re.ASCII) or ".." in repo:
            raise ExportRefused(f"--repo “{repo}” 不是仓库路径：应写成 所有者/仓库，如 reform-office/site")
        if not base_url:
            if backend == "gitea":
                raise ExportRefused("缺少 --base-url：写 Gitea 的地址，如 --base-url https://git.example.gov.cn")
            base_url = "https://gitlab.com"
        base_url = base_url.rstrip("/")
        api_root = (api_root or base_url + BACKENDS[backend]).rstrip("/")
        for name, url in (("--base-url", base_url), ("--api-root", api_root)):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
                raise ExportRefused(f"{name} “{url}” 不是网址：应以 https:// 开头，如 https://git.example.gov.cn")
        if not re.fullmatch(r"[\w./-]+", branch, re.ASCII) or ".." in branch:
            raise ExportRefused(f"--branch “{branch}” 不是分支名")
        if app_id and not re.fullmatch(r"[\w-]+", app_id, re.ASCII):
            raise ExportRefused(f"--app-id “{app_id}” 不是应用 ID：从 GitLab/Gitea 的应用页面复制")
        return cls(backend, repo, base_url, api_root, branch, app_id)

    def origins(self) -> list[str]:
        """The hosts the desk talks to (the API, and the login's token exchange), as CSP sources."""
        found = []
        for url in (self.api_root, self.base_url):
            parts = urlsplit(url)
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in found:
                found.append(origin)
        return found

    def backend_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {"name": self.backend, "repo": self.repo, "branch": self.branch, "api_root": self.api_root, "base_url": self.base_url}
        if self.backend == "gitlab":
            config.update(auth_type="pkce", auth_endpoint="oauth/authorize")
        if self.app_id:
            config["app_id"] = self.app_id
        return config


def casefile_settings(config: SiteConfig) -> dict[str, Any]:
    """What ``casefile.js`` needs of the site: the section schema and the scaffold's hint marks."""
    sections = [{"key": spec.key, "heading": spec.heading, "aliases": list(spec.aliases), "required": spec.required, "style": spec.style} for spec in config.sections]
    return {"sections": sections, "placeholders": list(PLACEHOLDER_MARKS)}


def export_config(config: SiteConfig, series: list[SeriesInfo], server: GitServer) -> dict[str, Any]:
    """The whole configuration handed to ``CMS.init`` by ``server-desk.js``."""
    collections = []
    for one in series:
        made = collection(config, one, "{{now}}", FORMAT)
        for field in made["fields"]:
            if field["name"] == "number":
                field.pop("default", None)  # the next free number changes after the export: typed by the editor
                field["hint"] = "本系列的第几篇（第⑯篇写 16），与已有稿件不重复"
            if field["name"] == "slug":
                field["hint"] = "网址里用的名字（标题的拼音，小写字母、数字和 -），也是新稿件的文件名"
        collections.append(made)
    return whole_config(config, series, server.backend_config(), collections)


def _comments(server: GitServer) -> str:
    where = "GitLab" if server.backend == "gitlab" else "Gitea"
    if server.backend == "gitlab":
        steps = (
            f"//   1. 在 {server.base_url} 上：群组或项目的 设置 → 应用（或 管理中心 → 应用）→ 添加新应用；\n"
            "//      重定向 URI 填这个文件夹发布后的地址（如 https://gg.example.gov.cn/admin/），\n"
            "//      不勾选“机密”（Confidential），范围勾选 api。\n"
            "//   2. 把应用 ID 填进下面 backend 的 app_id（或导出时加 --app-id）。\n"
            "//   3. 编辑们要对仓库有推送权限；默认分支受保护时，给他们“维护者”权限或放开保护。\n"
        )
    else:
        steps = (
            f"//   1. 在 {server.base_url} 上：设置 → 应用 → 管理 OAuth2 应用程序 → 创建；\n"
            "//      重定向 URI 填这个文件夹发布后的地址（如 https://gg.example.gov.cn/admin/），\n"
            "//      不勾选“机密客户端”（Confidential Client）。\n"
            "//   2. 把客户端 ID 填进下面 backend 的 app_id（或导出时加 --app-id）。\n"
            "//   3. Gitea 须为 1.20 以上，并在 app.ini 的 [cors] 里 ENABLED = true、ALLOW_DOMAIN 写上这个文件夹所在的站点。\n"
            "//   4. 编辑们要对仓库有写权限。\n"
        )
    return (
        "// 稿件编辑台的配置：由 reformpress edit --export 从站点生成，请勿手改（改站点后重新导出）。\n"
        f"// 编辑台直接读写 {where} 仓库 {server.repo} 的 {server.branch} 分支：每次“保存”就是一次提交，\n"
        "// 提交后 CI 自动构建网站，并运行 reformpress check --strict 检查稿件（见 docs/deploy.md）；\n"
        "// 检查的结果在 CI 的流水线里看，有错误时网站不更新。\n"
        f"// 登录用 {where} 账号（OAuth，PKCE，不需要服务器端密钥）。设置方法：\n"
        + steps
        + "// 稿件的表单与 .md 文件之间的转换由 desk/casefile.js 在浏览器里完成：只改动编辑过的字段和栏目，\n"
        "// 未改动的稿件保存后一字不差。\n"
    )


README = """稿件编辑台（服务器版）
======================

这个文件夹是 reformpress 的稿件编辑台，连接 {where} 仓库 {repo}（{branch} 分支）：
  {base_url}

把整个文件夹发布到网站的一个目录（如 /admin/），或放在内网的任一网页服务器上，用浏览器打开
index.html 所在的地址，用 {where} 账号登录即可写稿、改稿。

- 保存 = 向 {branch} 分支提交一次：CI 在推送后自动构建网站，并运行
  reformpress check --strict 检查稿件；检查不通过时网站不更新，错误在 CI 流水线里看。
- 登录所需的 OAuth 应用的设置方法写在 desk-config.js 开头的注释里。
- 新稿件请填写“网址名”（标题的拼音），它也是文件名；编号与已有稿件不要重复。
- 上传的图片请用英文或拼音命名（如 xiadang-center.jpg）。
- 修改 site.yaml 的栏目或地区后，请重新运行：
  reformpress edit --export {folder} --backend {backend} --repo {repo} ...

本文件夹由 reformpress edit --export 生成；decap/ 里是 Decap CMS（MIT 许可，见 decap/LICENSE）。
"""


def _page(title: str, lang: str, server: GitServer) -> str:
    from html import escape

    hosts = " ".join(server.origins())
    csp = (
        f"default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data: {hosts}; "
        f"connect-src 'self' blob: data: {hosts}; font-src 'self' data:; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; object-src 'none'"
    )
    return f"""<!doctype html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="Content-Security-Policy" content="{escape(csp, quote=False)}">
<meta name="referrer" content="no-referrer">
<title>稿件编辑台 · {escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="desk/desk.css">
<script src="desk/boot.js"></script>
<script src="decap/decap-cms.js"></script>
<script src="desk-config.js"></script>
<script src="desk/casefile.js"></script>
<script src="desk/server-desk.js" defer></script>
</head>
<body>
</body>
</html>
"""


def export_desk(root: Path, folder: Path, server: GitServer) -> list[Path]:
    """Write the desk for ``server`` into ``folder`` (made if missing); the files written."""
    from .server import series_infos

    config = load_config(root / "site.yaml")
    if folder.exists() and any(folder.iterdir()) and not (folder / "desk-config.js").is_file():
        raise ExportRefused(f"{folder} 已有别的文件：请换一个空文件夹（重新导出时用原来的文件夹即可）")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(rel: str, data: bytes | str) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        written.append(path)

    settings = {"format": FORMAT, "config": export_config(config, series_infos(root), server), "casefile": casefile_settings(config)}
    write("desk-config.js", _comments(server) + "window.REFORMPRESS_DESK = " + json.dumps(settings, ensure_ascii=False, indent=1) + ";\n")
    write("index.html", _page(config.title, config.language, server))
    where = "GitLab" if server.backend == "gitlab" else "Gitea"
    write("README.txt", README.format(where=where, repo=server.repo, branch=server.branch, base_url=server.base_url, folder=folder.name, backend=server.backend))
    package = resources.files("reformpress.desk")
    for name in OWN_SCRIPTS:
        write(f"desk/{name}", (package / "static" / name).read_bytes())
    bundle = folder / "decap"
    if bundle.exists():
        shutil.rmtree(bundle)
    for item in (package / "decap").iterdir():
        if item.is_file():
            write(f"decap/{item.name}", item.read_bytes())
    return written
