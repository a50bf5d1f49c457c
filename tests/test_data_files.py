"""The shipped data files load and are checked: a misspelt key or a wrong type is an error
naming the file and the key, never a rule silently switched off."""
from __future__ import annotations

import copy
import tomllib
from importlib import resources
from typing import Any

import pytest

from cf.summarise.data_files import DataFileError, load_data, validate


def _raw(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("cf.summarise").joinpath(name).read_text("utf-8"))


@pytest.mark.parametrize("name", ["lexicon.toml", "traits.toml", "story.toml"])
def test_shipped_files_fit_their_schemas(name: str) -> None:
    assert load_data(name)


def test_a_misspelt_rule_key_is_named() -> None:
    data = copy.deepcopy(_raw("lexicon.toml"))
    data["rules"]["deeling"] = data["rules"].pop("dealing")
    with pytest.raises(DataFileError, match=r"^lexicon\.toml: rules\.deeling: unknown key$"):
        validate("lexicon.toml", data)


def test_a_wrong_type_is_named() -> None:
    data = copy.deepcopy(_raw("lexicon.toml"))
    data["rules"]["negator_reach"] = "twelve"
    with pytest.raises(DataFileError, match=r"rules\.negator_reach: expected a number, got str"):
        validate("lexicon.toml", data)
    data = copy.deepcopy(_raw("lexicon.toml"))
    data["cues"]["pos"]["strong"]["phrases"].append(3)
    with pytest.raises(DataFileError, match=r"cues\.pos\.strong\.phrases: expected a list of strings"):
        validate("lexicon.toml", data)


def test_an_unknown_category_or_tier_is_named() -> None:
    data = copy.deepcopy(_raw("lexicon.toml"))
    data["cues"]["praise"] = {"phrases": ["lovely"], "weight": 1.0}
    with pytest.raises(DataFileError, match=r"cues\.praise: unknown key"):
        validate("lexicon.toml", data)
    data = copy.deepcopy(_raw("lexicon.toml"))
    data["cues"]["pos"]["srong"] = data["cues"]["pos"].pop("strong")
    with pytest.raises(DataFileError, match=r"cues\.pos\.srong: unknown key"):
        validate("lexicon.toml", data)


def test_a_phrase_in_two_categories_is_named() -> None:
    data = copy.deepcopy(_raw("lexicon.toml"))
    data["cues"]["neg"]["mid"]["phrases"].append("Highly Effective")  # folded as matched
    data["cues"]["pos"]["strong"]["phrases"].append("highly effective")
    with pytest.raises(DataFileError, match=r'"highly effective" is also under cues\.'):
        validate("lexicon.toml", data)


def test_a_pattern_that_expands_onto_another_categorys_phrase_is_named() -> None:
    data = copy.deepcopy(_raw("lexicon.toml"))
    data["cues"]["goal"]["patterns"].append("?quite not")  # "not" is a negator's
    with pytest.raises(DataFileError, match=r'cues\.(goal|negator): "not" is also under'):
        validate("lexicon.toml", data)


def test_traits_and_story_are_checked_too() -> None:
    traits = copy.deepcopy(_raw("traits.toml"))
    traits["traits"]["points_back"]["phrase"] = ["this"]
    with pytest.raises(DataFileError, match=r"^traits\.toml: traits\.points_back\.phrase: unknown key$"):
        validate("traits.toml", traits)
    story = copy.deepcopy(_raw("story.toml"))
    story["bullets"]["max_words"] = "45"
    with pytest.raises(DataFileError, match=r"^story\.toml: bullets\.max_words: expected a whole number, got str$"):
        validate("story.toml", story)
    story = copy.deepcopy(_raw("story.toml"))
    story["headlines"] = story.pop("headline")
    with pytest.raises(DataFileError, match=r"^story\.toml: headlines: unknown key$"):
        validate("story.toml", story)
