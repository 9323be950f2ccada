// title: 已存储的合作网络分析 / Stored collaboration analysis
// description: The collaboration analysis kg analyse stored for the whole district (scope "*") or one chain (scope = the chain's uid), with the data version it was computed for, the firms whose research partners are 未掌握 and why each empty answer is empty. No row when none is stored.
// param: scope: str = "*"
MATCH (a:CollabAnalysis {uid: $scope})
RETURN a.version AS version, a.at AS at, a.seconds AS seconds, a.method AS method,
       a.keys AS keys, a.names AS names, a.labels AS labels, a.tiers AS tiers, a.local AS local,
       a.samples AS samples, a.chains_json AS chains_json, a.community AS community,
       a.betweenness AS betweenness, a.constraint AS constraint, a.degree AS degree,
       a.edge_a AS edge_a, a.edge_b AS edge_b, a.edge_weight AS edge_weight, a.edge_kinds AS edge_kinds,
       a.result_json AS result_json,
       a.partners_unknown_json AS partners_unknown_json, a.empty_reasons_json AS empty_reasons_json
