"""Argument-injection flows shown in the audit view only (low confidence), and why.

A caller's value in an argument list is reported as argument injection when it can start with
'-' and be read as an option. Two shapes leave that open without making it likely:

* the value passed an existence test on the way (``if not os.path.exists(p): return``): an
  option-looking value only gets this far when a file or folder of that exact name exists in
  the working folder; a real but weak guard (a caller who can create such a file gets past it);
* the value was placed right after a constant long option (``--output <value>``) of a program
  the process models do not describe, that is no usual switch (``long_value_option``: not
  ``--no-x``, not ``--verbose``): the usual parsers read such an option's value whole, '-' or
  not, as in a list that does not name its program (``option_operand``); kept for the audit view
  with the option named. A short option stays open (``-v``, ``-i``, ``-l`` are flags in most
  tools, ``-f`` is a file in some and force in others): a described program's table decides.

:func:`lowered` also applies the fixed-name read rule of fixednames.py, so the linker has one
place where a finding's confidence is lowered after its flow was read.
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

from ..catalog import catalog
from ..models import Confidence
from .argarity import ARITY
from .compprefix import makes_dir, note as prefix_note, prefix_of
from .fixednames import NOTE as FIXED_NOTE, is_fixed
from .digestnames import NOTE as DIGEST_NOTE, is_digest_named
from .modprefix import submodule_only
from .taintvalue import ARGV_OPERAND, Info, long_value_option

#: in ``clean`` (not a family): the value passed an existence test (``os.path.exists(p)``,
#: ``Path(p).is_file()``; the models' ``local-tests``) on this path
EXISTS = "~exists"

EXISTS_NOTE = ("audit view: it must name an existing file or folder first (an existence test on the way), "
               "so an option-looking value needs a file of that exact name")


#: removals of a folder or file (kept at their confidence when digest-named: digestnames.py)
_REMOVES = re.compile(r"(?:^|\.)(?:rmtree|rmdir|removedirs|remove|unlink)\(")


def described(prog: str) -> bool:
    """Whether the process models list value options of ``prog`` (or of a command of it)."""
    known = catalog().python.option_operands
    prog = prog.rsplit("/", 1)[-1]
    return bool(prog) and (prog in known or any(k.startswith(prog + " ") for k in known))


def unknown_option(info: Info, program: Optional[str]) -> Optional[str]:
    """The long option (``"apktool --output"``) a value was placed right after, on every way it
    was placed, when no model describes the program there: ``program`` is the sink's (None or
    "" when the sink does not know it, then the first word before the option in the list)."""
    flags = catalog().python.flag_options
    marks = [c[len(ARGV_OPERAND):].partition("\x1f") for c in info.clean if c.startswith(ARGV_OPERAND)]
    if not marks:
        return None
    shown = []
    for first, _, opt in marks:
        prog = (program or first or "").rsplit("/", 1)[-1]
        if not long_value_option(opt) or opt in flags or (prog and described(prog)) or (not program and first and _described_command(first)):
            return None
        shown.append(f"{prog} {opt}" if prog else opt)
    return shown[0]


def _described_command(word: str) -> bool:
    """A word that is a command of a described program (``get`` of kubectl): a list without its
    program whose runner is not known here may be that program's."""
    return any(k.partition(" ")[2].split(" ")[0] == word for k in catalog().python.option_operands)


def lowered(fam: str, sink, info: Info, conf: Confidence, msg: str) -> Tuple[Confidence, str]:
    """The confidence and message of a finding after the flow-specific lowering rules."""
    if fam == "path" and sink.truth_read and is_fixed(info):
        return Confidence.LOW, f"{msg} ({FIXED_NOTE})"  # fixednames.py
    if fam == "path" and is_digest_named(info) and not makes_dir(sink) and not _REMOVES.search(sink.sink):
        return Confidence.LOW, f"{msg} ({DIGEST_NOTE})"  # cache / f"{md5(k).hexdigest()}.cache": digestnames.py
    if submodule_only(fam, sink):
        return Confidence.LOW, msg  # import_module(f"pkg.{name}"): modprefix.py
    if fam == "path" and prefix_of(info) and not info.resolved and not makes_dir(sink):
        return Confidence.LOW, f"{msg} ({prefix_note(prefix_of(info))})"  # f"clean_{x}.log": compprefix.py
    if fam != "argument":
        return conf, msg
    if EXISTS in info.clean:
        return Confidence.LOW, f"{msg} ({EXISTS_NOTE})"
    short = next((c[len(ARITY):] for c in info.clean if c.startswith(ARITY)), None)
    if short:  # helm get all NAME: one positional short as an option (argarity.py)
        return Confidence.LOW, f"{msg} ({short})"
    opt = unknown_option(info, getattr(sink, "program", None))
    if opt:
        return Confidence.LOW, (f"{msg} (audit view: it is placed right after '{opt}', which the models do not "
                                f"describe; if that option takes a value, this is its value, never an option)")
    return conf, msg


__all__ = ["EXISTS", "EXISTS_NOTE", "described", "lowered", "prefix_of", "unknown_option"]
