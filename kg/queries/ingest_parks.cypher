// title: 已有园区 / Parks an import can refer to
// description: Every park by uid and name (parks are matched by normalised name).
MATCH (p:Park)
RETURN p.uid AS uid, coalesce(p.name, p.uid) AS name
