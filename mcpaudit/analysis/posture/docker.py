"""Docker facts: how the server's image is built.

Decides ``docker.present``, ``docker.non_root``, ``docker.pinned_base``, ``docker.minimal_base``,
``docker.secrets_in_env``, ``docker.add_url`` and ``docker.healthcheck`` from every Dockerfile/
Containerfile (its instructions, line continuations joined, comments dropped; build ``ARG``
defaults substituted into ``FROM``): the base image of each stage (digest, tag, ``latest``), the
``USER`` and ``HEALTHCHECK`` of the final stage (a compose ``healthcheck:`` also counts), the base
image of the final stage (slim/alpine/distroless...), secret-looking ``ENV``/``ARG`` names, and
``ADD`` from a URL. All are null without a Dockerfile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from ...sources import split_lines
from .context import Context
from .evidence import Evidence

_SECRET_KEY = re.compile(r"passw(?:or)?d|passwd|secret|token|api_?key|apikey|private_?key|access_?key|credential|auth_?key", re.I)
_SECRET_KEY_SAFE = re.compile(r"_(?:FILE|PATH|DIR|URL|URI|NAME|TTL|EXPIRY|EXPIRES)$", re.I)
_DEFAULT_NON_ROOT = re.compile(r"nonroot|cgr\.dev/chainguard|chainguard/", re.I)
_MINIMAL = re.compile(r"distroless|slim|alpine|scratch|chainguard|cgr\.dev|wolfi|ubi\d*-?m(?:icro|inimal)|busybox|minimal", re.I)
_ADD_URL = re.compile(r"(?:^|\s)(?:https?|ftp)://")
_COMPOSE_HEALTHCHECK = re.compile(r"^\s*healthcheck:\s*$")

_IMAGE_FACTS = ("docker.non_root", "docker.pinned_base", "docker.minimal_base",
                "docker.secrets_in_env", "docker.add_url", "docker.healthcheck")


# --------------------------------------------------------------------------- Dockerfile parsing


@dataclass
class _Instr:
    cmd: str
    args: str
    line: int


@dataclass
class _Stage:
    image: str
    name: Optional[str]
    line: int
    user: Optional[Tuple[str, int]] = None
    healthcheck: Optional[Tuple[str, int]] = None


@dataclass
class _Dockerfile:
    instructions: List[_Instr]
    stages: List[_Stage]


def _instruction(buf: str, line: int) -> _Instr:
    parts = buf.strip().split(None, 1)
    return _Instr(parts[0].upper(), parts[1] if len(parts) > 1 else "", line)


def _instructions(text: str) -> List[_Instr]:
    instrs: List[_Instr] = []
    buf = ""
    start = 0
    for i, raw in enumerate(split_lines(text), 1):
        line = raw.rstrip()
        if not buf and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if buf and line.lstrip().startswith("#"):
            continue
        if not buf:
            start = i
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        instrs.append(_instruction(buf, start))
        buf = ""
    if buf.strip():
        instrs.append(_instruction(buf, start))
    return instrs


def _parse_dockerfile(text: str) -> _Dockerfile:
    instrs = _instructions(text)
    args: Dict[str, str] = {}
    stages: List[_Stage] = []
    for ins in instrs:
        if ins.cmd == "ARG" and not stages:
            for k, v in _env_pairs("ARG", ins.args):
                args[k] = v
        elif ins.cmd == "FROM":
            toks = [t for t in ins.args.split() if not t.startswith("--")]
            image = toks[0] if toks else ""
            image = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), image)
            name = toks[2] if len(toks) >= 3 and toks[1].lower() == "as" else None
            stages.append(_Stage(image, name, ins.line))
        elif ins.cmd == "USER" and stages:
            stages[-1].user = (ins.args.strip(), ins.line)
        elif ins.cmd == "HEALTHCHECK" and stages:
            stages[-1].healthcheck = (ins.args.strip(), ins.line)
    return _Dockerfile(instrs, stages)


def _env_pairs(cmd: str, args: str) -> List[Tuple[str, str]]:
    args = args.strip()
    if not args:
        return []
    if cmd == "ENV" and "=" not in args.split(None, 1)[0]:
        key, _, val = args.partition(" ")
        return [(key, val.strip())]
    out = []
    for m in re.finditer(r"([A-Za-z_][\w.-]*)(?:=(\"[^\"]*\"|'[^']*'|\S*))?", args):
        out.append((m.group(1), m.group(2) or ""))
    return out


# --------------------------------------------------------------------------- the facts


class _Found:
    """Evidence for the image facts, gathered over every Dockerfile."""

    def __init__(self) -> None:
        self.present, self.secrets, self.add_url = Evidence(), Evidence(), Evidence()
        self.nonroot_ok, self.nonroot_bad = Evidence(), Evidence()
        self.pin_digest, self.pin_tag, self.pin_bad = Evidence(), Evidence(), Evidence()
        self.minimal_ok, self.minimal_bad = Evidence(), Evidence()
        self.hc_ok, self.hc_bad = Evidence(), Evidence()
        self.notes: Dict[str, List[str]] = {"non_root": [], "pinned": [], "secrets": []}


def _base_images(path: str, df: _Dockerfile, found: _Found) -> None:
    stage_names = {s.name for s in df.stages if s.name}
    for st in df.stages:
        img = st.image
        if img.lower() == "scratch" or img in stage_names:
            continue
        if "@sha256:" in img:
            found.pin_digest.add(path, st.line)
        else:
            ref = img.rsplit("/", 1)[-1]
            if ":" in ref and not ref.endswith(":latest") and "$" not in ref:
                found.pin_tag.add(path, st.line)
                found.notes["pinned"].append(f"{img} (tag, no digest)")
            else:
                found.pin_bad.add(path, st.line)
                found.notes["pinned"].append(f"{img} (unpinned)")


def _final_stage(path: str, df: _Dockerfile, found: _Found) -> None:
    stage_names = {s.name for s in df.stages if s.name}
    final = df.stages[-1]
    base = final.image
    if base in stage_names:  # FROM builder AS final: inherit that stage's base
        for st in df.stages:
            if st.name == base:
                base = st.image
    user = final.user
    if user is None:
        if _DEFAULT_NON_ROOT.search(base):
            found.nonroot_ok.add(path, final.line)
        else:
            found.nonroot_bad.add(path, final.line)
            found.notes["non_root"].append(f"{path}: no USER in the final stage (runs as root)")
    elif user[0].split(":")[0].strip().lower() in ("root", "0"):
        found.nonroot_bad.add(path, user[1])
        found.notes["non_root"].append(f"{path}: USER {user[0]}")
    else:
        found.nonroot_ok.add(path, user[1])
    (found.minimal_ok if _MINIMAL.search(base) else found.minimal_bad).add(path, final.line)
    if final.healthcheck is not None and not final.healthcheck[0].upper().startswith("NONE"):
        found.hc_ok.add(path, final.healthcheck[1])
    else:
        found.hc_bad.add(path, final.line)


def _env_and_add(path: str, df: _Dockerfile, found: _Found) -> None:
    for ins in df.instructions:
        if ins.cmd in ("ENV", "ARG"):
            for key, val in _env_pairs(ins.cmd, ins.args):
                if _SECRET_KEY.search(key) and not _SECRET_KEY_SAFE.search(key) \
                        and (ins.cmd == "ARG" or val.strip("\"' ")):
                    found.secrets.add(path, ins.line)
                    found.notes["secrets"].append(f"{ins.cmd} {key}")
        elif ins.cmd == "ADD" and _ADD_URL.search(ins.args):
            found.add_url.add(path, ins.line)


def decide(ctx: Context) -> None:
    """Set the Docker facts (null, except ``docker.present``, without a Dockerfile)."""
    if not ctx.docker:
        for fid in _IMAGE_FACTS:
            ctx.set(fid, None, note="no Dockerfile")
        ctx.set("docker.present", False)
        return
    found = _Found()
    compose_hc = ctx.grep_other(_COMPOSE_HEALTHCHECK, kinds={"yaml"})
    for path, text in ctx.docker.items():
        found.present.add(path, 1)
        df = _parse_dockerfile(text)
        if not df.stages:
            continue
        _base_images(path, df, found)
        _final_stage(path, df, found)
        _env_and_add(path, df, found)
    notes = found.notes
    ctx.set("docker.present", True, found.present)
    ctx.set("docker.non_root", not found.nonroot_bad, found.nonroot_bad or found.nonroot_ok, "; ".join(notes["non_root"]))
    if found.pin_bad:
        ctx.set("docker.pinned_base", False, found.pin_bad, "; ".join(notes["pinned"]))
    elif found.pin_tag:
        ctx.set("docker.pinned_base", "partial", found.pin_tag, "; ".join(notes["pinned"]))
    else:
        ctx.set("docker.pinned_base", True, found.pin_digest, "base images pinned by digest")
    ctx.set("docker.minimal_base", not found.minimal_bad, found.minimal_bad or found.minimal_ok)
    ctx.set("docker.secrets_in_env", bool(found.secrets), found.secrets,
            ("secret-looking build args/env: " + ", ".join(dict.fromkeys(notes["secrets"]))) if found.secrets else "")
    ctx.set("docker.add_url", bool(found.add_url), found.add_url, "ADD downloads from a URL" if found.add_url else "")
    hc_ok, hc_bad = found.hc_ok, found.hc_bad
    if hc_bad and compose_hc:
        hc_ok.update(compose_hc)
        hc_bad = Evidence()
    ctx.set("docker.healthcheck", not hc_bad, hc_bad or hc_ok, "" if not hc_bad else "no HEALTHCHECK in the final stage")
