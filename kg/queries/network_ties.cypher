// title: 协同关系边表 / Collaboration ties
// description: Who is tied to whom — collaborations, consortium membership and leadership, workstation hosting and staffing, expert affiliations — optionally only ties with an end in a chain (IN_CHAIN or SERVES); at most max_edges. Used by the explorer's network drawings.
// param: chain: str = null
// param: max_edges: int = 20000
MATCH (a)-[r:COLLABORATES_WITH|MEMBER_OF|LEADS|HOSTED_BY|STATIONED_AT|AFFILIATED_WITH]->(b)
WHERE $chain IS NULL
   OR EXISTS { (a)-[:IN_CHAIN|SERVES]->(:IndustryChain {uid: $chain}) }
   OR EXISTS { (b)-[:IN_CHAIN|SERVES]->(:IndustryChain {uid: $chain}) }
RETURN elementId(a) AS a, a.uid AS a_uid, a.name AS a_name, labels(a)[0] AS a_label,
       elementId(b) AS b, b.uid AS b_uid, b.name AS b_name, labels(b)[0] AS b_label,
       type(r) AS rel, r.type AS detail,
       coalesce(a.sample, false) OR coalesce(b.sample, false) OR coalesce(r.sample, false) AS sample
LIMIT $max_edges
