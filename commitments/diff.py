"""What changed between two versions of the charter, section by section and word by word.

Pure functions over two ``CharterVersion`` objects (read with ``with_contents()``, so no query
is made here): no database writes, no request. Sections (principles and commitments) are matched
across versions by their ``key``, which a draft copies from the version it starts from
(``services.charter_version_draft``); statements within a section are matched by their place in
the list and how alike they are, and a statement that changed is compared word by word with
Python's ``difflib`` (Ratcliff/Obershelp matching).
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

from .models import CharterVersion

Change = Literal["added", "removed", "changed", "unchanged"]
WordChange = Literal["equal", "inserted", "deleted"]

# Words, runs of spaces and single punctuation marks: "We will, at once" ->
# ["We", " ", "will", ",", " ", "at", " ", "once"]. Punctuation alone is a token so that
# "council" -> "councils," marks the word and the comma, not a whole new word.
_TOKEN = re.compile(r"\s+|[\w'’-]+|[^\w\s]", re.UNICODE)

# Two statements in the same place that share at least this share of their words (difflib's
# ratio, 0 to 1) are one statement changed; less alike, one was removed and another added.
ALIKE = 0.5

GROUPS = [("principles", "Principles"), ("commitments", "Commitments")]


@dataclass(frozen=True)
class Words:
    """A run of text and whether it is in both versions (``equal``), only the later
    (``inserted``) or only the earlier (``deleted``)."""

    text: str
    change: WordChange


@dataclass(frozen=True)
class StatementDiff:
    """One statement: ``old`` and ``new`` texts ("" where absent) and, for a changed one, the
    runs of words (``words``) that read as the new text with the deletions shown."""

    change: Change
    old: str
    new: str
    words: tuple[Words, ...] = ()


@dataclass
class SectionDiff:
    """One principle or commitment across two versions. ``group`` is "principles" or
    "commitments"; ``title`` the later title (the earlier one when removed); ``title_words``
    is set when the title changed."""

    group: str
    key: str
    title: str
    change: Change
    old_title: str = ""
    title_words: tuple[Words, ...] = ()
    statements: list[StatementDiff] = field(default_factory=list)

    def statement_counts(self) -> dict[str, int]:
        """``{"added": n, "removed": n, "changed": n, "unchanged": n}`` for its statements."""
        counts = dict.fromkeys(("added", "removed", "changed", "unchanged"), 0)
        for statement in self.statements:
            counts[statement.change] += 1
        return counts


@dataclass
class VersionDiff:
    """What changed from version ``old`` to version ``new``: every section of either, in the
    later version's order (a removed section where it stood in the earlier one)."""

    old: CharterVersion
    new: CharterVersion
    sections: list[SectionDiff]

    @property
    def same_version(self) -> bool:
        return self.old.pk == self.new.pk

    def counts(self) -> dict[str, int]:
        """``{"added", "removed", "changed", "unchanged"}``: how many sections of each."""
        counts = dict.fromkeys(("added", "removed", "changed", "unchanged"), 0)
        for section in self.sections:
            counts[section.change] += 1
        return counts

    def groups(self) -> list[tuple[str, str, list[SectionDiff], list[SectionDiff]]]:
        """``[(group, heading, sections that changed, sections that did not)]``: principles,
        then commitments (added, removed and changed sections count as changed)."""
        return [
            (
                group,
                heading,
                [s for s in self.sections if s.group == group and s.change != "unchanged"],
                [s for s in self.sections if s.group == group and s.change == "unchanged"],
            )
            for group, heading in GROUPS
        ]

    @property
    def has_changes(self) -> bool:
        return any(s.change != "unchanged" for s in self.sections)


def tokens(text: str) -> list[str]:
    """``text`` cut into words, runs of spaces and punctuation marks; joined, they are
    ``text`` again."""
    return _TOKEN.findall(text)


def words_diff(old: str, new: str) -> tuple[Words, ...]:
    """The runs of ``old`` and ``new`` word by word: equal runs, and where they differ the
    deleted words before the inserted ones. Joining the equal and inserted runs gives ``new``;
    the equal and deleted runs, ``old``."""
    a, b = tokens(old), tokens(new)
    runs: list[Words] = []

    def add(text: str, change: WordChange) -> None:
        if not text:
            return
        if runs and runs[-1].change == change:
            runs[-1] = Words(runs[-1].text + text, change)
        else:
            runs.append(Words(text, change))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("".join(a[i1:i2]), "equal")
        else:
            add("".join(a[i1:i2]), "deleted")
            add("".join(b[j1:j2]), "inserted")
    return tuple(runs)


def _words(text: str) -> list[str]:
    return [t.casefold() for t in tokens(text) if t[0].isalnum()]


def _alike(old: str, new: str) -> bool:
    # Words only: shared spaces and full stops would make any two sentences look alike.
    matcher = difflib.SequenceMatcher(None, _words(old), _words(new), autojunk=False)
    return matcher.ratio() >= ALIKE


def statements_diff(old: list[str], new: list[str]) -> list[StatementDiff]:
    """Each statement of ``old`` and ``new`` (lists of sentences) as unchanged, changed (with
    its words), removed or added, in the later order with removed ones where they stood."""
    result: list[StatementDiff] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [StatementDiff("unchanged", s, s) for s in old[i1:i2]]
            continue
        came = new[j1:j2]
        # Each earlier statement pairs with the next later one alike enough (an edited
        # sentence, not a new one); the later ones it passes over were added before it.
        j = 0
        for before in old[i1:i2]:
            match = next((k for k in range(j, len(came)) if _alike(before, came[k])), None)
            if match is None:
                result.append(StatementDiff("removed", before, ""))
                continue
            result += [StatementDiff("added", "", s) for s in came[j:match]]
            after = came[match]
            result.append(StatementDiff("changed", before, after, words_diff(before, after)))
            j = match + 1
        result += [StatementDiff("added", "", s) for s in came[j:]]
    return result


def _section_diff(group: str, old, new) -> SectionDiff:
    if old is None:
        return SectionDiff(
            group,
            new.key,
            new.title,
            "added",
            statements=[StatementDiff("added", "", s) for s in new.statements],
        )
    if new is None:
        return SectionDiff(
            group,
            old.key,
            old.title,
            "removed",
            old_title=old.title,
            statements=[StatementDiff("removed", s, "") for s in old.statements],
        )
    statements = statements_diff(list(old.statements), list(new.statements))
    retitled = old.title != new.title
    lead_in_changed = getattr(old, "lead_in", "") != getattr(new, "lead_in", "")
    changed = retitled or lead_in_changed or any(s.change != "unchanged" for s in statements)
    return SectionDiff(
        group,
        new.key,
        new.title,
        "changed" if changed else "unchanged",
        old_title=old.title,
        title_words=words_diff(old.title, new.title) if retitled else (),
        statements=statements,
    )


def _group_diff(group: str, old_sections: list, new_sections: list) -> list[SectionDiff]:
    old_by_key = {s.key: s for s in old_sections}
    new_keys = {s.key for s in new_sections}
    # A removed section follows the section before it in the earlier version, where that one
    # is still there; otherwise it comes first.
    removed_after: dict[str | None, list] = {}
    previous = None
    for section in old_sections:
        if section.key not in new_keys:
            removed_after.setdefault(previous, []).append(section)
        else:
            previous = section.key
    result = [_section_diff(group, s, None) for s in removed_after.get(None, [])]
    for section in new_sections:
        result.append(_section_diff(group, old_by_key.get(section.key), section))
        result += [_section_diff(group, s, None) for s in removed_after.get(section.key, [])]
    return result


def _ordered(sections) -> list:
    return sorted(sections, key=lambda s: (s.order, s.pk or 0))


def version_diff(old: CharterVersion, new: CharterVersion) -> VersionDiff:
    """What changed from ``old`` to ``new`` (either order of numbers is allowed: the result
    reads from ``old`` to ``new``). Reads ``principles`` and ``commitments`` of both, so pass
    versions read with ``CharterVersion.objects.with_contents()`` to make no query."""
    sections: list[SectionDiff] = []
    for group, _ in GROUPS:
        sections += _group_diff(
            group,
            _ordered(getattr(old, group).all()),
            _ordered(getattr(new, group).all()),
        )
    return VersionDiff(old=old, new=new, sections=sections)
