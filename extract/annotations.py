"""Reading the annotations that assign a task: `（X牵头，Y按职责分工负责）`, `牵头单位：X`, ….

An annotation is split into clauses; each clause is read by the first of the clause parsers
below that accepts it (one parser per form of the language), and the roles are settled
over the whole annotation, because a clause's role can depend on its neighbours: a
`按职责分工负责` list is `joint` alone and `participant` beside a lead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from .config import per_config
from .mentions import (
    ActorList,
    first_name,
    is_local_government,
    is_place,
    is_reference,
    looks_like_actor,
    looks_like_name,
    split_actors,
    split_top_level,
)
from .records import Role
from .text import line_spans
from .vocabulary import alternation, labels_by_kind, vocabulary

_GROUP_OPEN, _GROUP_CLOSE = "（(〔[【［", "）)〕]】］"
# Bounds that keep every pattern linear: a name, and a clause's list of names, are never longer.
LONGEST_NAME = 40
MAX_NESTING = 8  # brackets inside brackets read to this depth, with a warning beyond
LONGEST_LIST = 600
_LONGEST_LABEL = 12  # characters; a longer line is never a bare label
_BRACKET = re.compile(f"[{re.escape(_GROUP_OPEN + _GROUP_CLOSE)}]")
_TIME = re.compile(r"\d{4}\s*年|年底|年内|长期|持续推进|持续实施|逐年|每年|季度|月底")


@dataclass(frozen=True)
class Found:
    mention: str
    role: Role
    open_list: bool


@dataclass(frozen=True)
class Carry:
    """Assignments a directive makes on the later tasks of the same part of the document."""

    found: tuple[Found, ...]
    quote: str


@dataclass(frozen=True)
class Reading:
    found: tuple[Found, ...] = ()
    carries: tuple[Carry, ...] = ()
    deadline: str | None = None
    truncated: bool = False
    unparsed: tuple[str, ...] = ()  # clauses no parser accepted
    too_deep: bool = False  # brackets nested deeper than MAX_NESTING were not read

    def __bool__(self) -> bool:
        return bool(self.found or self.carries)


@dataclass(frozen=True)  # parsed clauses are shared by every annotation that holds them
class Clause:
    kind: str  # lead | responsible | participant | implementer | guide | list | deadline
    actors: ActorList = field(default_factory=ActorList)
    text: str = ""
    labelled: bool = False
    truncated: bool = False


@per_config
def _grammar() -> dict:
    words = vocabulary()
    labels, verbs = labels_by_kind(), words["verbs"]
    role_words = [
        w
        for group in (labels, verbs)
        for key in group
        for w in group[key]
        if key not in ("deadline", "person")
    ]
    verb_kind = {
        w: kind for kind in ("lead", "responsible", "participant", "implementer") for w in verbs[kind]
    }
    all_labels = alternation(w for g in labels.values() for w in g)
    # Labels ending in a unit word may run straight into their list: `牵头单位市市场监管局`.
    unit_labels = alternation(
        w
        for kind, g in labels.items()
        if kind not in ("deadline", "person")
        for w in g
        if w.endswith(tuple(words["labels"]["units"]))
    )
    return {
        "labels": {w: kind for kind, group in labels.items() for w in group},
        # `牵头单位：X配合单位：Y` (the space between them lost) and `X牵头、Y配合`: clause breaks.
        "label_break": re.compile(f"(?:{all_labels})\\s*[：:]"),
        # `…建设局配合单位X`: a unit label run against the name before it.
        "name_ends": words["actors"]["name_ends"],
        "run_in_label": re.compile(f"(?<=[{words['actors']['name_ends']}])(?:{unit_labels})(?![：:])"),
        "unit_word": re.compile(alternation(words["labels"]["units"])),
        "verb_break": re.compile(f"(?P<verb>{alternation(list(verb_kind) + verbs['guide'])})[、\\s]+(?=.)"),
        "mark_kind": {w: kind for kind, group in verbs["marks"].items() for w in group},
        "marked": re.compile(
            rf"(?:^|(?<=[、，,；;：:（()）]))"
            rf"(?P<name>[^、，,；;：:（()）]{{1,{LONGEST_NAME}}})[（(]"
            f"(?P<mark>{alternation(w for g in verbs['marks'].values() for w in g)})"
            r"[）)][、，,]?"
        ),
        "as_label": re.compile(f"^(?P<actors>.{{1,{LONGEST_LIST}}}?)(?:为|作为)(?P<label>{all_labels})$"),
        "joined_by": re.compile(
            f"^(?:{alternation(verbs['together'])})(?P<actors>.{{1,{LONGEST_LIST}}}?)"
            f"(?:{alternation(verb_kind)})?$"
        ),
        "label": re.compile(
            f"^(?P<label>{alternation(w for g in labels.values() for w in g)})"
            r"\s*[：:]\s*(?P<rest>.*)$"
        ),
        "unit_label": re.compile(f"^(?P<label>{unit_labels})(?P<rest>[^：:].*)$"),
        "bracket_label": re.compile(f"【\\s*(?P<label>{all_labels})\\s*】"),
        "verb_kind": verb_kind,
        "verb": re.compile(f"^(?P<actors>.{{1,{LONGEST_LIST}}}?)(?P<verb>{alternation(verb_kind)})$"),
        "guide": re.compile(f"^(?P<actors>.{{1,{LONGEST_LIST}}}?)(?:{alternation(verbs['guide'])})$"),
        "together": re.compile(
            f"^(?P<lead>.{{1,{LONGEST_LIST}}}?)(?:{alternation(verbs['together'])})"
            f"(?P<others>.{{1,{LONGEST_LIST}}}?)"
            f"(?:{alternation(verb_kind)})?$"
        ),
        # A role word's first two characters: an annotation cut off inside its verb is still
        # looked at, and a text holds some role word's beginning exactly when it holds one of these.
        "role_word": re.compile(alternation({w[:2] for w in role_words if len(w) >= 2} | {"下同", "不再"})),
        "later_tasks": [
            re.compile(_composed(p, words["directives"]["parts"])) for p in words["directives"]["later_tasks"]
        ],
        "same_below": re.compile(words["directives"]["same_below"]),
        "first_leads": re.compile(words["directives"]["first_leads"]),
    }


def _composed(pattern: str, parts: dict[str, list[str]]) -> str:
    """`pattern` with each `{part}` replaced by an alternation of that part's words."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: f"(?:{alternation(parts[m[1]])})", pattern)


# --- clause parsers: each takes one clause of an annotation and returns None when it does not fit


def parse_label(piece: str) -> Clause | None:
    """`牵头单位：X、Y`, `配合单位：Z`, `完成时限：2025年底`, `牵头单位X` (a unit label run
    against its list)."""
    grammar = _grammar()
    match = grammar["label"].match(piece)
    if not match:
        match = grammar["unit_label"].match(piece)
        if not match or not _all_actors(split_actors(match["rest"])):
            return None
    kind, rest = grammar["labels"][match["label"]], match["rest"]
    if kind in ("deadline", "person"):
        return Clause(kind, text=rest)
    inner = parse_verb(rest) if rest else None
    if inner and inner.kind != "responsible":
        return inner  # `责任单位：X牵头` says more than its label
    actors = split_actors(rest)
    # A label vouches for its list, so unusual names are kept; running text is not.
    names = tuple(n for n in actors.names if looks_like_name(n))
    return Clause(kind, ActorList(names, actors.open), piece, labelled=True)


def parse_as_label(piece: str) -> Clause | None:
    """`X为牵头单位`, `Y为配合单位`."""
    grammar = _grammar()
    match = grammar["as_label"].match(piece)
    if not match:
        return None
    actors = split_actors(match["actors"])
    kind = grammar["labels"][match["label"]]
    return Clause(kind, actors, piece) if kind not in ("deadline", "person") and _all_actors(actors) else None


def _listed(pattern: str, kind: str, piece: str) -> Clause | None:
    """A clause of `kind` when `piece` matches `pattern` and its `actors` group names actors."""
    match = _grammar()[pattern].match(piece)
    if not match:
        return None
    actors = split_actors(match["actors"])
    return Clause(kind, actors, piece) if _all_actors(actors) else None


def parse_joined_by(piece: str) -> Clause | None:
    """`会同Y负责` after `X牵头`: Y takes part."""
    return _listed("joined_by", "participant", piece)


def parse_deadline(piece: str) -> Clause | None:
    return Clause("deadline", text=piece) if _TIME.search(piece) else None


def parse_together(piece: str) -> list[Clause] | None:
    """`X会同Y负责`: X leads, Y takes part."""
    match = _grammar()["together"].match(piece)
    if not match:
        return None
    lead, others = split_actors(match["lead"]), split_actors(match["others"])
    if not (_all_actors(lead) and _all_actors(others)):
        return None
    return [Clause("lead", lead, piece), Clause("participant", others, piece)]


def parse_guide(piece: str) -> Clause | None:
    """`X指导` (followed by `，Y负责`)."""
    return _listed("guide", "guide", piece)


def parse_verb(piece: str) -> Clause | None:
    """`X、Y牵头`, `Y等按职责分工负责`, `Z负责落实`, `W配合`."""
    grammar = _grammar()
    match = grammar["verb"].match(piece)
    if not match:
        return None
    kind = grammar["verb_kind"][match["verb"]]
    phrase = match["actors"].lstrip("由")
    if is_reference(phrase):
        return Clause(kind, ActorList(()), piece)  # names nobody: a rule for reading
    actors = split_actors(phrase)
    return Clause(kind, actors, piece) if _all_actors(actors) else None


def parse_truncated_verb(piece: str) -> Clause | None:
    """`Y按职责分工负`: the end of an annotation cut off inside its verb."""
    for verb, kind in sorted(_grammar()["verb_kind"].items(), key=lambda kv: -len(kv[0])):
        for cut in range(len(verb) - 1, 1, -1):
            if piece.endswith(verb[:cut]):
                actors = split_actors(piece[:-cut])
                if actors.names and _all_actors(actors):
                    return Clause(kind, actors, piece, truncated=True)
    return None


def parse_list(piece: str) -> Clause | None:
    """A list with no verb: continues a label's list or is closed by the next clause's verb."""
    actors = split_actors(piece)
    return Clause("list", actors, piece) if actors.names and _all_actors(actors) else None


CLAUSE_PARSERS = (
    parse_label,
    parse_as_label,
    parse_joined_by,
    parse_together,
    parse_guide,
    parse_verb,
    parse_list,
    parse_deadline,
)


def _all_actors(actors: ActorList) -> bool:
    return bool(actors.names) and all(looks_like_actor(n) for n in actors.names)


# --- reading a whole annotation


@per_config(maxsize=1 << 12)  # a pure function of its text; plans repeat their annotations
def read_annotation(content: str, *, truncated: bool = False, depth: int = 0) -> Reading:
    """The assignments an annotation's text makes (without its brackets); `depth` is how
    deep in brackets it sits."""
    grammar = _grammar()
    if _may_state_first_leads(content):  # a reading rule: see first_unit_leads
        content = grammar["first_leads"].sub("", content)
    content, nested, later = _take_nested(content, depth)
    content, own_later = take_later_tasks_directive(content)
    later = own_later or later
    content, same_below = _take_same_below(content)
    content = _move_marked_names(content)
    content = grammar["bracket_label"].sub(lambda m: f"；{m['label']}：", content)
    # Matched left to right, so `完成时限：` is one label, not `完成` + `时限：`.
    content = grammar["label_break"].sub(lambda m: ("；" if m.start() else "") + m.group(), content)
    if grammar["unit_word"].search(content):
        content = grammar["run_in_label"].sub(lambda m: "；" + m.group(), content)
    content = grammar["verb_break"].sub(lambda m: m["verb"] + "，", content)
    pieces = [content[s:e].strip() for s, e in split_top_level(content, "，,；;。")]
    pieces = [p for p in pieces if p]
    clauses, unparsed = _parse_pieces(pieces, truncated)
    clauses = _fold_lists(clauses, truncated)
    found = _settle_roles(clauses)
    deadline = next((c.text for c in clauses if c.kind == "deadline" and c.text), None)
    carries = []
    if later is not None:
        implementers = tuple(f for f in found if f.role is Role.IMPLEMENTER)
        if not implementers:  # the directive names them, for this task too
            found = strongest(tuple(found) + later.found)
        carries.append(Carry(implementers or later.found, later.quote))
    if same_below and clauses:
        closing = [c for c in clauses if c.kind not in ("deadline", "person")][-1:]
        names = set(closing[0].actors.names) if closing else set()
        carried = tuple(f for f in found if f.mention in names)
        if carried:
            carries.append(Carry(carried, content))
    reading = Reading(
        tuple(found),
        tuple(carries),
        deadline,
        truncated or any(c.truncated for c in clauses),
        tuple(unparsed),
    )
    for inner in nested:
        reading = merge(reading, inner)
    return reading


def read_unit_list(content: str) -> Reading:
    """`市医保局、市财政局` in brackets with no verb: every unit listed shares the task."""
    actors = split_actors(content)
    # Places in brackets are examples (`（邻山县、清河县）`), and two characters are a note far
    # more often than an office (`（试行）`): only a list of offices assigns.
    if not _all_actors(actors) or any(len(first_name(n)) < 3 or is_place(n) for n in actors.names):
        return Reading()
    return Reading(tuple(Found(name, Role.JOINT, actors.open) for name in actors.names))


def _closes_paragraph(text: str, start: int, end: int) -> bool:
    """Whether the brackets at text[start:end] end their paragraph and follow no name: a
    bracketed list after a name is its second name (`市发展改革委（市能源局）`)."""
    while end < len(text) and text[end] in "。.；; ":
        end += 1
    after_name = start > 0 and text[start - 1] in _grammar()["name_ends"]
    return (end == len(text) or text[end] == "\n") and not after_name


def first_leads_rule(text: str) -> int | None:
    """Where the document says that the first unit of a list leads (`列第一位者为牵头单位`)."""
    match = _grammar()["first_leads"].search(text) if _may_state_first_leads(text) else None
    return match.start() if match else None


def _may_state_first_leads(text: str) -> bool:
    """Every way of saying so names 第一位 or 首位: a plain search rules out most texts
    before the pattern, which has no fixed first character, is tried at every one."""
    return "第一位" in text or "首位" in text


def first_unit_leads(reading: Reading) -> Reading:
    """A reading under that rule: of several units listed with no lead, the first leads and
    the others take part; a single unit stays joint."""
    joint = [f for f in reading.found if f.role is Role.JOINT]
    if len(joint) < 2 or any(f.role is Role.LEAD for f in reading.found):
        return reading
    roles = {joint[0].mention: Role.LEAD} | {f.mention: Role.PARTICIPANT for f in joint[1:]}
    return replace(reading, found=tuple(replace(f, role=roles.get(f.mention, f.role)) for f in reading.found))


def merge(first: Reading, second: Reading) -> Reading:
    return Reading(
        strongest(first.found + second.found),
        first.carries + second.carries,
        first.deadline or second.deadline,
        first.truncated or second.truncated,
        first.unparsed + second.unparsed,
        first.too_deep or second.too_deep,
    )


def strongest(found) -> tuple[Found, ...]:
    """One role per actor, the strongest; first-seen order kept."""
    best: dict[str, Found] = {}
    for item in found:
        held = best.get(item.mention)
        if held is None or item.role.strength > held.role.strength:
            best[item.mention] = (
                item if held is None else replace(item, open_list=held.open_list or item.open_list)
            )
    return tuple(best.values())


def mentions_role_words(text: str) -> bool:
    return bool(_grammar()["role_word"].search(text))


def _parse_pieces(pieces: list[str], truncated: bool) -> tuple[list[Clause], list[str]]:
    clauses: list[Clause] = []
    unparsed: list[str] = []
    for index, piece in enumerate(pieces):
        parsed: tuple[Clause, ...] | Clause | None = _parse_piece(piece)
        if not parsed and index == len(pieces) - 1:
            parsed = parse_truncated_verb(piece)
        if not parsed and truncated and index == len(pieces) - 1:
            # Cut off inside a name: keep the names that are whole.
            actors = split_actors(piece)
            whole = tuple(n for n in actors.names if looks_like_actor(n))
            parsed = Clause("list", ActorList(whole, actors.open), piece, truncated=True) if whole else None
        if parsed:
            clauses.extend(parsed if isinstance(parsed, tuple) else [parsed])
        else:
            unparsed.append(piece)
    return clauses, unparsed


# Annotations differ from task to task more than their clauses do (`省发展改革委牵头`): each
# clause is parsed once.
@per_config(maxsize=1 << 14)
def _parse_piece(piece: str) -> tuple[Clause, ...] | None:
    """The clauses of one piece of an annotation, by the first parser that accepts it."""
    for parser in CLAUSE_PARSERS:
        parsed = parser(piece)
        if parsed:
            return tuple(parsed) if isinstance(parsed, list) else (parsed,)
    return None


def _fold_lists(clauses: list[Clause], truncated: bool) -> list[Clause]:
    """Attach verb-less lists to the label before them or the verb after them."""
    folded: list[Clause] = []
    pending: list[Clause] = []
    for clause in clauses:
        if clause.kind == "list":
            if folded and folded[-1].labelled and not pending:
                folded[-1] = _extend(folded[-1], clause)
            else:
                pending.append(clause)
            continue
        for waiting in reversed(pending):
            clause = _extend(clause, waiting, before=True)
        pending = []
        folded.append(clause)
    if truncated:  # the verb that would have closed these lists was cut off
        folded.extend(replace(c, kind="responsible", truncated=True) for c in pending)
    return folded


def _extend(clause: Clause, extra: Clause, before: bool = False) -> Clause:
    names = extra.actors.names + clause.actors.names if before else clause.actors.names + extra.actors.names
    return replace(clause, actors=ActorList(names, clause.actors.open or extra.actors.open))


def _settle_roles(clauses: list[Clause]) -> tuple[Found, ...]:
    has_lead = any(c.kind in ("lead", "guide") and c.actors.names for c in clauses)
    # `责任单位：X；配合单位：Y` and `责任单位：X，Y配合`: whoever others assist leads.
    promote = not has_lead and any(c.kind == "participant" and c.actors.names for c in clauses)
    found: list[Found] = []
    after_guide = False
    for clause in clauses:
        for name in clause.actors.names:
            role = _role(clause.kind, has_lead, promote, after_guide, name)
            if role:
                found.append(Found(name, role, clause.actors.open))
        after_guide = clause.kind == "guide"
    return strongest(found)


def _role(kind: str, has_lead: bool, promote: bool, after_guide: bool, name: str) -> Role | None:
    if kind in ("lead", "guide"):
        return Role.LEAD
    if kind == "responsible":
        if after_guide:  # `X指导，Y负责`: a local government told to do it implements it
            return Role.IMPLEMENTER if is_local_government(name) else Role.PARTICIPANT
        if promote:
            return Role.LEAD
        return Role.PARTICIPANT if has_lead else Role.JOINT
    return {"participant": Role.PARTICIPANT, "implementer": Role.IMPLEMENTER}.get(kind)


def _take_nested(content: str, depth: int) -> tuple[str, list[Reading], Carry | None]:
    """Cut out bracketed annotations and directives inside an annotation.

    `市发改委（各部门按职责分工负责、下同）` holds an annotation of its own, while the
    brackets of `各县级市〔区〕` or `省市场监管局（知识产权局）` belong to a name.
    """
    readings: list[Reading] = []
    kept: list[str] = []
    later = None
    last = 0
    for start, end in bracket_groups(content)[0]:
        if is_bracket_label(content[start:end]):
            continue
        inner = content[start + 1 : end - 1]
        rest, directive = take_later_tasks_directive(inner)
        if depth >= MAX_NESTING:
            reading = Reading(too_deep=True)
        else:
            reading = (
                read_annotation(inner, depth=depth + 1)
                if not directive and mentions_role_words(inner)
                else Reading()
            )
        if directive and not rest.strip("，,。；; "):
            # `〔以下各项任务均需…落实，不再一一列出〕` speaks of the annotation around it
            later = directive
        elif reading or reading.too_deep:
            readings.append(reading)
        else:
            continue
        kept.append(content[last:start])
        last = end
    kept.append(content[last:])
    return "".join(kept), readings, later


def is_bracket_label(group: str) -> bool:
    """`【协同处室】`: brackets around a label introduce the list after them; they hold no
    annotation of their own."""
    return bool(_grammar()["bracket_label"].fullmatch(group))


def take_later_tasks_directive(content: str) -> tuple[str, Carry | None]:
    """`以下各项任务均需各地政府落实，不再一一列出`, `具体任务均涉及相关市（州）人民政府，不再
    做分工` → carried implementers."""
    match = next(filter(None, (p.search(content) for p in _grammar()["later_tasks"])), None)
    if not match:
        return content, None
    actors = split_actors(match["actors"])
    found = tuple(Found(n, Role.IMPLEMENTER, False) for n in actors.names)
    return content[: match.start()] + content[match.end() :], Carry(found, match.group(0))


def _move_marked_names(content: str) -> str:
    """`责任单位：市发改委（牵头）、市财政局` → `责任单位：市财政局；市发改委牵头`."""
    if "（" not in content and "(" not in content:
        return content  # no mark: the pattern, tried after every comma, is spared
    grammar = _grammar()
    marked = [m for m in grammar["marked"].finditer(content) if looks_like_actor(m["name"].strip())]
    if not marked:
        return content
    verb = {"lead": "牵头", "participant": "配合"}
    clauses = [m["name"].strip() + verb[grammar["mark_kind"][m["mark"]]] for m in marked]
    for match in reversed(marked):
        content = content[: match.start()] + content[match.end() :]
    return "；".join([content.rstrip("、，,；;")] + clauses)


def _take_same_below(content: str) -> tuple[str, bool]:
    match = _grammar()["same_below"].search(content)
    return (content[: match.start()], True) if match else (content, False)


def bracket_groups(text: str) -> tuple[list[tuple[int, int]], int | None]:
    """Spans of the outermost bracket pairs in `text`, brackets included; and where an
    outermost bracket that is never closed opens, if one does."""
    groups, depth, start = [], 0, 0
    for match in _BRACKET.finditer(text):  # only the brackets are looked at
        if match.group() in _GROUP_OPEN:
            if depth == 0:
                start = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                groups.append((start, match.end()))
    return groups, start if depth else None


@dataclass(frozen=True)
class Located:
    start: int  # offsets in the text that was searched
    end: int
    reading: Reading


def find_annotations(text: str) -> list[Located]:
    """The annotations in a task's text (paragraphs separated by newlines).

    Bracketed annotations anywhere; labelled lines (`牵头单位：X`, `【配合单位】Y`), with the
    labelled lines that follow them; and a later paragraph that is an annotation and
    nothing else. Sentences of the running text are never read as annotations.
    """
    located: list[Located] = []
    groups, opened = bracket_groups(text)
    for start, end in groups:
        if is_bracket_label(text[start:end]):
            continue
        inner = text[start + 1 : end - 1]
        reading = read_annotation(inner) if mentions_role_words(inner) else Reading()
        # Names may hold a role word's first characters (`县委组织部`): a list with no verb
        # is still read as one.
        if not (reading or reading.too_deep) and _closes_paragraph(text, start, end):
            reading = read_unit_list(inner)
        if reading or reading.too_deep:
            located.append(Located(start, end, reading))
    if opened is not None and "\n" not in text[opened:] and mentions_role_words(text[opened:]):
        reading = read_annotation(text[opened + 1 :], truncated=True)
        if reading:
            located.append(Located(opened, len(text), reading))
    paragraphs = line_spans(text)
    located.extend(_labelled_lines(text, paragraphs, _Taken(located)))
    located.extend(_annotation_paragraphs(text, paragraphs, _Taken(located)))
    return sorted(located, key=lambda item: item.start)


def _labelled_lines(text: str, spans: list[tuple[int, int]], taken: _Taken) -> list[Located]:
    """Labelled lines (`牵头单位：X`), with the labelled lines that follow them; a label on
    a line of its own (`牵头单位：`, `牵头单位`) governs the lines of names below it."""
    found: list[Located] = []
    label_start = _label_start()
    index = 0
    while index < len(spans):
        start, end = spans[index]
        opened_at = index
        line = text[start:end]
        if not ("：" in line or ":" in line or "【" in line) and not (
            len(line) <= _LONGEST_LABEL and _label_only(line)
        ):
            index += 1
            continue
        match = label_start.search(text, start, end)
        if match and match.start() in taken or not match and not _label_only(text[start:end]):
            index += 1
            continue
        first = match.start() + (1 if text[match.start()] in "。；;，," else 0) if match else start
        lines = [text[first:end]]
        while index + 1 < len(spans):
            following = text[spans[index + 1][0] : spans[index + 1][1]]
            names_may_follow = _label_only(lines[-1]) or len(lines) > 1 and _names_line(lines[-1])
            if not (
                label_start.match(following)
                or _label_only(following)
                or names_may_follow
                and _names_line(following)
            ):
                break
            lines.append(following)
            index += 1
        last = spans[index][1]
        if index == opened_at and match:
            last = _labels_end(text, match.end(), last)
            lines = [text[first:last]]
        reading = read_annotation(_labelled_content(lines))
        if reading or reading.deadline:
            found.append(Located(first, last, reading))
        index += 1
    return found


def _labelled_content(lines: list[str]) -> str:
    """Labelled lines as one annotation: `牵头单位：` / `X` / `Y` → `牵头单位：X、Y`."""
    content = ""
    for previous, line in zip([""] + lines, lines, strict=False):
        if _label_only(line):
            content += ("；" if content else "") + line.rstrip("：:") + "："
        elif _label_only(previous):
            content += line
        elif _names_line(line) and not _label_start().match(line) and content:
            content += "、" + line
        else:
            content += ("；" if content else "") + line
    return content


def _label_only(line: str) -> bool:
    return bool(_label_word().fullmatch(line))


def _names_line(line: str) -> bool:
    """A line that only lists organisations."""
    actors = split_actors(line)
    return bool(actors.names) and all(looks_like_actor(n) for n in actors.names)


@per_config
def _label_word() -> re.Pattern:
    labels = alternation(
        w for kind, group in labels_by_kind().items() for w in group if len(w) > 2 and kind != "person"
    )
    return re.compile(f"(?:{labels})\\s*[：:]?")


def _annotation_paragraphs(text: str, paragraphs: list[tuple[int, int]], taken: _Taken) -> list[Located]:
    found: list[Located] = []
    for start, end in paragraphs[1:]:
        if start in taken or not mentions_role_words(text[start:end]):
            continue
        reading = read_annotation(text[start:end].rstrip("。.；;"))
        if reading and not reading.unparsed:
            found.append(Located(start, end, reading))
    return found


@per_config
def _label_start() -> re.Pattern:
    labels = alternation(w for group in labels_by_kind().values() for w in group if len(w) > 2)
    # `【牵头单位】`, or `牵头单位：` at a line's start or after a clause's punctuation. The long
    # alternation of labels is written once (slow to compile): a label after `【` closes with `】`.
    return re.compile(f"(?:(【)|^|(?<=\\n)|[。；;，,])\\s*(?:{labels})\\s*(?(1)】|[：:])")


def _labels_end(text: str, start: int, end: int) -> int:
    """Where labelled lists that begin inside a sentence end: at the first `。` that no
    further label follows (`1、农村道路畅通工程，牵头部门：市交通局。建设进度…`)."""
    label_start = _label_start()
    stop = text.find("。", start, end)
    while stop >= 0 and label_start.match(text, stop, end):
        stop = text.find("。", stop + 1, end)
    return end if stop < 0 else stop


class _Taken:
    """The stretches of a text already read, asked by offset in logarithmic time."""

    def __init__(self, located: list[Located]):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for item in sorted(located, key=lambda item: item.start):
            if self.ends and item.start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], item.end)
            else:
                self.starts.append(item.start)
                self.ends.append(item.end)

    def __contains__(self, offset: int) -> bool:
        at = bisect_right(self.starts, offset) - 1
        return at >= 0 and offset < self.ends[at]
