"""A document's records as RDF, per ontology.ttl, written straight as N-Quads text.

Two kinds of named graph:

- one per document (named by the document's IRI): the document, its sections, tasks,
  assignments, direct role edges and text spans, and one `fg:Naming` per department it
  names, with every way the document writes it (`fg:writtenAs`). Building the document
  again replaces all of it and nothing else.
- one per department, department kind and jurisdiction (named by its own IRI): its
  description, once, however many documents name it. `kg.descriptions` keeps these
  in step with the documents' namings, so that a department only removed documents named
  disappears with them, and its `skos:altLabel`s are the ways the remaining ones write it.

Repeating each description in every document that names it made queries over the union
of graphs match every copy (k⁴ rows for an office named by k plans); this shape is the
"documented reshaping" of the graph: the union of graphs holds the same triples as when
each document described its departments, plus the namings.

Text is written here rather than through RDF term objects, which cost more than storing
the triples. IRIs come from `kg.iris` (ASCII, no characters N-Quads would escape);
literals are escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from extract import Assignment, Deadline, Department, Document, Span, Task, iso_date, kind

from . import iris
from .ontology import PREFIXES, deadline_kinds, roles

FG, DCTERMS, OA, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD = (
    PREFIXES[p] for p in ("fg", "dcterms", "oa", "org", "owl", "prov", "rdf", "rdfs", "skos", "xsd")
)
A = f"<{RDF}type>"

# N-Triples' string escapes: the rest of Unicode is written as is.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


@dataclass(frozen=True)
class Run:
    """One run of the extractor: what the graph's provenance points at."""

    id: str
    version: str
    started: datetime  # documents are streamed: a run's end is not known while they are written


def _iri(value: str) -> str:
    return f"<{value}>"


def _text(value: str) -> str:
    return f'"{value.translate(_ESCAPES)}"'


def _zh(value: str) -> str:
    return f'"{value.translate(_ESCAPES)}"@zh'


def _typed(value, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def _boolean(value: bool) -> str:
    return _typed("true" if value else "false", "boolean")


class _Graph:
    """Lines of N-Quads (N-Triples when `graph` is None), each triple once."""

    def __init__(self, graph: str | None):
        self.end = f" {_iri(graph)} .\n" if graph else " .\n"
        self.lines: list[str] = []
        self.nodes: set[str] = set()  # nodes already described: spans, sections, selectors

    def add(self, subject: str, predicate: str, value: str) -> None:
        self.lines.append(f"{subject} {predicate} {value}{self.end}")

    def first(self, node: str) -> bool:
        """Whether `node` is met for the first time (and is to be described now)."""
        if node in self.nodes:
            return False
        self.nodes.add(node)
        return True

    def text(self) -> str:
        return "".join(self.lines)


def document_nquads(
    document: Document, run: Run, keywords: dict[str, tuple[str, ...]] | None = None
) -> tuple[str, int]:
    """The graph of one document as N-Quads, and its number of triples.

    `keywords` maps a task key to its subject words.
    """
    doc = iris.document_iri(document)
    graph = _Graph(doc)
    _add_run(graph, run)
    _add_document(graph, document, doc, run)
    for department in document.departments:
        _add_naming(graph, doc, department)
    for position, task in enumerate(document.tasks, 1):
        _add_task(graph, doc, task, position, (keywords or {}).get(task.key, ()))
    tasks = {task.key: task for task in document.tasks}
    for assignment in document.assignments:
        _add_assignment(graph, document, doc, tasks[assignment.task], assignment, run)
    return graph.text(), len(graph.lines)


def department_description(department: Department, aliases: set[str], load: dict[str, int]) -> str:
    """N-Triples of a department (or collective actor); `aliases` its names as written,
    `load` its counts (count property IRI → number, see kg.descriptions)."""
    graph = _Graph(None)
    node = _iri(iris.department_iri(department))
    if department.collective:
        graph.add(node, A, f"<{FG}CollectiveActor>")
    else:
        graph.add(node, A, f"<{FG}Department>")
        graph.add(node, A, f"<{ORG}Organization>")
    graph.add(node, f"<{FG}key>", _text(department.key))
    graph.add(node, f"<{SKOS}prefLabel>", _zh(department.name))
    for alias in sorted(aliases - {department.name}):
        graph.add(node, f"<{SKOS}altLabel>", _zh(alias))
    if department.kind:
        graph.add(node, f"<{FG}kind>", _iri(iris.kind_iri(department.kind)))
    if department.jurisdiction:
        graph.add(node, f"<{FG}jurisdiction>", _iri(iris.jurisdiction_iri(department.jurisdiction)))
    for count, number in sorted(load.items()):
        graph.add(node, _iri(count), _typed(number, "integer"))
    return graph.text()


def kind_description(slug: str) -> str:
    """N-Triples of a department kind of the gazetteer."""
    found = kind(slug)
    graph = _Graph(None)
    node = _iri(iris.kind_iri(slug))
    graph.add(node, A, f"<{FG}DepartmentKind>")
    graph.add(node, f"<{SKOS}inScheme>", f"<{FG}DepartmentKinds>")
    graph.add(node, f"<{SKOS}prefLabel>", _zh(found.names[0]))
    graph.add(node, f"<{SKOS}prefLabel>", f"{_text(found.en)}@en")
    return graph.text()


def jurisdiction_description(name: str) -> str:
    graph = _Graph(None)
    node = _iri(iris.jurisdiction_iri(name))
    graph.add(node, A, f"<{FG}Jurisdiction>")
    graph.add(node, f"<{SKOS}prefLabel>", _zh(name))
    return graph.text()


def _add_run(graph: _Graph, run: Run) -> None:
    node, agent = _iri(iris.run_iri(run.id)), _iri(iris.agent_iri(run.version))
    graph.add(node, A, f"<{FG}ExtractionRun>")
    graph.add(node, f"<{PROV}wasAssociatedWith>", agent)
    graph.add(node, f"<{PROV}startedAtTime>", _typed(run.started.isoformat(), "dateTime"))
    graph.add(agent, A, f"<{PROV}SoftwareAgent>")
    graph.add(agent, f"<{RDFS}label>", f"{_text(f'Fengong {run.version}')}@en")
    graph.add(agent, f"<{OWL}versionInfo>", _text(run.version))


def _add_document(graph: _Graph, document: Document, doc: str, run: Run) -> None:
    node = _iri(doc)
    graph.add(node, A, f"<{FG}PolicyDocument>")
    graph.add(node, f"<{FG}key>", _text(document.doc))
    graph.add(node, f"<{PROV}wasGeneratedBy>", _iri(iris.run_iri(run.id)))
    if document.title:
        graph.add(node, f"<{DCTERMS}title>", _zh(document.title))
    if document.number:
        graph.add(node, f"<{DCTERMS}identifier>", _text(document.number))
    if document.date:
        issued = iso_date(document.date)
        graph.add(node, f"<{DCTERMS}issued>", _typed(issued, "date") if issued else _text(document.date))
    for issuer in document.issuers:
        graph.add(node, f"<{DCTERMS}creator>", _iri(iris.department_iri(document.department_named(issuer))))
    if document.jurisdiction:
        graph.add(node, f"<{FG}jurisdiction>", _iri(iris.jurisdiction_iri(document.jurisdiction)))
    # Counted here, where the whole document is at hand, so that listing the documents of
    # a large store reads three numbers each instead of every task and assignment.
    assigned = {assignment.task for assignment in document.assignments}
    graph.add(node, f"<{FG}taskCount>", _typed(len(document.tasks), "integer"))
    graph.add(node, f"<{FG}assignmentCount>", _typed(len(document.assignments), "integer"))
    graph.add(
        node,
        f"<{FG}unassignedCount>",
        _typed(sum(1 for task in document.tasks if task.key not in assigned), "integer"),
    )
    for number, cited in enumerate(document.cites, 1):
        citation = _iri(f"{doc}/citation/{number}")
        graph.add(node, f"<{FG}cites>", citation)
        graph.add(citation, A, f"<{FG}Citation>")
        if cited.title:
            graph.add(citation, f"<{DCTERMS}title>", _text(cited.title))
        if cited.number:
            graph.add(citation, f"<{DCTERMS}identifier>", _text(cited.number))
    # What was read only in part, so that a reader of the graph can check it in the text.
    for number, problem in enumerate((p for p in document.problems if not p.fatal), 1):
        warning = _iri(f"{doc}/warning/{number}")
        graph.add(node, f"<{FG}warning>", warning)
        graph.add(warning, A, f"<{FG}ExtractionWarning>")
        graph.add(warning, f"<{FG}message>", _text(problem.message))
        if problem.line:
            graph.add(warning, f"<{FG}warningLine>", _typed(problem.line, "integer"))


def _add_naming(graph: _Graph, doc: str, department: Department) -> None:
    node = _iri(iris.naming_iri(doc, department))
    graph.add(node, A, f"<{FG}Naming>")
    graph.add(node, f"<{FG}document>", _iri(doc))
    graph.add(node, f"<{FG}denotes>", _iri(iris.department_iri(department)))
    for alias in department.aliases:
        graph.add(node, f"<{FG}writtenAs>", _zh(alias))


def _add_section(graph: _Graph, doc: str, path: tuple[str, ...]) -> str:
    node = _iri(iris.section_iri(doc, path))
    if graph.first(node):
        graph.add(node, A, f"<{FG}Section>")
        graph.add(node, f"<{FG}document>", _iri(doc))
        graph.add(node, f"<{FG}heading>", _text(path[-1]))
        if len(path) > 1:
            graph.add(node, f"<{FG}parent>", _add_section(graph, doc, path[:-1]))
    return node


def _add_span(graph: _Graph, doc: str, span: Span, quote: str | None = None) -> str:
    iri = iris.span_iri(doc, span.start, span.end)
    node = _iri(iri)
    if graph.first(node):
        position = _iri(f"{iri}/position")
        graph.add(node, A, f"<{FG}TextSpan>")
        graph.add(node, f"<{OA}hasSource>", _iri(doc))
        graph.add(node, f"<{FG}line>", _typed(span.line, "integer"))
        graph.add(node, f"<{OA}hasSelector>", position)
        graph.add(position, A, f"<{OA}TextPositionSelector>")
        graph.add(position, f"<{OA}start>", _typed(span.start, "integer"))
        graph.add(position, f"<{OA}end>", _typed(span.end, "integer"))
    if quote is not None:
        exact = _iri(f"{iri}/quote")
        if graph.first(exact):
            graph.add(node, f"<{OA}hasSelector>", exact)
            graph.add(exact, A, f"<{OA}TextQuoteSelector>")
            graph.add(exact, f"<{OA}exact>", _text(quote))
    return node


def _add_task(graph: _Graph, doc: str, task: Task, position: int, keywords: tuple[str, ...]) -> None:
    node = _iri(iris.task_iri(doc, task))
    graph.add(node, A, f"<{FG}Task>")
    graph.add(node, f"<{FG}document>", _iri(doc))
    graph.add(node, f"<{FG}key>", _text(task.key))
    graph.add(node, f"<{FG}number>", _text(task.number))
    graph.add(node, f"<{FG}title>", _text(task.title))
    graph.add(node, f"<{RDFS}label>", _zh(task.title))
    graph.add(node, f"<{FG}text>", _text(task.text))
    graph.add(node, f"<{FG}position>", _typed(position, "integer"))
    graph.add(node, f"<{FG}part>", _text(task.part))
    if task.due:
        _add_deadline(graph, node, task.due)
    if task.path:
        graph.add(node, f"<{FG}parent>", _add_section(graph, doc, task.path))
    for word in dict.fromkeys(keywords):
        graph.add(node, f"<{DCTERMS}subject>", _zh(word))
    graph.add(node, f"<{PROV}wasDerivedFrom>", _add_span(graph, doc, task.span))


def _add_deadline(graph: _Graph, task: str, due: Deadline) -> None:
    graph.add(task, f"<{FG}deadline>", _text(due.written))
    graph.add(task, f"<{FG}deadlineKind>", _iri(deadline_kinds()[due.kind]))
    if due.end:
        graph.add(task, f"<{FG}dueDate>", _typed(due.end, "date"))
    if due.start:
        graph.add(task, f"<{FG}dueStart>", _typed(due.start, "date"))
    if due.every:
        graph.add(task, f"<{FG}dueEvery>", _typed(due.every, "duration"))
    if due.year_from_document:
        graph.add(task, f"<{FG}yearFromDocument>", _boolean(True))
    if due.from_group:
        graph.add(task, f"<{FG}deadlineFromGroup>", _boolean(True))


def _add_assignment(
    graph: _Graph, document: Document, doc: str, task: Task, assignment: Assignment, run: Run
) -> None:
    node = _iri(iris.assignment_iri(doc, task, assignment.mention))
    task_node = _iri(iris.task_iri(doc, task))
    agent = _iri(iris.department_iri(document.department(assignment.department)))
    role = roles()[assignment.role]
    graph.add(node, A, f"<{FG}Assignment>")
    graph.add(node, f"<{FG}task>", task_node)
    graph.add(node, f"<{FG}agent>", agent)
    graph.add(node, f"<{FG}role>", _iri(role.concept))
    graph.add(node, f"<{FG}mention>", _text(assignment.mention))
    graph.add(node, f"<{FG}derived>", _boolean(assignment.derived))
    graph.add(node, f"<{FG}openList>", _boolean(assignment.open_list))
    graph.add(node, f"<{PROV}wasDerivedFrom>", _add_span(graph, doc, assignment.span, assignment.quote))
    graph.add(node, f"<{PROV}wasGeneratedBy>", _iri(iris.run_iri(run.id)))
    graph.add(agent, _iri(role.edge), task_node)
