"""Lighthouse on the example site served by nginx with the block of docs/deploy.md.

    python bench/lighthouse.py [--runs N] [--json FILE]

Builds the example into a scratch folder for http://127.0.0.1:<port>/gg/, serves it with Debian's nginx
and the documented block (tests/kit/nginx.py), and runs npm ``lighthouse`` (package.json; Debian's
Chromium, headless, mobile preset, simulated throttling) on the home, report and search pages. Prints
each category's score and CLS, TBT, LCP and FCP, the median of ``--runs`` runs. Lighthouse takes
10-20 s a page here, which is why this is a script and not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reformpress.pipeline import BuildRequest, build
from tests.kit.nginx import DEPLOY_ROOT, Nginx, deploy_nginx_block, free_port
from tests.kit.site import copy_example

PAGES = {"home": "", "article": "ningde-reform/16-sixia-jiceng/", "search": "search/?q=四下基层"}
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"CLS": "cumulative-layout-shift", "TBT": "total-blocking-time", "LCP": "largest-contentful-paint", "FCP": "first-contentful-paint"}


def audit(url: str, folder: Path) -> dict[str, float]:
    """One Lighthouse run: category scores (0-100) and the metrics (CLS unitless, the others in ms)."""
    report = folder / "report.json"
    keep = os.environ.get("LIGHTHOUSE_KEEP")  # a folder for the whole reports, to read what an audit found
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        check=True,
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        timeout=180,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / (url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] + ".json")).write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
    result = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    result |= {name: data["audits"][key]["numericValue"] for name, key in METRICS.items()}
    failing = [a["id"] for a in data["audits"].values() if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
    result["failing"] = failing  # type: ignore[assignment]
    return result


def main() -> None:
    """Build, serve, audit each page ``--runs`` times and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse is missing: run `bash scripts/setup.sh` (npm ci installs it from package-lock.json)")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        port = free_port()
        root = copy_example(folder / "site")
        output = folder / "www" / "output"
        build(BuildRequest(root, output, base_url=f"http://127.0.0.1:{port}/gg/"))
        figures = {}
        with Nginx(folder / "nginx", port, deploy_nginx_block().replace(DEPLOY_ROOT, f"{output}/")) as nginx:
            for name, path in PAGES.items():
                runs = [audit(f"{nginx.origin}/gg/{path}", folder) for _ in range(args.runs)]
                median = {key: statistics.median(run[key] for run in runs) for key in (*CATEGORIES, *METRICS)}
                median["failing"] = sorted({a for run in runs for a in run["failing"]})
                figures[name] = median
                scores = " ".join(f"{key} {median[key]:.0f}" for key in CATEGORIES)
                print(f"{name:8} {scores}  CLS {median['CLS']:.3f}  TBT {median['TBT']:.0f} ms  LCP {median['LCP']:.0f} ms  FCP {median['FCP']:.0f} ms", flush=True)
                if median["failing"]:
                    print(f"         below 0.9: {', '.join(median['failing'])}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
