"""The employment check: "is this person blacklisted, and until when" (DESIGN, rule 7).

Partner bodies learn only yes/no and the end date: no ids, names, reasons or match details,
so a check cannot be used to look a person up. A person is matched strictly, because a false
"yes" costs someone a job: by identity document (``db.names.document_key``, so spacing and
punctuation do not matter), or by name together with a full date of birth, where the name must
fold (``db.names``: case, accents, spacing, order of family and given name, Khmer
normalisation) to exactly one of the person's recorded names. Fuzzy spelling matches are left
to officers (the hits of issue 5), who can judge them. An entry in force is one whose period
covers today (Phnom Penh); an expired entry answers no.

Every check is audited with its terms and the answer, never with the person it matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db import warrants
from db.errors import Forbidden, InvalidArgument
from db.names import name_keys, query_key
from policies.authorize import authorize
from resolvers.audit import record_read
from resolvers.context import Context
from resolvers.writing import local_now


@dataclass(frozen=True)
class Answer:
    blacklisted: bool
    until: date | None


async def employment_check(
    ctx: Context, *, document_number: str | None, name: str | None, birth_date: str | None
) -> Answer:
    try:
        authorize(ctx.principal, "check", "blacklist")
    except Forbidden:
        await record_read(ctx, action="blacklist.check", object_type=None, outcome="denied")
        raise
    document = (document_number or "").strip() or None
    wanted = query_key(name or "") if name else ""
    born = _full_date(birth_date)
    if document is None and not (wanted and born):
        raise InvalidArgument(
            "give a document number, or a name together with a full date of birth (YYYY-MM-DD)"
        )
    today = local_now(ctx).date()
    person_ids: list[int] = []
    if wanted and born:
        candidates = await ctx.run(warrants.persons_born_on, born_on=born)
        person_ids = [
            p.id
            for p in candidates
            if p.id is not None
            and wanted
            in name_keys(
                family_latin=p.family_name_latin,
                given_latin=p.given_name_latin,
                family_km=p.family_name_km,
                given_km=p.given_name_km,
            )
        ]
    until = await ctx.run(
        warrants.blacklisted_until, today=today, document_number=document, person_ids=person_ids
    )
    answer = Answer(blacklisted=until is not None, until=until)
    await record_read(
        ctx,
        action="blacklist.check",
        object_type=None,
        details={
            "document_number": document,
            "name": name,
            "birth_date": birth_date,
            "blacklisted": answer.blacklisted,
        },
    )
    return answer


def _full_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InvalidArgument("birthDate must be a full date, YYYY-MM-DD") from error
