import pytest

from cf.models import Style


def test_style_rejects_unknown_keys():
    with pytest.raises(ValueError, match="unknown"):
        Style.from_mapping({"bulets": 3})


def test_style_accepts_known_keys():
    assert Style.from_mapping({"max_bullets": 6}).max_bullets == 6
