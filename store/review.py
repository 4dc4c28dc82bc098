"""Review: each question's state, comments on the work, sign-offs, and what is left to do.

The records are in `store/records.py` (`ReviewState`, `Comment`, `SignOff`);
the `Audit` methods of the same names wrap these functions, so the app and the
CLI reach them through the facade. Review states and sign-offs have ids derived
from the audit and the question (`stable_id`), so the two laptops of a merge
name them alike and concurrent changes become ordinary field conflicts;
comments have their own ids (two people may well comment at once).

The rules:

- A question's review state is the one set explicitly (`set_review_state`); a
  question nobody set a state for is "in_progress" once it has any work (an
  observation, a KPI value, an assessment), else "not_started".
- A sign-off keeps a fingerprint of what was signed: the question's live
  observations (text and sources), its assessment (value and reasoning), its
  KPI values and the recommendations tied to it. When that content differs
  from the fingerprint the sign-off is stale, until signed again. Signing off
  sets the state to "reviewed". It records whether the last change before it
  was the signer's own (`own_change`): allowed, and shown.
- A comment is on a question, an observation or a recommendation; an answer
  names the thread's first comment in `reply_to`; resolving a thread marks its
  first comment resolved, with who and when. Comments never reach the report.

The dashboard's lists of what is left are in `store/gaps.py`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from store import records as rec
from store.errors import StoreError
from store.records import (
    Assessment,
    Comment,
    CommentTarget,
    KpiValue,
    Observation,
    Recommendation,
    ReviewState,
    ReviewStateName,
    SignOff,
    stable_id,
)
from store.shapes import HISTORY_TABLE

if TYPE_CHECKING:
    from store.audit import Audit

STATES: tuple[ReviewStateName, ...] = ("not_started", "in_progress", "ready_for_review", "reviewed")
TARGETS: tuple[CommentTarget, ...] = ("question", "observation", "recommendation")

Mark = Literal["ready_for_review", "reviewed", "stale"]


# -- review states -------------------------------------------------------------------------


def _review_ids(audit: Audit) -> set[str]:
    """The ids that can be reviewed: the template's items and sections assessed on their own."""
    template = audit.template
    return {i.id for i in template.items()} | {s.id for s in template.assessed_sections()}


def _check_item(audit: Audit, item_id: str) -> None:
    if item_id not in _review_ids(audit):
        raise StoreError(f"no question {item_id!r} in this audit", code="no_item", item_id=item_id)


def state_id(audit: Audit, item_id: str) -> str:
    """The id of a question's review state record (the same on every laptop)."""
    return stable_id(audit.meta.id, "review:" + item_id)


def signoff_id(audit: Audit, item_id: str) -> str:
    """The id of a question's sign-off record (the same on every laptop)."""
    return stable_id(audit.meta.id, "signoff:" + item_id)


def review_states(audit: Audit, work: dict[str, str] | None = None) -> dict[str, ReviewStateName]:
    """Every reviewable question's state: set explicitly, else derived from its work."""
    work = audit.item_states() if work is None else work
    stored = {r.item_id: r.state for r in audit.all(ReviewState)}
    return {
        item_id: stored.get(item_id)
        or ("not_started" if work.get(item_id, "empty") == "empty" else "in_progress")
        for item_id in work
    }


def set_review_state(audit: Audit, item_id: str, state: str) -> ReviewState:
    """Set a question's review state (one of `STATES`)."""
    _check_item(audit, item_id)
    if state not in STATES:
        raise StoreError(
            f"{state!r} is not a review state ({', '.join(STATES)})",
            code="bad_review_state",
            state=state,
        )
    key = state_id(audit, item_id)
    record = audit.get(ReviewState, key) or ReviewState(id=key, item_id=item_id)
    record.state = state  # checked against STATES above
    return audit.save(record)


# -- comments --------------------------------------------------------------------------------


def add_comment(
    audit: Audit, target_kind: str, target_id: str, text: str, reply_to: str = ""
) -> Comment:
    """A comment on a question, an observation or a recommendation, or an answer to one.

    An answer (`reply_to`, any comment of the thread) takes the thread's target
    and joins the thread of its first comment; answering reopens nothing.
    """
    text = text.strip()
    if not text:
        raise StoreError("a comment needs a text", code="empty_comment")
    if reply_to:
        first = thread_start(audit, reply_to)
        target_kind, target_id, item_id = first.target_kind, first.target_id, first.item_id
        reply_to = first.id
    else:
        item_id = _target_item(audit, target_kind, target_id)
    comment = Comment(
        target_kind=target_kind,  # type: ignore[arg-type]  # checked by _target_item
        target_id=target_id,
        item_id=item_id,
        text=text,
        written_by=audit.author,
        reply_to=reply_to,
    )
    return audit.save(comment)


def _target_item(audit: Audit, target_kind: str, target_id: str) -> str:
    """The question a comment's target belongs to; refuses a target that does not exist."""
    if target_kind == "question":
        _check_item(audit, target_id)
        return target_id
    if target_kind == "observation":
        obs = audit.get(Observation, target_id)
        if obs is not None:
            return obs.item_id
    elif target_kind == "recommendation":
        if audit.get(Recommendation, target_id) is not None:
            return ""
    else:
        raise StoreError(
            f"a comment is on a question, an observation or a recommendation, not {target_kind!r}",
            code="bad_comment_target",
            target=target_kind,
        )
    raise StoreError(
        f"no {target_kind} {target_id!r} in this audit",
        code="no_comment_target",
        target=target_kind,
    )


def thread_start(audit: Audit, comment_id: str) -> Comment:
    """The first comment of the thread a comment belongs to."""
    comment = audit.get(Comment, comment_id)
    if comment is None:
        raise StoreError(f"no comment {comment_id!r}", code="no_comment", comment_id=comment_id)
    if comment.reply_to:
        first = audit.get(Comment, comment.reply_to)
        if first is not None:
            return first
    return comment


def comments(audit: Audit, item_id: str | None = None) -> list[Comment]:
    """Live comments, threads together (first comment, then its answers), oldest first.

    With `item_id`: those on the question, on its observations and on the
    recommendations tied to it.
    """
    found = audit.all(Comment)
    if item_id is not None:
        tied = {r.id for r in audit.recommendations() if item_id in r.item_ids}
        found = [c for c in found if c.item_id == item_id or c.target_id in tied]
    firsts = [c for c in found if not c.reply_to]
    known = {c.id for c in firsts}
    answers: dict[str, list[Comment]] = {}
    for c in found:
        if c.reply_to:
            key = c.reply_to if c.reply_to in known else c.id
            answers.setdefault(key, []).append(c)
            if key == c.id:  # its thread start is gone: show it on its own
                firsts.append(c)
                known.add(c.id)
    out: list[Comment] = []
    for c in sorted(firsts, key=lambda c: c.created):
        out.append(c)
        out.extend(a for a in sorted(answers.get(c.id, []), key=lambda c: c.created) if a is not c)
    return out


def resolve_comment(audit: Audit, comment_id: str, resolved: bool = True) -> Comment:
    """Resolve (or reopen) the thread a comment belongs to, recording who and when."""
    first = thread_start(audit, comment_id)
    first.resolved = resolved
    first.resolved_by = audit.author if resolved else ""
    first.resolved_at = rec.now() if resolved else ""
    return audit.save(first)


def open_comments(audit: Audit) -> list[Comment]:
    """The first comments of the threads not yet resolved, oldest first."""
    return [c for c in comments(audit) if not c.reply_to and not c.resolved]


# -- sign-off --------------------------------------------------------------------------------


def content_by_item(audit: Audit, only: set[str] | None = None) -> dict[str, list[object]]:
    """What a sign-off covers, per question, read in one pass over the raw records.

    The tree asks for it after every edit once anything is signed off, so it reads
    the documents under the lock instead of building a record for each. With
    `only`, the questions outside it may be left out.
    """
    out: dict[str, list[object]] = {}

    def live(table: str) -> list[dict]:
        docs = data.get(table, {}).values()
        if only is not None and table != Recommendation.TABLE:
            return [d for d in docs if d.get("item_id") in only and not d.get("deleted")]
        return [d for d in docs if not d.get("deleted")]

    with audit.file.reading() as data:
        for d in live(Observation.TABLE):
            row = ["o", d.get("id"), d.get("text"), list(d.get("source_ids") or ())]
            out.setdefault(str(d.get("item_id", "")), []).append(row)
        for d in live(Assessment.TABLE):
            row = ["a", d.get("value", ""), d.get("reasoning", "")]
            out.setdefault(str(d.get("item_id", "")), []).append(row)
        for d in live(KpiValue.TABLE):
            row = ["k", d.get("period"), d.get("breakdown"), d.get("value")]
            out.setdefault(str(d.get("item_id", "")), []).append(row)
        for d in live(Recommendation.TABLE):
            for item_id in d.get("item_ids") or ():
                out.setdefault(str(item_id), []).append(["r", d.get("id"), d.get("text")])
    return out


def _hash(content: list[object]) -> str:
    """The fingerprint of a question's content rows, in any order (`repr` of plain lists
    of text is the same on every laptop and quicker than JSON at thousands of rows)."""
    digest = hashlib.sha256()
    for line in sorted(repr(row) for row in content):
        digest.update(line.encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()[:32]


def fingerprint(audit: Audit, item_id: str) -> str:
    """A fingerprint of a question's content as it is now (see the module's rules)."""
    return _hash(content_by_item(audit).get(item_id, []))


def last_changed_by(audit: Audit, item_id: str) -> str:
    """Who made the last change to a question's content ('' when nobody has).

    Read from the history (a merge's own entries are skipped: the other
    laptop's entries, merged in, name who really made the change); ties in
    time go to the later entry.
    """
    ids = {stable_id(audit.meta.id, "assessment:" + item_id)}
    with audit.file.reading() as data:
        ids |= {
            k for k, d in data.get(Observation.TABLE, {}).items() if d.get("item_id") == item_id
        }
        ids |= {k for k, d in data.get(KpiValue.TABLE, {}).items() if d.get("item_id") == item_id}
        ids |= {
            k
            for k, d in data.get(Recommendation.TABLE, {}).items()
            if item_id in (d.get("item_ids") or ())
        }
        entries = [
            (str(e.get("ts", "")), n, str(e.get("author", "")))
            for n, e in enumerate(data.get(HISTORY_TABLE, {}).values())
            if e.get("record_id") in ids and not e.get("merge")
        ]
    return max(entries)[2] if entries else ""


def sign_off(audit: Audit, item_id: str) -> SignOff:
    """Sign off a question as it is now; it becomes "reviewed"."""
    _check_item(audit, item_id)
    key = signoff_id(audit, item_id)
    record = audit.get(SignOff, key) or SignOff(id=key, item_id=item_id)
    last = last_changed_by(audit, item_id)
    record.signed_by = audit.author
    record.signed_at = rec.now()
    record.fingerprint = fingerprint(audit, item_id)
    record.own_change = bool(last) and last == audit.author
    saved = audit.save(record)
    if review_states(audit).get(item_id) != "reviewed":
        set_review_state(audit, item_id, "reviewed")
    return saved


def withdraw_sign_off(audit: Audit, item_id: str) -> SignOff | None:
    """Withdraw a question's sign-off (made by mistake, or the question needs another look).

    The sign-off is deleted, leaving a tombstone so a merge does not bring it back
    (the history keeps who signed and who withdrew), and a question that was
    "reviewed" is "ready for review" again. Returns the withdrawn sign-off, or None
    when the question had none.
    """
    _check_item(audit, item_id)
    record = audit.get(SignOff, signoff_id(audit, item_id))
    if record is None:
        return None
    audit.delete(record)
    if review_states(audit).get(item_id) == "reviewed":
        set_review_state(audit, item_id, "ready_for_review")
    return record


@dataclass(frozen=True)
class SignOffStatus:
    """A question's sign-off and whether its content changed since."""

    signoff: SignOff
    stale: bool


def sign_off_status(audit: Audit, item_id: str) -> SignOffStatus | None:
    """The question's sign-off, if any, and whether it is stale."""
    record = audit.get(SignOff, signoff_id(audit, item_id))
    if record is None:
        return None
    return SignOffStatus(record, record.fingerprint != fingerprint(audit, item_id))


def stale_signoffs(audit: Audit, content: dict[str, list[object]] | None = None) -> list[SignOff]:
    """The sign-offs whose question changed since (the content is read only if any exist)."""
    signoffs = audit.all(SignOff)
    if signoffs and content is None:
        content = content_by_item(audit, {s.item_id for s in signoffs})
    return [s for s in signoffs if s.fingerprint != _hash((content or {}).get(s.item_id, []))]


def review_marks(audit: Audit, work: dict[str, str] | None = None) -> dict[str, Mark]:
    """What the tree marks per question: ready for review, reviewed, or a stale sign-off."""
    states = review_states(audit, work)
    marks: dict[str, Mark] = {
        item_id: state
        for item_id, state in states.items()
        if state in ("ready_for_review", "reviewed")
    }
    for s in stale_signoffs(audit):
        marks[s.item_id] = "stale"
    return marks
