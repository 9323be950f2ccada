// title: 已有园区 / Parks an import can refer to
// description: 全部园区的标识和名称（园区按规范化名称匹配）。
// label: uid: 标识
// label: name: 名称
MATCH (p:Park)
RETURN p.uid AS uid, coalesce(p.name, p.uid) AS name
