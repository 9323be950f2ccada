// title: 节点属性 / A node's properties
// description: 给定标识和类型的节点的全部属性（含来源），供主体画像使用。
// param: uid: str
// param: label: str = "Enterprise"
// label: uid: 标识
// label: label: 类型
// label: p: 属性
MATCH (n {uid: $uid})
WHERE $label IN labels(n)
RETURN properties(n) AS p
LIMIT 1
