"""The data model shared by every stage of the pipeline (docs/design.md)."""
from cf.models.analysis import Assessment, Label, Sentence
from cf.models.letter import (
    Block,
    BlockKind,
    Extraction,
    Inspector,
    Judgements,
    Kind,
    Letter,
    Metadata,
    Previous,
    Section,
    Source,
)
from cf.models.result import Result
from cf.models.style import Style
from cf.models.summary import DraftFinding, Finding, Summary

__all__ = [
    "Assessment", "Block", "BlockKind", "DraftFinding", "Extraction", "Finding", "Inspector", "Judgements", "Kind",
    "Label", "Letter", "Metadata", "Previous", "Result", "Section", "Sentence", "Source", "Style",
    "Summary",
]
