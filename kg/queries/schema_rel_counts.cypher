// title: 图谱结构·关系数 / Relationships per type and end labels
// description: How many relationships of each type connect each pair of labels; `pairs` is a list of {type, source, target} maps (the explorer passes the schema's pairs). Used by the 图谱结构 view.
// param: pairs: list
UNWIND $pairs AS pair
CALL (pair) {
  MATCH (:$(pair.source))-[r:$(pair.type)]->(:$(pair.target))
  RETURN count(r) AS n
}
RETURN pair.type AS type, pair.source AS source, pair.target AS target, n
ORDER BY type, source, target
