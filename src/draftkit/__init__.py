"""draftkit: draft and check data-heavy annual reports (职业教育质量年度报告) with an LLM.

The library is organised one module (or subpackage) per pipeline stage:
``config``, ``data``, ``corpus``, ``spec``, ``draft``, ``assemble``, ``check``; ``cli`` is a
thin wrapper over them.
"""

from .errors import *  # noqa: F401,F403
from .errors import __all__ as _errors_all

__version__ = "0.1.0"
__all__ = ["__version__", *_errors_all]
