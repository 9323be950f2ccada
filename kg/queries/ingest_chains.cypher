// title: 已有产业链 / Chains an import can refer to
// description: 全部产业链的标识和名称：导入时可引用的产业链。
// label: uid: 标识
// label: name: 名称
MATCH (c:IndustryChain)
RETURN c.uid AS uid, coalesce(c.name, c.uid) AS name
