"""The collaboration graphs, read from a small invented store.

Two documents: a 河南省 plan with three tasks and a 苏州市 plan with one. Both
jurisdictions have a 发展改革委; 各省辖市人民政府 is a collective actor.

    henan t1  发展改革委(豫) leads; 工业和信息化厅, 生态环境厅 take part; 各省辖市人民政府 implements
    henan t2  生态环境厅 leads; 工业和信息化厅 takes part; 各省辖市人民政府 implements
    henan t3  发展改革委(豫) and 财政厅 share it (joint)
    suzhou t1 发展改革委(苏) leads; 财政局 takes part
"""

import pytest

from extract.records import Role
from kg.network import (
    Responsibility,
    collaboration_graph,
    lead_load,
    lead_participant_graph,
    rankings,
    responsibilities,
)
from kg.ontology import ONTOLOGY_GRAPH, ontology
from kg.store import Store

ID = "https://w3id.org/fengong/id/"
HENAN, SUZHOU = f"{ID}doc/henan", f"{ID}doc/suzhou"
T1, T2, T3 = (f"{HENAN}/task/t{n}" for n in (1, 2, 3))
S1 = f"{SUZHOU}/task/t1"
FGW = f"{ID}department/410000/fgw"
GXT = f"{ID}department/410000/gxt"
STHJ = f"{ID}department/410000/sthj"
CZT = f"{ID}department/410000/czt"
SZ_FGW = f"{ID}department/320500/fgw"
SZ_CZJ = f"{ID}department/320500/czj"
CITIES = f"{ID}collective/410000/cities"

PREFIXES = """
@base <https://w3id.org/fengong/id/> .
@prefix fg:     <https://w3id.org/fengong/ontology#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix j:      <jurisdiction/> .
@prefix hn:     <department/410000/> .
@prefix sz:     <department/320500/> .
@prefix henan:  <doc/henan/task/> .
@prefix suzhou: <doc/suzhou/task/> .

"""

# Each actor states the counts a build keeps with its description (kg.descriptions), which
# lead_load reads; test_graph checks that a build counts them from the edges.
GRAPHS = {
    HENAN: PREFIXES
    + """
j:410000 a fg:Jurisdiction ; skos:prefLabel "河南省"@zh .
hn:fgw a fg:Department ; fg:jurisdiction j:410000 ; skos:prefLabel "发展改革委"@zh ;
    fg:taskCount 2 ; fg:leadCount 1 ; fg:jointCount 1 ; fg:participantCount 0 ; fg:implementerCount 0 .
hn:gxt a fg:Department ; fg:jurisdiction j:410000 ; skos:prefLabel "工业和信息化厅"@zh ;
    fg:taskCount 2 ; fg:leadCount 0 ; fg:jointCount 0 ; fg:participantCount 2 ; fg:implementerCount 0 .
hn:sthj a fg:Department ; fg:jurisdiction j:410000 ; skos:prefLabel "生态环境厅"@zh ;
    fg:taskCount 2 ; fg:leadCount 1 ; fg:jointCount 0 ; fg:participantCount 1 ; fg:implementerCount 0 .
hn:czt a fg:Department ; fg:jurisdiction j:410000 ; skos:prefLabel "财政厅"@zh ;
    fg:taskCount 1 ; fg:leadCount 0 ; fg:jointCount 1 ; fg:participantCount 0 ; fg:implementerCount 0 .
<collective/410000/cities> a fg:CollectiveActor ; fg:jurisdiction j:410000 ;
    skos:prefLabel "各省辖市人民政府"@zh ;
    fg:taskCount 2 ; fg:leadCount 0 ; fg:jointCount 0 ; fg:participantCount 0 ; fg:implementerCount 2 .

henan:t1 a fg:Task ; fg:document <doc/henan> ; fg:title "推进工业节能降碳" .
henan:t2 a fg:Task ; fg:document <doc/henan> ; fg:title "加强污染物协同治理" .
henan:t3 a fg:Task ; fg:document <doc/henan> ; fg:title "完善绿色金融政策" .

hn:fgw fg:leads henan:t1 ; fg:sharesResponsibilityFor henan:t3 .
hn:gxt fg:participatesIn henan:t1 , henan:t2 .
hn:sthj fg:participatesIn henan:t1 ; fg:leads henan:t2 .
hn:czt fg:sharesResponsibilityFor henan:t3 .
<collective/410000/cities> fg:implements henan:t1 , henan:t2 .
""",
    SUZHOU: PREFIXES
    + """
j:320500 a fg:Jurisdiction ; skos:prefLabel "苏州市"@zh .
sz:fgw a fg:Department ; fg:jurisdiction j:320500 ; skos:prefLabel "发展改革委"@zh ;
    fg:taskCount 1 ; fg:leadCount 1 ; fg:jointCount 0 ; fg:participantCount 0 ; fg:implementerCount 0 .
sz:czj a fg:Department ; fg:jurisdiction j:320500 ; skos:prefLabel "财政局"@zh ;
    fg:taskCount 1 ; fg:leadCount 0 ; fg:jointCount 0 ; fg:participantCount 1 ; fg:implementerCount 0 .

suzhou:t1 a fg:Task ; fg:document <doc/suzhou> ; fg:title "建设零碳产业园区" .

sz:fgw fg:leads suzhou:t1 .
sz:czj fg:participatesIn suzhou:t1 .
""",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("network") / "kg")
    with store.build() as building:
        building.replace_graph(ONTOLOGY_GRAPH, ontology().serialize(format="nt"))
        for graph, turtle in GRAPHS.items():
            building.replace_graph(graph, turtle, format="turtle")
    return store


@pytest.fixture(scope="module")
def held(store) -> list[Responsibility]:
    return responsibilities(store)


def test_one_responsibility_per_direct_edge_with_its_role(held):
    assert [(r.task, r.actor, r.role) for r in held if r.task == T1] == [
        (T1, CITIES, Role.IMPLEMENTER),
        (T1, FGW, Role.LEAD),
        (T1, GXT, Role.PARTICIPANT),
        (T1, STHJ, Role.PARTICIPANT),
    ]
    assert len(held) == 11
    assert {r.role for r in held} == set(Role)


def test_responsibility_names_actor_document_and_jurisdiction(held):
    joint = [r for r in held if r.task == T3 and r.actor == CZT]
    assert joint == [
        Responsibility(
            task=T3,
            document=HENAN,
            actor=CZT,
            name="财政厅",
            jurisdiction="河南省",
            role=Role.JOINT,
            collective=False,
        )
    ]
    assert {r.collective for r in held if r.actor == CITIES} == {True}


def test_departments_sharing_tasks_are_linked_weighted_by_tasks(held):
    graph = collaboration_graph(held)
    assert sorted(graph.edges(data="weight")) == sorted(
        [
            (FGW, GXT, 1),
            (FGW, STHJ, 1),
            (GXT, STHJ, 2),
            (CZT, FGW, 1),
            (SZ_CZJ, SZ_FGW, 1),
        ]
    )
    assert graph.edges[GXT, STHJ]["tasks"] == [T1, T2]


def test_roles_do_not_matter_for_collaboration(held):
    # 财政厅 and 发展改革委 share t3 jointly, with no lead.
    assert collaboration_graph(held).edges[FGW, CZT]["tasks"] == [T3]


def test_node_attributes(held):
    graph = collaboration_graph(held)
    assert graph.nodes[FGW] == {
        "name": "发展改革委",
        "jurisdiction": "河南省",
        "collective": False,
        "lead": 1,
        "tasks": 2,
    }
    assert graph.nodes[GXT]["lead"] == 0
    assert graph.nodes[GXT]["tasks"] == 2


def test_collective_actors_left_out_unless_asked_for(held):
    assert CITIES not in collaboration_graph(held)
    graph = collaboration_graph(held, include_collective=True)
    assert graph.nodes[CITIES]["collective"] is True
    assert dict(graph[CITIES]) == {
        FGW: {"weight": 1, "tasks": [T1]},
        GXT: {"weight": 2, "tasks": [T1, T2]},
        STHJ: {"weight": 2, "tasks": [T1, T2]},
    }


def test_same_name_in_two_jurisdictions_is_two_nodes(held):
    graph = collaboration_graph(held)
    namesakes = [node for node, name in graph.nodes(data="name") if name == "发展改革委"]
    assert sorted(namesakes) == [SZ_FGW, FGW]
    assert not graph.has_edge(FGW, SZ_FGW)
    assert graph.nodes[SZ_FGW]["jurisdiction"] == "苏州市"


def test_nodes_and_edges_come_out_in_a_fixed_order(held):
    graph = collaboration_graph(held)
    again = collaboration_graph(list(reversed(held)))
    assert list(graph.nodes) == list(again.nodes) == sorted(graph.nodes)
    assert list(graph.edges) == list(again.edges)


def test_rankings_by_weighted_degree_then_name(held):
    ranked = rankings(collaboration_graph(held))
    assert [(r.actor, r.degree, r.strength, r.lead) for r in ranked] == [
        (FGW, 3, 3, 1),  # 发展改革委
        (GXT, 2, 3, 0),  # 工业和信息化厅
        (STHJ, 2, 3, 1),  # 生态环境厅
        (SZ_FGW, 1, 1, 1),  # 发展改革委 of 苏州市
        (CZT, 1, 1, 0),  # 财政厅
        (SZ_CZJ, 1, 1, 0),  # 财政局
    ]
    assert [r.actor for r in rankings(collaboration_graph(held), top=2)] == [FGW, GXT]


def test_bridge_department_has_betweenness(held):
    # 发展改革委 alone links 财政厅 to the others of 河南省: 2 of the 10 pairs of the
    # other five departments pass through it.
    betweenness = {r.actor: r.betweenness for r in rankings(collaboration_graph(held))}
    assert betweenness.pop(FGW) == pytest.approx(2 / 10)
    assert set(betweenness.values()) == {0}


def test_more_shared_tasks_mean_a_shorter_path():
    # A and B share one task; each shares three with C: the path through C is the shorter.
    def share(task, *actors):
        return [
            Responsibility(
                task=task, document="d", actor=a, name=a, jurisdiction=None, role=Role.JOINT, collective=False
            )
            for a in actors
        ]

    held = share("ab", "A", "B") + [
        r for n in range(3) for r in share(f"ac{n}", "A", "C") + share(f"bc{n}", "B", "C")
    ]
    betweenness = {r.actor: r.betweenness for r in rankings(collaboration_graph(held))}
    assert betweenness == {"A": 0, "B": 0, "C": 1}


def test_lead_load_counts_tasks_per_role_most_led_first(store):
    loads = [
        (load.actor, load.lead, load.joint, load.participant, load.implementer) for load in lead_load(store)
    ]
    assert loads == [
        (FGW, 1, 1, 0, 0),  # led one each; then by joint tasks, then by name
        (SZ_FGW, 1, 0, 0, 0),
        (STHJ, 1, 0, 1, 0),
        (CZT, 0, 1, 0, 0),
        (CITIES, 0, 0, 0, 2),  # 各省辖市人民政府: collective actors have a load too
        (GXT, 0, 0, 2, 0),
        (SZ_CZJ, 0, 0, 1, 0),
    ]


def test_lead_load_and_rankings_count_the_same_leads(store, held):
    ranked = {r.actor: r.lead for r in rankings(collaboration_graph(held))}
    assert ranked == {load.actor: load.lead for load in lead_load(store) if not load.collective}


def test_lead_points_to_participants(held):
    graph = lead_participant_graph(held)
    assert sorted(graph.edges(data="weight")) == sorted(
        [
            (FGW, GXT, 1),
            (FGW, STHJ, 1),
            (STHJ, GXT, 1),
            (SZ_FGW, SZ_CZJ, 1),
        ]
    )
    assert not graph.has_edge(GXT, STHJ)
    assert graph.edges[STHJ, GXT]["tasks"] == [T2]


def test_joint_holders_and_implementers_get_no_lead_edge(held):
    graph = lead_participant_graph(held, include_collective=True)
    assert graph.degree(CZT) == 0
    assert graph.degree(CITIES) == 0
    assert not graph.has_edge(FGW, CZT)
