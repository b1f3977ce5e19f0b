"""A document's records as RDF, per ontology.ttl: one graph per document.

Everything a document says lives in its own graph, the departments it names included, so
that building the document again replaces all it contributed and nothing else. A
department named by several documents is described in each; its IRI is the same in all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from extract import Assignment, Deadline, Department, Document, Kind, Span, Task, iso_date, kind

from . import iris
from .ontology import FG, OA, ORG, PREFIXES, deadline_kinds, role_concepts, role_edges


@dataclass(frozen=True)
class Run:
    """One run of the extractor: what the graph's provenance points at."""

    id: str
    version: str
    started: datetime
    ended: datetime


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def document_graph(document: Document, run: Run,
                   keywords: dict[str, tuple[str, ...]] | None = None) -> Graph:
    """The graph of one document. `keywords` maps a task key to its subject words."""
    graph = new_graph()
    doc = URIRef(iris.document_iri(document))
    _add_run(graph, run)
    _add_document(graph, document, doc, run)
    for department in document.departments:
        _add_department(graph, department)
    for position, task in enumerate(document.tasks, 1):
        _add_task(graph, document, doc, task, position, (keywords or {}).get(task.key, ()))
    tasks = {task.key: task for task in document.tasks}
    for assignment in document.assignments:
        _add_assignment(graph, document, doc, tasks[assignment.task], assignment, run)
    return graph


def _add_run(graph: Graph, run: Run) -> None:
    node, agent = URIRef(iris.run_iri(run.id)), URIRef(iris.agent_iri(run.version))
    graph.add((node, RDF.type, FG.ExtractionRun))
    graph.add((node, PROV.wasAssociatedWith, agent))
    graph.add((node, PROV.startedAtTime, Literal(run.started)))
    graph.add((node, PROV.endedAtTime, Literal(run.ended)))
    graph.add((agent, RDF.type, PROV.SoftwareAgent))
    graph.add((agent, RDFS.label, Literal(f"Fengong {run.version}", lang="en")))
    graph.add((agent, OWL.versionInfo, Literal(run.version)))


def _add_document(graph: Graph, document: Document, doc: URIRef, run: Run) -> None:
    graph.add((doc, RDF.type, FG.PolicyDocument))
    graph.add((doc, FG.key, Literal(document.doc)))
    graph.add((doc, PROV.wasGeneratedBy, URIRef(iris.run_iri(run.id))))
    if document.title:
        graph.add((doc, DCTERMS.title, _zh(document.title)))
    if document.number:
        graph.add((doc, DCTERMS.identifier, Literal(document.number)))
    if document.date:
        issued = iso_date(document.date)
        graph.add((doc, DCTERMS.issued,
                   Literal(issued, datatype=XSD.date) if issued else Literal(document.date)))
    for issuer in document.issuers:
        graph.add((doc, DCTERMS.creator, URIRef(iris.department_iri(document.department_named(issuer)))))
    if document.jurisdiction:
        place = URIRef(iris.jurisdiction_iri(document.jurisdiction))
        graph.add((doc, FG.jurisdiction, place))
        _add_jurisdiction(graph, document.jurisdiction)


def _add_jurisdiction(graph: Graph, name: str) -> None:
    place = URIRef(iris.jurisdiction_iri(name))
    graph.add((place, RDF.type, FG.Jurisdiction))
    graph.add((place, SKOS.prefLabel, _zh(name)))


def _add_department(graph: Graph, department: Department) -> None:
    node = URIRef(iris.department_iri(department))
    if department.collective:
        graph.add((node, RDF.type, FG.CollectiveActor))
    else:
        graph.add((node, RDF.type, FG.Department))
        graph.add((node, RDF.type, ORG.Organization))
    graph.add((node, FG.key, Literal(department.key)))
    graph.add((node, SKOS.prefLabel, _zh(department.name)))
    for alias in department.aliases:
        if alias != department.name:
            graph.add((node, SKOS.altLabel, _zh(alias)))
    if department.kind:
        _add_kind(graph, kind(department.kind))
        graph.add((node, FG.kind, URIRef(iris.kind_iri(department.kind))))
    if department.jurisdiction:
        graph.add((node, FG.jurisdiction, URIRef(iris.jurisdiction_iri(department.jurisdiction))))
        _add_jurisdiction(graph, department.jurisdiction)


def _add_kind(graph: Graph, found: Kind) -> None:
    node = URIRef(iris.kind_iri(found.id))
    graph.add((node, RDF.type, FG.DepartmentKind))
    graph.add((node, SKOS.inScheme, FG.DepartmentKinds))
    graph.add((node, SKOS.prefLabel, _zh(found.names[0])))
    graph.add((node, SKOS.prefLabel, Literal(found.en, lang="en")))


def _add_section(graph: Graph, document: Document, doc: URIRef, path: tuple[str, ...]) -> URIRef:
    node = URIRef(iris.section_iri(document, path))
    graph.add((node, RDF.type, FG.Section))
    graph.add((node, FG.document, doc))
    graph.add((node, FG.heading, Literal(path[-1])))
    if len(path) > 1:
        graph.add((node, FG.parent, _add_section(graph, document, doc, path[:-1])))
    return node


def _add_span(graph: Graph, document: Document, doc: URIRef, span: Span,
              quote: str | None = None) -> URIRef:
    node = URIRef(iris.span_iri(document, span.start, span.end))
    position = URIRef(f"{node}/position")
    graph.add((node, RDF.type, FG.TextSpan))
    graph.add((node, OA.hasSource, doc))
    graph.add((node, FG.line, Literal(span.line)))
    graph.add((node, OA.hasSelector, position))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(span.start)))
    graph.add((position, OA.end, Literal(span.end)))
    if quote is not None:
        exact = URIRef(f"{node}/quote")
        graph.add((node, OA.hasSelector, exact))
        graph.add((exact, RDF.type, OA.TextQuoteSelector))
        graph.add((exact, OA.exact, Literal(quote)))
    return node


def _add_task(graph: Graph, document: Document, doc: URIRef, task: Task, position: int,
              keywords: tuple[str, ...]) -> None:
    node = URIRef(iris.task_iri(document, task))
    graph.add((node, RDF.type, FG.Task))
    graph.add((node, FG.document, doc))
    graph.add((node, FG.key, Literal(task.key)))
    graph.add((node, FG.number, Literal(task.number)))
    graph.add((node, FG.title, Literal(task.title)))
    graph.add((node, RDFS.label, _zh(task.title)))
    graph.add((node, FG.text, Literal(task.text)))
    graph.add((node, FG.position, Literal(position)))
    graph.add((node, FG.part, Literal(task.part)))
    if task.due:
        _add_deadline(graph, node, task.due)
    if task.path:
        graph.add((node, FG.parent, _add_section(graph, document, doc, task.path)))
    for word in keywords:
        graph.add((node, DCTERMS.subject, _zh(word)))
    graph.add((node, PROV.wasDerivedFrom, _add_span(graph, document, doc, task.span)))


def _add_deadline(graph: Graph, task: URIRef, due: Deadline) -> None:
    graph.add((task, FG.deadline, Literal(due.written)))
    graph.add((task, FG.deadlineKind, deadline_kinds()[due.kind]))
    if due.end:
        graph.add((task, FG.dueDate, Literal(due.end, datatype=XSD.date)))
    if due.start:
        graph.add((task, FG.dueStart, Literal(due.start, datatype=XSD.date)))
    if due.every:
        graph.add((task, FG.dueEvery, Literal(due.every, datatype=XSD.duration)))
    if due.year_from_document:
        graph.add((task, FG.yearFromDocument, Literal(True)))
    if due.from_group:
        graph.add((task, FG.deadlineFromGroup, Literal(True)))


def _add_assignment(graph: Graph, document: Document, doc: URIRef, task: Task,
                    assignment: Assignment, run: Run) -> None:
    node = URIRef(iris.assignment_iri(document, task, assignment.mention))
    task_node = URIRef(iris.task_iri(document, task))
    agent = URIRef(iris.department_iri(document.department(assignment.department)))
    graph.add((node, RDF.type, FG.Assignment))
    graph.add((node, FG.task, task_node))
    graph.add((node, FG.agent, agent))
    graph.add((node, FG.role, role_concepts()[assignment.role]))
    graph.add((node, FG.mention, Literal(assignment.mention)))
    graph.add((node, FG.derived, Literal(assignment.derived)))
    graph.add((node, FG.openList, Literal(assignment.open_list)))
    graph.add((node, PROV.wasDerivedFrom,
               _add_span(graph, document, doc, assignment.span, assignment.quote)))
    graph.add((node, PROV.wasGeneratedBy, URIRef(iris.run_iri(run.id))))
    graph.add((agent, role_edges()[assignment.role], task_node))
