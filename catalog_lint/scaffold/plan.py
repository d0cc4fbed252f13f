"""From the guesses (and, with ``--interactive``, the answers) to the values of the file,
and to what ``init`` tells its user: each value, and where it came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from catalog_lint.backstage_formats import is_object_name
from catalog_lint.scaffold.document import LIFECYCLES, Entry, Values
from catalog_lint.scaffold.guess import Guess, Guesses

#: ``ask(field, default, choices)``: the answer to a question (``--interactive``); an
#: empty answer takes the default.
Ask = Callable[[str, str, tuple[str, ...]], str]

FALLBACK_NAME = "my-component"
FALLBACK_OWNER = "change-me"
FALLBACK_TYPE = "service"
#: The comments that tell the author what was not known.
LIFECYCLE_COMMENT = "set it: experimental, production or deprecated (catalog-lint init cannot tell)"
OWNER_COMMENT = "set it: the Group that answers for this (no CODEOWNERS owner found)"
TYPE_COMMENT = "check it: service, website or library (no Dockerfile or manifest said)"


@dataclass(frozen=True)
class Line:
    """One line of what ``init`` says: a field, its value and where it came from."""

    field: str
    value: str
    source: str


def decide(guesses: Guesses, ask: Ask | None, *, port: bool = False
           ) -> tuple[Values, list[Line]]:
    """The values, and a line for each saying where it came from. ``port``: the lines
    name what a Port entity holds (the repository's URL, not Backstage annotations)."""
    lines: list[Line] = []

    def pick(field: str, guess: Guess, fallback: str | None,
             choices: tuple[str, ...] = ()) -> tuple[str | None, bool]:
        """The value for ``field`` and whether it is known (guessed or answered)."""
        default = guess.value or fallback
        if ask is not None:
            answer = ask(field, default or "", choices).strip()
            if answer and answer != guess.value:
                lines.append(Line(field, answer, "your answer"))
                return answer, True
            if not answer and not guess.value:
                lines.append(Line(field, fallback or "(left out)", f"nowhere: {guess.source}"))
                return fallback, False
        if guess.value:
            lines.append(Line(field, guess.value, guess.source))
            return guess.value, True
        lines.append(Line(field, fallback or "(left out)", f"nowhere: {guess.source}"))
        return fallback, False

    name, _ = pick("name", guesses.name, FALLBACK_NAME)
    owner, owner_known = pick("owner", guesses.owner, FALLBACK_OWNER)
    description, _ = pick("description", guesses.description, None)
    kind, type_known = pick("type", guesses.type, FALLBACK_TYPE, ("service", "website", "library"))
    lifecycle_guess = Guess(None, "nothing in a repository says it; a comment in the file asks")
    lifecycle, lifecycle_known = pick("lifecycle", lifecycle_guess, "experimental", LIFECYCLES)
    annotations: dict[str, str] = {}
    if port:
        if guesses.repository_url.value:
            lines.append(Line("repository", guesses.repository_url.value,
                              guesses.repository_url.source))
    else:
        if guesses.slug.value and guesses.slug_annotation:
            annotations[guesses.slug_annotation] = guesses.slug.value
            lines.append(Line(guesses.slug_annotation, guesses.slug.value, guesses.slug.source))
        if guesses.techdocs.value:
            annotations["backstage.io/techdocs-ref"] = guesses.techdocs.value
            lines.append(Line("backstage.io/techdocs-ref", guesses.techdocs.value,
                              guesses.techdocs.source))
    values = Values(
        name=name if name and is_object_name(name) else FALLBACK_NAME,
        owner=Entry(owner or FALLBACK_OWNER, None if owner_known else OWNER_COMMENT),
        type=Entry(kind or FALLBACK_TYPE, None if type_known else TYPE_COMMENT),
        lifecycle=Entry(lifecycle or "experimental",
                        None if lifecycle_known else LIFECYCLE_COMMENT),
        description=description or None,
        annotations=annotations,
        repository_url=guesses.repository_url.value,
    )
    return values, lines
