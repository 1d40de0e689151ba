"""Everything extraction loads lazily, loaded at once.

The extraction worker pool imports this module in its fork server, so that each worker starts
with the lexicons compiled and the date and number libraries imported, instead of paying for
them on its first report. Importing it anywhere else only makes the first extraction faster.
"""

from __future__ import annotations

import dateparser  # noqa: F401 - imported for its side effect: the date parser's data is loaded
import number_parser  # noqa: F401
import text_to_num  # noqa: F401

from etl.extract.language import language
from etl.lexicon import available_languages

for _code in available_languages():
    language(_code)
