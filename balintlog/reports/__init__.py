"""Year reports for supervision: :mod:`.model` computes a :class:`~.model.Report`
from domain objects (pure functions, no I/O); :mod:`.terminal`,
:mod:`.markdown` and :mod:`.html` render it; ``Report.to_json()`` is the JSON
shape ``balintlog.report/1``."""
