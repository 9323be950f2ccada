// title: 示例数据与公开数据计数 / Sample vs public counts
// description: 各类型节点中公开数据（有来源）与示例数据各有多少。
MATCH (n)
WHERE NOT n:ImportRun
UNWIND labels(n) AS label
RETURN label, sum(CASE WHEN coalesce(n.sample, false) THEN 0 ELSE 1 END) AS public,
       sum(CASE WHEN coalesce(n.sample, false) THEN 1 ELSE 0 END) AS sample, count(*) AS total
ORDER BY label
