"""Whether a constant string written in the code is a secret by its value, not by its name.

Secrets are read by origin: a name holding ``TOKEN`` or ``API_KEY`` marks a value as a secret
only when it can hold one. A module constant whose literal is prose - a sentence telling the user
that no token was set (``MISSING_AUTH_TOKEN_MESSAGE = "Sentry authentication token not found.
Please ..."``) - holds no credential, whatever its name. A literal with a credential's shape (one
word, or a sentence carrying a long random word or a known key prefix) still does.
Shared by the TypeScript linker (``ts/logorigin.py``) and the Python engine.
"""

from __future__ import annotations

import re

#: one word a credential is made of: long, letters and digits, base64/url-safe characters only
_RANDOM_WORD = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-+/=]{20,}$")
#: prefixes of well-known key formats (OpenAI/Anthropic/Stripe, GitHub, Slack, AWS, JWT, PEM)
_KEY_PREFIX = re.compile(r"^(sk-|sk_|pk_|rk_|ghp_|gho_|ghs_|github_pat_|xox[abpr]-|AKIA|ASIA|eyJ|-----BEGIN)")


def credential_word(word: str) -> bool:
    """A word shaped like a credential (a long random token, a known key prefix)."""
    w = word.strip("\"'`()[]{}<>,;:!?")
    return bool(w) and (bool(_KEY_PREFIX.match(w)) or bool(_RANDOM_WORD.match(w)))


def prose_literal(value: str) -> bool:
    """A literal that is a sentence (several words) with no credential-shaped word in it."""
    words = value.split()
    return len(words) >= 3 and not any(credential_word(w) for w in words)


__all__ = ["credential_word", "prose_literal"]
