"""The exception hierarchy of draftkit.

Every error a user can cause (bad input, unreachable backend, a file that would be
overwritten) is a :class:`DraftkitError`. The CLI prints ``str(err)`` -- what is wrong,
where, and how to fix it -- without a traceback (unless ``DRAFTKIT_DEBUG=1``).

    DraftkitError
    ├── ConfigError        settings, .env, draftkit.toml, project layout
    ├── DataError          year data (YAML / Excel / CSV tables); has ``location``
    │   └── MissingMetricError   a metric a template or formula needs is absent
    ├── SpecError          prompts/report.yaml and section templates
    ├── CorpusError        corpus parsing, embedding, the vector store
    ├── LLMError           a chat backend failed after its retries
    │   ├── LLMRateLimitError   HTTP 429 (after honouring Retry-After)
    │   └── LLMTimeoutError     no answer within the timeout
    ├── DocumentError      a .docx/.md/.txt/.pdf that cannot be read
    ├── OutputConflictError  writing would overwrite something a person edited
    └── ProjectBusyError   another job (CLI or web) holds the project's lock (draftkit.lock)
"""

from __future__ import annotations

import difflib
from typing import Iterable

__all__ = [
    "close_ids",
    "DraftkitError",
    "ConfigError",
    "DataError",
    "MissingMetricError",
    "SpecError",
    "CorpusError",
    "LLMError",
    "LLMRateLimitError",
    "LLMTimeoutError",
    "DocumentError",
    "OutputConflictError",
    "ProjectBusyError",
]


class DraftkitError(Exception):
    """Base class: a problem the user can fix. ``hint`` says how."""

    def __init__(self, message: str, *, location: str | None = None, hint: str | None = None):
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  → {self.hint}"
        return text


class ConfigError(DraftkitError):
    """Invalid settings or project layout."""


class DataError(DraftkitError):
    """Invalid year data. ``location`` is ``file:line`` or ``file[sheet!cell]``."""

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        hint: str | None = None,
        metric: str | None = None,
    ):
        self.metric = metric
        super().__init__(message, location=location, hint=hint)


class MissingMetricError(DataError):
    """A metric id is referenced (by a formula, template or spec) but not defined."""


class SpecError(DraftkitError):
    """Invalid report spec or section template."""


class CorpusError(DraftkitError):
    """Corpus parsing, embedding or vector-store failure."""


class LLMError(DraftkitError):
    """The chat model failed after all retries."""


class LLMRateLimitError(LLMError):
    """HTTP 429 from the model endpoint, still failing after retries."""


class LLMTimeoutError(LLMError):
    """The model endpoint did not answer within the timeout."""


class DocumentError(DraftkitError):
    """An input document that cannot be read (e.g. a .docx that is not a zip)."""


class OutputConflictError(DraftkitError):
    """An output exists and differs from what draftkit last wrote there."""


class ProjectBusyError(DraftkitError):
    """Another ingest/draft/build job (a CLI run or a web job) is writing this project."""


def close_ids(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` ids a person probably meant by ``word``, for hints: typos first, then ids containing it
    (or contained in it). One rule for every "did you mean" about metric ids."""
    pool = [c for c in choices if c]
    out = difflib.get_close_matches(word, pool, n=n, cutoff=0.75)
    out += [c for c in pool if c not in out and (word in c or c in word)]
    return out[:n]
