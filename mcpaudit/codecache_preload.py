"""Imported first by the cst engine's fork server (:func:`mcpaudit.engines.cst._mp_context`): its
import of the analysis then takes the compiled dataclass methods from the table
(:mod:`mcpaudit.codecache`), as the scanning process does. The fork server never writes it."""

from . import regexcache
from .codecache import install

install(write=False)
regexcache.install(write=False)
