"""A document's records as RDF: the graph that `kg build` stores, one per document.

The plans in tests/fixtures/graph/plans are invented: two of 江西省 that name the same
offices in different ways, one of 甘肃省 that names offices of the same names.
"""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef, namespace
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from extract import Department, extract_document
from kg import iris
from kg.build import build
from kg.descriptions import Descriptions
from kg.mapping import Run, document_nquads
from kg.ontology import PREFIXES, roles
from kg.store import Store
from kg.validate import store_graph, validate

PLANS = Path(__file__).parent / "fixtures" / "graph" / "plans"
RUN = Run("test", "0.0.0", datetime(2026, 1, 1, tzinfo=UTC))
FG, OA = Namespace(PREFIXES["fg"]), Namespace(PREFIXES["oa"])
ROLE_EDGES = {URIRef(terms.edge) for terms in roles().values()}


@pytest.fixture(scope="module")
def documents(plans):
    return {path.stem: extract_document(path) for path in sorted(plans.glob("*.txt"))}


def built(folder: Path, *paths: Path) -> Store:
    store = Store(folder)
    build([str(path) for path in paths], store)
    return store


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Store]:
    """A store of each plan alone, and of all of them ("all")."""
    folder = tmp_path_factory.mktemp("graphs")
    plans = sorted(PLANS.glob("*.txt"))
    found = {path.stem: built(folder / path.stem, path) for path in plans}
    found["all"] = built(folder / "all", *plans)
    return found


@pytest.fixture(scope="module")
def graphs(stores):
    """Each plan's graph as `kg build` stores it: the union of the store's graphs."""
    return {name: store_graph(store) for name, store in stores.items() if name != "all"}


@pytest.fixture(scope="module")
def merged(stores):
    return store_graph(stores["all"])


def department(graph: Graph, name: str) -> URIRef:
    """The one department labelled or aliased `name` in `graph`."""
    found = {
        s
        for p in (SKOS.prefLabel, SKOS.altLabel)
        for s in graph.subjects(p, Literal(name, lang="zh"))
        if (s, RDF.type, FG.Department) in graph
    }
    assert len(found) == 1, (name, found)
    return found.pop()


def task(graph: Graph, title: str) -> URIRef:
    found = set(graph.subjects(FG.title, Literal(title)))
    assert len(found) == 1, (title, found)
    return found.pop()


def test_every_graph_conforms_to_the_shapes(graphs, merged):
    for name, graph in graphs.items():
        assert validate(graph) == [], name
    assert validate(merged) == []


def test_one_office_written_two_ways_in_two_documents_is_one_department(graphs):
    water, air = graphs["jiangxi_water"], graphs["jiangxi_air"]
    assert department(water, "省发展改革委") == department(air, "省发改委")
    assert department(water, "江西省生态环境厅") == department(air, "省生态环境厅")


def test_offices_of_one_name_in_two_jurisdictions_are_two_departments(graphs):
    assert department(graphs["jiangxi_water"], "省水利厅") != department(graphs["gansu_water"], "省水利厅")


def test_a_department_names_its_jurisdiction_kind_and_every_way_it_is_written(graphs):
    graph = graphs["jiangxi_water"]
    node = department(graph, "省工业和信息化厅")
    assert set(graph.objects(node, SKOS.altLabel)) == {Literal("省工信厅", lang="zh")}
    assert graph.value(node, FG.kind) == URIRef(iris.kind_iri("industry-information"))
    place = graph.value(node, FG.jurisdiction)
    assert graph.value(place, SKOS.prefLabel) == Literal("江西省", lang="zh")
    assert place == URIRef("https://w3id.org/fengong/id/jurisdiction/360000")


def test_a_collective_actor_is_not_a_department(graphs):
    graph = graphs["jiangxi_water"]
    actors = set(graph.subjects(SKOS.prefLabel, Literal("各市人民政府", lang="zh")))
    assert len(actors) == 1
    actor = actors.pop()
    assert (actor, RDF.type, FG.CollectiveActor) in graph
    assert (actor, RDF.type, FG.Department) not in graph


def test_each_role_has_its_direct_edge_beside_the_assignment(graphs):
    graph = graphs["jiangxi_water"]
    industry = task(graph, "推进工业废水循环利用")
    edges = {
        (graph.value(s, SKOS.prefLabel), p) for s, p in graph.subject_predicates(industry) if p in ROLE_EDGES
    }
    assert edges == {
        (Literal("省工业和信息化厅", lang="zh"), FG.leads),
        (Literal("省生态环境厅", lang="zh"), FG.participatesIn),
        (Literal("省水利厅", lang="zh"), FG.participatesIn),
        (Literal("各市人民政府", lang="zh"), FG.implements),
    }
    shared = task(graph, "开展节水型企业建设")
    assert {p for _, p in graph.subject_predicates(shared) if p in ROLE_EDGES} == {FG.sharesResponsibilityFor}


def test_an_assignment_carries_its_role_flags_and_the_words_that_say_so(graphs, documents, plans):
    graph = graphs["jiangxi_water"]
    shared = task(graph, "开展节水型企业建设")
    [assignment] = [
        a for a in graph.subjects(FG.task, shared) if graph.value(a, FG.mention) == Literal("省工信厅")
    ]
    assert graph.value(assignment, FG.role) == FG.Joint
    assert graph.value(assignment, FG.openList) == Literal(True)
    assert graph.value(assignment, FG.derived) == Literal(False)
    span = graph.value(assignment, PROV.wasDerivedFrom)
    assert graph.value(span, OA.hasSource) == URIRef(iris.document_iri(documents["jiangxi_water"]))
    selectors = list(graph.objects(span, OA.hasSelector))
    quote = next(graph.value(s, OA.exact) for s in selectors if graph.value(s, OA.exact))
    assert str(quote) == "（省水利厅、省工信厅等按职责分工负责）"
    position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
    text = (plans / "jiangxi_water.txt").read_text(encoding="utf-8")
    start, end = (graph.value(position, OA.start).toPython(), graph.value(position, OA.end).toPython())
    assert text[start:end] == str(quote)


def test_tasks_keep_their_place_text_and_keywords(graphs):
    graph = graphs["jiangxi_water"]
    node = task(graph, "推进灌区节水改造")
    assert graph.value(node, FG.position) == Literal(1)
    assert graph.value(node, FG.number) == Literal("二（一）1")
    section = graph.value(node, FG.parent)
    assert graph.value(section, FG.heading) == Literal("（一）农业节水增效")
    assert graph.value(graph.value(section, FG.parent), FG.heading) == Literal("二、重点任务")
    subjects = {str(s) for s in graph.objects(node, DCTERMS.subject)}
    assert "灌区" in subjects and "省水利厅" not in subjects


def test_a_task_nobody_is_assigned_is_kept(graphs):
    graph = graphs["jiangxi_air"]
    node = task(graph, "开展面源污染治理")
    assert not set(graph.subjects(FG.task, node))


def test_the_document_is_described_with_dcterms_and_its_run(graphs, documents):
    graph = graphs["jiangxi_water"]
    doc = URIRef(iris.document_iri(documents["jiangxi_water"]))
    assert graph.value(doc, FG.key) == Literal("jiangxi_water")
    assert graph.value(doc, DCTERMS.title) == Literal("江西省节约用水行动方案", lang="zh")
    assert graph.value(doc, DCTERMS.identifier) == Literal("赣府厅字〔2024〕7号")
    assert graph.value(doc, DCTERMS.issued) == Literal("2024-03-01", datatype=namespace.XSD.date)
    creator = graph.value(doc, DCTERMS.creator)
    assert graph.value(creator, SKOS.altLabel) == Literal("江西省人民政府办公厅", lang="zh")
    run = graph.value(doc, PROV.wasGeneratedBy)
    assert (run, RDF.type, FG.ExtractionRun) in graph


def test_the_same_document_maps_to_the_same_text():
    document = extract_document(PLANS / "gansu_water.txt")
    assert document_nquads(document, RUN) == document_nquads(document, RUN)


def test_each_department_kind_and_jurisdiction_is_described_once_in_a_graph_of_its_own(stores):
    db = stores["all"].open()
    for described in ("Department", "CollectiveActor", "DepartmentKind", "Jurisdiction"):
        rows = list(
            db.query(f"""SELECT ?node (COUNT(?g) AS ?graphs) (SAMPLE(?g) AS ?graph) WHERE {{
            GRAPH ?g {{ ?node a <{FG}{described}> }} }} GROUP BY ?node""")
        )
        assert rows, described
        for row in rows:
            assert int(row["graphs"].value) == 1 and row["graph"] == row["node"], row


def test_a_department_is_written_every_way_the_documents_write_it(merged):
    # jiangxi_air writes 省发改委, jiangxi_water 省发展改革委: one department, both names.
    node = department(merged, "省发改委")
    assert merged.value(node, SKOS.prefLabel) == Literal("省发展改革委", lang="zh")
    assert (node, FG.jurisdiction, URIRef(iris.BASE + "jurisdiction/360000")) in merged


def test_each_actor_counts_the_tasks_and_documents_that_give_it_a_role(merged):
    edges = [URIRef(role.edge) for role in roles().values()]
    actors = set(merged.subjects(RDF.type, FG.Department)) | set(
        merged.subjects(RDF.type, FG.CollectiveActor)
    )
    for node in actors:
        tasks = {task for edge in edges for task in merged.objects(node, edge)}
        documents = {merged.value(task, FG.document) for task in tasks}
        assert merged.value(node, FG.taskCount).toPython() == len(tasks), node
        assert merged.value(node, FG.documentCount).toPython() == len(documents), node
        for role in roles().values():
            held = set(merged.objects(node, URIRef(role.edge)))
            assert merged.value(node, URIRef(role.count)).toPython() == len(held), (node, role.count)
    # 省发改委 (jiangxi_air) and 省发展改革委 (jiangxi_water): one department, two documents.
    assert merged.value(department(merged, "省发改委"), FG.documentCount).toPython() == 2


def test_removing_a_document_removes_what_only_it_named(tmp_path):
    store = built(
        tmp_path / "kg", PLANS / "jiangxi_water.txt", PLANS / "jiangxi_air.txt", PLANS / "gansu_water.txt"
    )
    before = store_graph(store)
    with store.build(Descriptions()) as writing:
        writing.remove_graph(iris.document_iri(extract_document(PLANS / "jiangxi_air.txt")))
    after = store_graph(store)
    alone = store_graph(built(tmp_path / "alone", PLANS / "jiangxi_water.txt", PLANS / "gansu_water.txt"))
    assert len(after) < len(before)
    assert isomorphic(_without_runs(after), _without_runs(alone))


def _without_runs(graph: Graph) -> Graph:
    """The triples that do not say which run made the graph."""
    runs = set(graph.subjects(RDF.type, FG.ExtractionRun))
    agents = set(graph.subjects(RDF.type, PROV.SoftwareAgent))
    kept = Graph()
    for triple in graph:
        if not {triple[0], triple[2]} & (runs | agents):
            kept.add(triple)
    return kept


def test_a_department_iri_is_its_key_one_to_one():
    def office(key: str, **fields) -> Department:
        defaults = {
            "name": "省水利厅",
            "jurisdiction": "江西省",
            "kind": None,
            "collective": False,
            "aliases": (),
        }
        return Department(key=key, **{**defaults, **fields})

    water = office("江西省|water-resources", kind="water-resources")
    assert iris.department_iri(water) == "https://w3id.org/fengong/id/department/360000/water-resources"
    unknown = {
        iris.department_iri(office(f"江西省|{name}", name=name)) for name in ("省节水中心", "省节水办")
    }
    assert len(unknown) == 2
    everyone = office("江西省|*各有关部门", name="各有关部门", collective=True)
    assert iris.department_iri(everyone).startswith("https://w3id.org/fengong/id/collective/360000/")
