"""What the package declares about itself: the Python it needs, its licence, where it lives."""

from __future__ import annotations

import re
import sys
from importlib.metadata import metadata
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _minimum(spec: str) -> tuple:
    m = re.fullmatch(r"\s*>=\s*(\d+)\.(\d+)\s*", spec)
    assert m, f"requires-python should be a plain lower bound, got {spec!r}"
    return int(m.group(1)), int(m.group(2))


def test_requires_python_is_what_semgrep_needs():
    ours = _minimum(PYPROJECT["requires-python"])
    semgrep = _minimum(metadata("semgrep")["Requires-Python"])
    assert ours >= semgrep, f"semgrep needs Python {semgrep}, pyproject says {ours}"
    assert ours == (3, 10)
    # every advertised Python version is one we can install on
    versions = [tuple(map(int, c.rsplit(" ", 1)[1].split("."))) for c in PYPROJECT["classifiers"]
                if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    assert versions and min(versions) == ours


def test_licence_file_is_the_declared_apache_2():
    assert PYPROJECT["license"] == "Apache-2.0"
    assert PYPROJECT["license-files"] == ["LICENSE"]
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text


def test_project_urls_and_classifiers():
    urls = PYPROJECT["urls"]
    assert {"Homepage", "Repository", "Issues"} <= set(urls)
    assert all(u.startswith("https://") for u in urls.values())
    assert "Topic :: Security" in PYPROJECT["classifiers"]


def test_readme_recommends_an_isolated_install_and_says_why():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pipx install ." in readme and "uv tool install ." in readme
    assert "mcp==1.29.0" in readme  # the reason: semgrep's pins
    assert "Python 3.10" in readme and "3.9" not in readme


def test_ci_runs_exactly_the_readme_test_command_after_installing_the_browser():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(python3 -m venv .*)\n```", readme)
    assert len(commands) == 2 and "pytest" in commands[1] and "mcpaudit scan fixtures/vulnerable" in commands[0]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == commands[1]
    assert "chromium chromium-driver" in ci and ci.index("chromium-driver") < ci.index(commands[1])
    assert "export CI=" in ci
