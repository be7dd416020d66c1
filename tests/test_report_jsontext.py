"""The report's JSON text is the standard library's, to the byte."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balintlog.reports import jsontext

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
DATA = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=6) | st.integers() | st.booleans() | st.none(), inner, max_size=4),
    max_leaves=30,
)


@given(DATA)
def test_same_text_as_json_dumps(data: Any) -> None:
    assert jsontext.dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_what_json_has_no_form_for_is_refused() -> None:
    with pytest.raises(TypeError):
        jsontext.dumps({"a": [object()]})
    with pytest.raises(TypeError):
        jsontext.dumps({(1, 2): 3})
