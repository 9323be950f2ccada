// title: 节点属性 / A node's properties
// description: Every property of the node with this uid and label (provenance included), for a profile page.
// param: uid: str
// param: label: str = "Enterprise"
MATCH (n {uid: $uid})
WHERE $label IN labels(n)
RETURN properties(n) AS p
LIMIT 1
